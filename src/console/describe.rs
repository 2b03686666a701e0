//! `kubectl describe` (stub: being written).
use super::{Ctx, Output};
pub fn run(_ctx: &mut Ctx<'_>, _words: &[String], _out: &mut Output) {}
