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
    /// The last line was written without its newline (a template's output, as
    /// `kubectl get pod x --template '{{.spec.nodeName}}'` prints it): the next text on the same
    /// stream continues that line, so `…; echo` ends it as a terminal shows. Transcripts still
    /// end every line.
    pub open: bool,
}

impl Output {
    #[must_use]
    pub fn new() -> Output {
        Output::default()
    }

    fn push(&mut self, stream: Stream, text: &str) {
        let mut parts = text.split('\n');
        if self.open {
            self.open = false;
            if let Some(last) = self.lines.last_mut().filter(|l| l.stream == stream) {
                last.text.push_str(parts.next().unwrap_or(""));
            }
        }
        for part in parts {
            self.lines.push(Line {
                stream,
                text: part.to_string(),
            });
        }
    }

    /// Prints `text` on stdout without ending its last line (see [`Output::open`]).
    pub fn out_open(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.push(Stream::Out, text);
        self.open = true;
    }

    /// Prints what a template wrote: a final newline ends the last line; without one the line
    /// stays open. Nothing prints for nothing.
    pub fn out_text(&mut self, text: &str) {
        match text.strip_suffix('\n') {
            Some(t) => self.out(t),
            None => self.out_open(text),
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
            self.open = false;
        }
        if other.lines.is_empty() {
            return;
        }
        let mut lines = other.lines.into_iter();
        if self.open {
            if let Some(first) = lines.next() {
                match self.lines.last_mut().filter(|l| l.stream == first.stream) {
                    Some(last) => last.text.push_str(&first.text),
                    None => self.lines.push(first),
                }
            }
        }
        self.lines.extend(lines);
        self.open = other.open;
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
    fn an_open_line_is_continued_by_the_next_text() {
        // Pins `kubectl get pod web-0 --template '{{.spec.nodeName}}'; echo` as one line.
        let mut all = Output::new();
        let mut a = Output::new();
        a.out_text("minikube");
        all.extend(a);
        all.extend(Output::new());
        let mut b = Output::new();
        b.out("");
        all.extend(b);
        let mut c = Output::new();
        c.out_text("x\ny\n");
        all.extend(c);
        assert_eq!(all.text(), "minikube\nx\ny\n");
        let mut d = Output::new();
        d.out_text("a");
        d.err("e");
        d.out("b");
        assert_eq!(d.text(), "a\ne\nb\n");
    }
}
