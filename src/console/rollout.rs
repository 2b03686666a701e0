//! rollout / wait (stub: being written).
use super::{Ctx, Job, Output};
pub fn run(_ctx: &mut Ctx<'_>, _w: &[String], _out: &mut Output) -> Option<Box<dyn Job>> { None }
pub fn wait(_ctx: &mut Ctx<'_>, _w: &[String], _out: &mut Output) -> Option<Box<dyn Job>> { None }
