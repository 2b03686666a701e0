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
    /// Lines an explanation points at.
    #[prop_or_default]
    pub highlight: std::rc::Rc<[u32]>,
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
    let runs = use_memo(
        (n_lines, marked, props.highlight.clone()),
        |(n_lines, marked, highlight)| runs(*n_lines, *marked, highlight),
    );
    html! {
        <div class="gutter" aria-hidden="true" ref={props.node_ref.clone()}>
            <pre class="gutter-lines">
                { for runs.iter().map(|(text, class)| match class {
                    Some(class) => html! { <span class={*class}>{ text.clone() }</span> },
                    None => html! { { text.clone() } },
                }) }
            </pre>
        </div>
    }
}

/// The gutter as text runs: plain numbers, and single marked lines (the diagnostic's, or an
/// explanation's) in their own span.
fn runs(
    n_lines: usize,
    marked: Option<usize>,
    highlight: &[u32],
) -> Vec<(String, Option<&'static str>)> {
    let mut special: Vec<(usize, &'static str)> = highlight
        .iter()
        .map(|l| *l as usize)
        .filter(|l| (1..=n_lines).contains(l) && Some(*l) != marked)
        .map(|l| (l, "gutter-why"))
        .collect();
    if let Some(m) = marked {
        special.push((m, "gutter-mark"));
    }
    special.sort_unstable();
    let mut out = Vec::new();
    let mut next = 1;
    for (line, class) in special {
        if line > next {
            let mut plain = numbers(next, line - 1);
            plain.push('\n');
            out.push((plain, None));
        } else if line > 1 {
            out.push(("\n".to_string(), None));
        }
        out.push((line.to_string(), Some(class)));
        next = line + 1;
    }
    if next <= n_lines {
        let mut rest = String::new();
        if next > 1 {
            rest.push('\n');
        }
        rest.push_str(numbers(next, n_lines).trim_start_matches('\n'));
        out.push((rest, None));
    }
    out
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
