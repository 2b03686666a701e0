//! `kubectl cordon NODE` and `kubectl uncordon NODE` (`kubectl@1.34:pkg/cmd/drain/drain.go`
//! `RunCordonOrUncordon`): the node's `spec.unschedulable`, reported by the name printer.

use crate::engine::command::{Command, Outcome};

use super::kubectl::{api_error, flags};
use super::{Ctx, Job, Output};

pub fn run(
    ctx: &mut Ctx<'_>,
    words: &[String],
    out: &mut Output,
    cordon: bool,
) -> Option<Box<dyn Job>> {
    let verb = if cordon { "cordon" } else { "uncordon" };
    let args = flags(words, verb, &[], out)?;
    if args.positional.is_empty() {
        out.err(&format!(
            "error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"
        ));
        return None;
    }
    for name in &args.positional {
        let was = ctx.sim.cluster().nodes.get(name).map(|n| n.unschedulable);
        if was == Some(cordon) {
            out.out(&format!("node/{name} already {verb}ed"));
            continue;
        }
        match ctx.sim.exec(Command::Cordon {
            node: name.clone(),
            unschedulable: cordon,
        }) {
            Outcome::Failed(e) => api_error(out, &e),
            _ => out.out(&format!("node/{name} {verb}ed")),
        }
    }
    None
}
