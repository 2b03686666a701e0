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
    /// The last line was printed without its newline (`--template`, `-o jsonpath`, `echo -n`):
    /// stdout that follows continues it, as on a terminal (`for …; do kubectl get pod "web-$i"
    /// --template '{{…}}'; echo; done` prints one line per pod).
    pub partial: bool,
}

impl Output {
    #[must_use]
    pub fn new() -> Output {
        Output::default()
    }

    fn push(&mut self, stream: Stream, text: &str) {
        let mut parts = text.split('\n');
        if self.partial && stream == Stream::Out {
            if let (Some(first), Some(last)) = (parts.next(), self.lines.last_mut()) {
                last.text.push_str(first);
            }
        }
        self.partial = false;
        for part in parts {
            self.lines.push(Line {
                stream,
                text: part.to_string(),
            });
        }
    }

    /// Prints `text` on stdout without a final newline: what comes next on stdout continues
    /// its last line.
    pub fn out_partial(&mut self, text: &str) {
        self.push(Stream::Out, text);
        self.partial = true;
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
            self.partial = false;
        }
        let mut lines = other.lines.into_iter();
        if self.partial {
            if let Some(first) = lines.next() {
                match self.lines.last_mut() {
                    Some(last) if first.stream == Stream::Out => last.text.push_str(&first.text),
                    _ => self.lines.push(first),
                }
                self.partial = false;
            }
        }
        let had = lines.len() > 0;
        self.lines.extend(lines);
        if had || other.partial {
            self.partial = other.partial;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_output_continues_on_the_next_stdout_text() {
        // Pins a template's unterminated line joined by what follows, and stderr kept apart.
        let mut o = Output::new();
        o.out_partial("nginx:1.19");
        o.out("");
        o.out_partial("a");
        let mut more = Output::new();
        more.out("b");
        o.extend(more);
        o.err("oops");
        assert_eq!(o.text(), "nginx:1.19\nab\noops\n");
        assert!(!o.partial);
    }
}
