//! apply/create/delete/scale/patch (stub: being written).
use super::{Ctx, Job, Output};
pub fn apply(_ctx: &mut Ctx<'_>, _w: &[String], _out: &mut Output, _create: bool) -> Option<Box<dyn Job>> { None }
pub fn delete(_ctx: &mut Ctx<'_>, _w: &[String], _out: &mut Output) -> Option<Box<dyn Job>> { None }
pub fn scale(_ctx: &mut Ctx<'_>, _w: &[String], _out: &mut Output) -> Option<Box<dyn Job>> { None }
pub fn patch(_ctx: &mut Ctx<'_>, _w: &[String], _out: &mut Output) -> Option<Box<dyn Job>> { None }
