//! kubectl's table layout: cli-runtime's forked tabwriter (`cli-runtime:pkg/printers/tabwriter.go`,
//! `GetNewTabWriter`: minwidth 6, tabwidth 4, padding 3, padchar ' ', flag `RememberWidths`;
//! reference §9.1 and Appendix C).
//!
//! Every column but the last is padded to `max(6, longest cell + 3)`; the last cell of a line is
//! not tab-terminated, so it is printed as it is. In watch mode the writer remembers each
//! column's width across flushes and a width never shrinks: a long STATUS widens the column for
//! the lines after it, while lines already printed stay as they were.

/// `minwidth` of kubectl's tabwriter.
pub const MIN_WIDTH: usize = 6;
/// `padding` of kubectl's tabwriter.
pub const PADDING: usize = 3;

/// Column widths a writer remembers between flushes (the `RememberWidths` flag).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RememberedWidths {
    widths: Vec<usize>,
}

impl RememberedWidths {
    #[must_use]
    pub fn new() -> RememberedWidths {
        RememberedWidths::default()
    }

    /// Forgets the widths (kubectl does this when it starts a table of another resource type).
    pub fn reset(&mut self) {
        self.widths.clear();
    }

    /// The widths remembered so far, per column (the last column of a line has none).
    #[must_use]
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// Lays out one flush of rows: widths grow to fit these rows (never shrink), and the rows
    /// come back as text lines.
    pub fn flush(&mut self, rows: &[Vec<String>]) -> Vec<String> {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let padded = columns.saturating_sub(1);
        if self.widths.len() < padded {
            self.widths.resize(padded, 0);
        }
        for col in 0..padded {
            let longest = rows
                .iter()
                // Only cells that are followed by another cell are tab-terminated, padded.
                .filter(|r| r.len() > col + 1)
                .map(|r| width_of(&r[col]))
                .max()
                .unwrap_or(0);
            let w = MIN_WIDTH.max(longest + PADDING).max(self.widths[col]);
            self.widths[col] = w;
        }
        rows.iter()
            .map(|r| {
                let mut line = String::new();
                for (i, cell) in r.iter().enumerate() {
                    line.push_str(cell);
                    if i + 1 < r.len() {
                        let pad = self.widths[i].saturating_sub(width_of(cell));
                        line.extend(std::iter::repeat_n(' ', pad));
                    }
                }
                line
            })
            .collect()
    }
}

/// The width tabwriter counts for a cell: its characters (runes).
fn width_of(cell: &str) -> usize {
    cell.chars().count()
}

/// A table printed in one go (`kubectl get` without `-w`): a header (upper-cased, as kubectl's
/// table printer prints column names) and rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names (upper-cased).
    #[must_use]
    pub fn new<S: AsRef<str>>(columns: &[S]) -> Table {
        Table {
            header: columns.iter().map(|c| c.as_ref().to_uppercase()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The lines, header first unless `no_headers`.
    #[must_use]
    pub fn render(&self, no_headers: bool) -> Vec<String> {
        let mut all: Vec<Vec<String>> = Vec::with_capacity(self.rows.len() + 1);
        if !no_headers {
            all.push(self.header.clone());
        }
        all.extend(self.rows.iter().cloned());
        RememberedWidths::new().flush(&all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_string()).collect()
    }

    #[test]
    fn watch_flushes_reproduce_the_reference_block_of_section_3_2() {
        // Pins remembered widths: header and first event in one flush, then one flush per event.
        let mut w = RememberedWidths::new();
        let mut lines = w.flush(&[
            row(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]),
            row(&["web-0", "0/1", "Pending", "0", "0s"]),
        ]);
        for r in [
            ["web-0", "0/1", "Pending", "0", "0s"],
            ["web-0", "0/1", "ContainerCreating", "0", "0s"],
            ["web-0", "1/1", "Running", "0", "2s"],
            ["web-1", "0/1", "Pending", "0", "0s"],
            ["web-1", "0/1", "Pending", "0", "0s"],
            ["web-1", "0/1", "ContainerCreating", "0", "0s"],
            ["web-1", "1/1", "Running", "0", "2s"],
        ] {
            lines.extend(w.flush(&[row(&r)]));
        }
        let want = "\
NAME    READY   STATUS    RESTARTS   AGE
web-0   0/1     Pending   0          0s
web-0   0/1     Pending   0          0s
web-0   0/1     ContainerCreating   0          0s
web-0   1/1     Running             0          2s
web-1   0/1     Pending             0          0s
web-1   0/1     Pending             0          0s
web-1   0/1     ContainerCreating   0          0s
web-1   1/1     Running             0          2s";
        assert_eq!(lines.join("\n"), want);
    }

    #[test]
    fn a_one_shot_table_reproduces_the_svc_block_of_section_4_6() {
        // Pins minwidth 6, padding 3, upper-cased header and the unpadded last column.
        let mut t = Table::new(&[
            "name",
            "type",
            "cluster-ip",
            "external-ip",
            "port(s)",
            "age",
        ]);
        t.push(row(&[
            "kubernetes",
            "ClusterIP",
            "10.96.0.1",
            "<none>",
            "443/TCP",
            "3d",
        ]));
        t.push(row(&[
            "nginx",
            "ClusterIP",
            "None",
            "<none>",
            "80/TCP",
            "12s",
        ]));
        t.push(row(&[
            "web-svc",
            "ClusterIP",
            "10.104.211.95",
            "<none>",
            "80/TCP",
            "12s",
        ]));
        let want = "\
NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE
kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP   3d
nginx        ClusterIP   None            <none>        80/TCP    12s
web-svc      ClusterIP   10.104.211.95   <none>        80/TCP    12s";
        assert_eq!(t.render(false).join("\n"), want);
    }

    #[test]
    fn short_columns_take_the_minimum_width_and_empty_cells_still_pad() {
        // Pins minwidth 6 for narrow columns and for an all-empty column (pv REASON).
        let mut t = Table::new(&["a", "reason", "b"]);
        t.push(row(&["x", "", "y"]));
        assert_eq!(
            t.render(false),
            vec!["A     REASON   B", "x              y"]
        );
        assert_eq!(t.render(true), vec!["x           y"]);
    }

    #[test]
    fn remembered_widths_never_shrink() {
        // Pins that a later, narrower flush keeps the wider width.
        let mut w = RememberedWidths::new();
        w.flush(&[row(&["a-long-name", "x"])]);
        assert_eq!(w.flush(&[row(&["b", "y"])]), vec!["b             y"]);
        assert_eq!(w.widths(), &[14]);
        w.reset();
        assert_eq!(w.flush(&[row(&["b", "y"])]), vec!["b     y"]);
    }
}
