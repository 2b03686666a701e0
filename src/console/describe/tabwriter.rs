//! Go's `text/tabwriter` as `kubectl describe` configures it (`tabbedString` in
//! `kubectl@1.34:pkg/describe/describe.go`: `Init(buf, 0, 8, 2, ' ', 0)`), plus the
//! `PrefixWriter` that indents by two spaces per level.
//!
//! Semantics reproduced (`go/src/text/tabwriter/tabwriter.go`): a cell is text ended by a tab;
//! the text after a line's last tab is not part of any column. A column block is a run of
//! consecutive lines that all have a cell in that column; its width is the widest cell plus the
//! padding (2). A line without tabs ends every block (Go flushes there). `Flush` (which
//! `DescribeEvents` calls before the events table) formats what came before on its own.

/// Cell padding of describe's tabwriter.
const PADDING: usize = 2;

/// Text as a Go `PrefixWriter` over a tabwriter receives it, with flush points.
#[derive(Debug, Default)]
pub struct Writer {
    done: String,
    pending: String,
}

impl Writer {
    #[must_use]
    pub fn new() -> Writer {
        Writer::default()
    }

    /// `w.Write(level, text)`: `text` (with `\t` and `\n` as Go writes them) after two spaces
    /// per level.
    pub fn write(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.pending.push_str("  ");
        }
        self.pending.push_str(text);
    }

    /// `w.WriteLine(text)`: the text and a newline, no indentation.
    pub fn line(&mut self, text: &str) {
        self.pending.push_str(text);
        self.pending.push('\n');
    }

    /// `w.Flush()`: what was written so far is aligned on its own.
    pub fn flush(&mut self) {
        let text = std::mem::take(&mut self.pending);
        self.done.push_str(&align(&text));
    }

    /// The aligned text.
    #[must_use]
    pub fn finish(mut self) -> String {
        self.flush();
        self.done
    }
}

fn width(cell: &str) -> usize {
    cell.chars().count()
}

/// Aligns `text` as one tabwriter buffer followed by `Flush`.
#[must_use]
pub fn align(text: &str) -> String {
    let mut lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
    // The text after the final newline is an unfinished line (empty when the text ends in one).
    let tail = lines.pop().unwrap_or_default();
    let mut out = String::new();
    let mut widths = Vec::new();
    format(&lines, &mut widths, 0, lines.len(), &mut out);
    out.push_str(&tail.join(""));
    out
}

fn format(
    lines: &[Vec<&str>],
    widths: &mut Vec<usize>,
    line0: usize,
    line1: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut line0 = line0;
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(lines, widths, line0, this, out);
        line0 = this;
        let mut w = 0;
        while this < line1 && column + 1 < lines[this].len() {
            w = w.max(width(lines[this][column]) + PADDING);
            this += 1;
        }
        widths.push(w);
        format(lines, widths, line0, this, out);
        widths.pop();
        line0 = this;
        this += 1;
    }
    write_lines(lines, widths, line0, line1, out);
}

fn write_lines(
    lines: &[Vec<&str>],
    widths: &[usize],
    line0: usize,
    line1: usize,
    out: &mut String,
) {
    for line in lines.iter().take(line1).skip(line0) {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(&w) = widths.get(j) {
                for _ in width(cell)..w {
                    out.push(' ');
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_per_block_of_tabbed_lines() {
        // Pins Go tabwriter blocks: a tab-less line ends a block; padding is 2.
        let text = "Name:\tweb-0\nService Account:\tdefault\nIPs:\n  IP:\t10.244.0.3\nControlled By:\tStatefulSet/web\n";
        assert_eq!(
            align(text),
            "Name:             web-0\nService Account:  default\nIPs:\n  IP:           10.244.0.3\nControlled By:  StatefulSet/web\n"
        );
    }

    #[test]
    fn an_empty_last_cell_leaves_the_padding() {
        // Pins trailing spaces after `IP:` with no value, as kubectl prints them.
        assert_eq!(align("IP:\t\nIPs:\t<none>\n"), "IP:   \nIPs:  <none>\n");
    }

    #[test]
    fn inner_columns_have_their_own_blocks() {
        // Pins nested column blocks: the Status column only spans rows that have it.
        let text = "  Type\tStatus\tReason\n  Available \tTrue\tMin\nOldReplicaSets:\t<none>\n";
        assert_eq!(
            align(text),
            "  Type           Status  Reason\n  Available      True    Min\nOldReplicaSets:  <none>\n"
        );
    }
}
