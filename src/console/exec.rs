//! `kubectl exec` and `kubectl run` (stub: being written).
use super::{Ctx, Job, Output};
pub fn exec(_ctx: &mut Ctx<'_>, _words: &[String], _out: &mut Output) -> Option<Box<dyn Job>> {
    None
}
pub fn run(_ctx: &mut Ctx<'_>, _words: &[String], _out: &mut Output) -> Option<Box<dyn Job>> {
    None
}
