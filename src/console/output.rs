//! What a command prints: lines on stdout or stderr, in the order they were written. The browser
//! colours stderr; the script runner interleaves both, as a terminal would.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub stream: Stream,
    pub text: String,
}

/// Printed lines, in order. Text with newlines becomes several lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub lines: Vec<Line>,
    /// `clear` was run: the screen empties before these lines.
    pub clear: bool,
}

impl Output {
    #[must_use]
    pub fn new() -> Output {
        Output::default()
    }

    fn push(&mut self, stream: Stream, text: &str) {
        for part in text.split('\n') {
            self.lines.push(Line {
                stream,
                text: part.to_string(),
            });
        }
    }

    /// Prints `text` (one or more lines) on stdout.
    pub fn out(&mut self, text: &str) {
        self.push(Stream::Out, text);
    }

    /// Prints `text` (one or more lines) on stderr.
    pub fn err(&mut self, text: &str) {
        self.push(Stream::Err, text);
    }

    pub fn extend(&mut self, other: Output) {
        if other.clear {
            self.lines.clear();
            self.clear = true;
        }
        self.lines.extend(other.lines);
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// All lines joined, each ended by a newline (the transcript form).
    #[must_use]
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}
