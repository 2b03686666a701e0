//! The apiserver's refusals as kubectl prints them. One place for the text, so the validator's
//! warnings quote exactly what the console's `kubectl apply` prints.

use super::objects::Kind;

/// kubectl's `AddSourceToErr` (kubernetes/kubectl:pkg/cmd/util/helpers.go): a status error
/// other than Invalid gets `error when <verb> "<file>": ` in front of its message.
#[must_use]
pub fn error_when(reason: &str, verb: &str, file: &str, message: &str) -> String {
    format!("Error from server ({reason}): error when {verb} \"{file}\": {message}")
}

/// A NotFound status message: `namespaces "shop" not found` (plural resource, not kind).
#[must_use]
pub fn not_found(resource: &str, name: &str) -> String {
    format!("{resource} \"{name}\" not found")
}

/// A 422 Invalid, which kubectl prints without the file: `The StatefulSet "web" is invalid:
/// spec: Forbidden: …`, several causes as a `* ` list.
#[must_use]
pub fn invalid(kind: Kind, name: &str, causes: &[String]) -> String {
    match causes {
        [one] => format!("The {} \"{name}\" is invalid: {one}", kind.name()),
        _ => {
            let mut s = format!("The {} \"{name}\" is invalid: ", kind.name());
            for c in causes {
                s.push_str("\n* ");
                s.push_str(c);
            }
            s
        }
    }
}
