//! Helpers for tests that drive the console: real example files, a console with files, and a
//! command's stdout and stderr.

use std::collections::BTreeMap;

use podplay::console::{Console, MemFiles, Output, Stream};

/// A real example manifest from `../shared/examples` (never shipped with the page).
pub fn example(name: &str) -> String {
    let path = format!("{}/../shared/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A console (seed 7) whose files are `files`, after running `start`.
pub fn console_with(start: &str, files: &[(&str, String)]) -> Console {
    let files: BTreeMap<String, String> = files
        .iter()
        .map(|(n, t)| ((*n).to_string(), t.clone()))
        .collect();
    let mut c = Console::new(7, Box::new(MemFiles(files)));
    c.submit(start);
    c
}

/// The lines of one stream, each ended by a newline.
pub fn stream(o: &Output, s: Stream) -> String {
    o.lines
        .iter()
        .filter(|l| l.stream == s)
        .map(|l| format!("{}\n", l.text))
        .collect()
}

/// (stdout, stderr) of one command line.
pub fn run(c: &mut Console, line: &str) -> (String, String) {
    let o = c.submit(line);
    (stream(&o, Stream::Out), stream(&o, Stream::Err))
}

/// The stdout of one command line that must print nothing on stderr.
pub fn out(c: &mut Console, line: &str) -> String {
    let (o, e) = run(c, line);
    assert_eq!(e, "", "stderr of {line}");
    o
}
