//! One diagnostic: a button showing line:col, a severity badge and the message, as text only
//! (messages quote the learner's text, which may look like HTML).

use yew::prelude::*;

use crate::manifest::Severity;

#[derive(Properties, PartialEq)]
pub struct DiagnosticRowProps {
    pub line: u32,
    pub col: u32,
    pub severity: Severity,
    /// The severity word in the page's language.
    pub severity_label: AttrValue,
    /// The message, already rendered in the page's language.
    pub message: AttrValue,
    /// Asked to show `(line, col)` in the editor.
    pub on_focus: Callback<(u32, u32)>,
}

#[component]
pub fn DiagnosticRow(props: &DiagnosticRowProps) -> Html {
    let on_click = {
        let (line, col) = (props.line, props.col);
        props.on_focus.reform(move |_: MouseEvent| (line, col))
    };
    let word = props.severity.word();
    html! {
        <li class={classes!("diagnostic", word)}>
            <button
                type="button"
                class="diagnostic-button"
                data-testid="diagnostic"
                data-line={props.line.to_string()}
                data-col={props.col.to_string()}
                data-severity={word}
                onclick={on_click}
            >
                <span class="diagnostic-pos">{ format!("{}:{}", props.line, props.col) }</span>
                <span class={classes!("badge", word)}>{ props.severity_label.clone() }</span>
                <span class="diagnostic-msg">{ props.message.clone() }</span>
            </button>
        </li>
    }
}
