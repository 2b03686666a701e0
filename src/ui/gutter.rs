//! Line numbers beside the editor. Three text runs (before, the marked line, after) rather than
//! one element per line, so a 100 000-line paste costs one string, not 100 000 nodes.

use std::fmt::Write as _;

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GutterProps {
    pub n_lines: usize,
    /// The line a diagnostic pointed at (1-based).
    #[prop_or_default]
    pub marked_line: Option<u32>,
    /// The scrolling element, which the editor keeps in step with the textarea.
    pub node_ref: NodeRef,
}

#[component]
pub fn Gutter(props: &GutterProps) -> Html {
    let n_lines = props.n_lines.max(1);
    let marked = props
        .marked_line
        .map(|l| l as usize)
        .filter(|l| (1..=n_lines).contains(l));
    let runs = use_memo((n_lines, marked), |&(n_lines, marked)| match marked {
        Some(m) => {
            let mut before = numbers(1, m - 1);
            if m > 1 {
                before.push('\n');
            }
            (before, Some(m), numbers(m + 1, n_lines))
        }
        None => (numbers(1, n_lines), None, String::new()),
    });
    let (before, mark, after) = &*runs;
    html! {
        <div class="gutter" aria-hidden="true" ref={props.node_ref.clone()}>
            <pre class="gutter-lines">
                { before.clone() }
                if let Some(m) = mark {
                    <span class="gutter-mark">{ m.to_string() }</span>
                }
                { after.clone() }
            </pre>
        </div>
    }
}

/// `from`..=`to`, one per line, each but line 1 preceded by its newline.
fn numbers(from: usize, to: usize) -> String {
    let mut out = String::with_capacity(to.saturating_sub(from).saturating_add(1) * 6);
    for n in from..=to {
        if n > 1 {
            out.push('\n');
        }
        let _ = write!(out, "{n}");
    }
    out
}
