//! The seed tutorial's manifests, verbatim, for the example picker and the tests.

/// One example the page can load into the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable id (used in URLs, storage and tests).
    pub id: &'static str,
    /// The translation-table id of its title.
    pub title_id: &'static str,
    /// File name, as the tutorial calls it.
    pub file: &'static str,
    pub text: &'static str,
}

pub const HEADLESS_SERVICE: &str = include_str!("../fixtures/manifests/headless-service.yaml");
pub const STATEFULSET: &str = include_str!("../fixtures/manifests/statefulset.yaml");
pub const DEPLOYMENT_SERVICE: &str = include_str!("../fixtures/manifests/deployment-service.yaml");

pub const EXAMPLES: [Example; 3] = [
    Example {
        id: "headless",
        title_id: "ui.example.headless",
        file: "headless-service.yaml",
        text: HEADLESS_SERVICE,
    },
    Example {
        id: "statefulset",
        title_id: "ui.example.statefulset",
        file: "statefulset.yaml",
        text: STATEFULSET,
    },
    Example {
        id: "deployment",
        title_id: "ui.example.deployment",
        file: "deployment-service.yaml",
        text: DEPLOYMENT_SERVICE,
    },
];

/// All three files pasted together, separated as a learner would paste them.
#[must_use]
pub fn all_together() -> String {
    let mut out = String::new();
    for (i, ex) in EXAMPLES.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(ex.text);
        if !ex.text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The text of an example by id (`all` for the three together).
#[must_use]
pub fn text_of(id: &str) -> Option<String> {
    if id == "all" {
        return Some(all_together());
    }
    EXAMPLES
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.text.to_string())
}
