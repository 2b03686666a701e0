//! `kubectl get` (stub: being written).
use super::{Ctx, Job, Output};
pub fn run(_ctx: &mut Ctx<'_>, _words: &[String], _out: &mut Output) -> Option<Box<dyn Job>> {
    None
}
