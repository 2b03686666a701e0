//! Tab completion (stub: being written).
use super::Console;
#[must_use]
pub fn complete(_console: &Console, _line: &str) -> Vec<String> {
    Vec::new()
}
