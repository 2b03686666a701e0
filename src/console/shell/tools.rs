//! The programs a container's image ships, in busybox's and GNU coreutils' wording.

use crate::engine::files::FsError;
use crate::engine::images::ImageTraits;
use crate::engine::time::civil;
use crate::engine::Command;

use super::{Flavor, Io, Sh};

/// Directories on `$PATH` (a program named by one of these paths is the same program).
const BIN_DIRS: &[&str] = &[
    "/bin",
    "/usr/bin",
    "/sbin",
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/local/sbin",
];

/// `/bin/cat` → true: the path names a program in a standard directory.
#[must_use]
pub fn standard_dir(program: &str) -> bool {
    match program.rfind('/') {
        Some(i) => BIN_DIRS.contains(&&program[..i]),
        None => true,
    }
}

/// Programs both userlands have.
const COMMON: &[&str] = &[
    "cat", "ls", "echo", "pwd", "hostname", "env", "printenv", "sleep", "date", "rm", "touch",
    "mkdir", "grep", "head", "tail", "wc", "whoami", "clear", "true", "false", "sh", "uname",
    "chmod",
];

/// Whether the image has a program of that name on `$PATH` (shells included): the common
/// commands, plus the tools its row in the image table lists.
#[must_use]
pub fn exists(image: &ImageTraits, program: &str) -> bool {
    if !standard_dir(program) {
        return false;
    }
    let base = program.rsplit('/').next().unwrap_or(program);
    COMMON.contains(&base) || image.has_tool(base)
}

impl Sh<'_> {
    /// Runs a tool the image has; returns its exit status.
    pub(crate) fn tool(
        &mut self,
        name: &str,
        args: &[String],
        stdin: Option<String>,
        io: &mut Io,
    ) -> i32 {
        match name {
            "hostname" => self.hostname_cmd(args, io),
            "cat" => self.cat(args, stdin, io),
            "ls" => self.ls(args, io),
            "echo" => {
                let (newline, words) = match args.first().map(String::as_str) {
                    Some("-n") => (false, &args[1..]),
                    _ => (true, args),
                };
                let mut text = words.join(" ");
                if newline {
                    text.push('\n');
                }
                io.out(&text);
                0
            }
            "pwd" => {
                io.out(&format!("{}\n", self.cwd));
                0
            }
            "env" | "printenv" => {
                let env = self.env();
                if name == "printenv" && !args.is_empty() {
                    let mut status = 0;
                    for a in args {
                        match env.get(a) {
                            Some(v) => io.out(&format!("{v}\n")),
                            None => status = 1,
                        }
                    }
                    return status;
                }
                for (k, v) in env.iter() {
                    io.out(&format!("{k}={v}\n"));
                }
                0
            }
            "sleep" => self.sleep(args, io),
            "date" => {
                let unix = self.sim.config().epoch_unix_s
                    + i64::try_from(self.sim.now().ms() / 1000).unwrap_or(0);
                io.out(&format!("{}\n", date_text(unix)));
                0
            }
            "whoami" => {
                // The container's user (`securityContext.runAsUser`), named from the image.
                let user = self.sim.cluster().pods.get(&self.pod).map_or_else(
                    || "root".to_string(),
                    |p| crate::engine::entrypoint::user(p).1,
                );
                io.out(&format!("{user}\n"));
                0
            }
            "uname" => {
                io.out("Linux\n");
                0
            }
            "clear" | "true" | "mkdir" => 0,
            "false" => 1,
            "rm" => self.rm(args, io),
            "chmod" => self.chmod(args, io),
            "touch" => {
                let mut status = 0;
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    let path = self.abs(f);
                    let outcome = self.write_file(path, String::new(), true);
                    if !matches!(outcome, crate::engine::Outcome::Done) {
                        io.err(&match self.flavor {
                            Flavor::Busybox => format!("touch: {f}: Permission denied"),
                            Flavor::Debian => {
                                format!("touch: cannot touch '{f}': Permission denied")
                            }
                        });
                        status = 1;
                    }
                }
                status
            }
            "grep" | "head" | "tail" | "wc" => self.filter(name, args, stdin, io),
            "ps" => self.ps(args, io),
            "pkill" => self.pkill(args, io),
            "nslookup" => self.nslookup(args, io),
            "wget" => self.wget(args, io),
            "curl" => self.curl(args, io),
            _ => 0,
        }
    }

    fn hostname_cmd(&mut self, args: &[String], io: &mut Io) -> i32 {
        let host = self.hostname();
        let pod = self.sim.cluster().pods.get(&self.pod);
        match args.first().map(String::as_str) {
            Some("-i") => {
                let ip = pod
                    .and_then(|p| p.status.ip)
                    .map(|ip| ip.to_string())
                    .unwrap_or_default();
                io.out(&format!("{ip}\n"));
            }
            Some("-f") => {
                let fqdn = match pod
                    .and_then(|p| p.spec.subdomain.clone())
                    .filter(|s| !s.is_empty())
                {
                    Some(sub) => format!(
                        "{host}.{sub}.{}.svc.{}",
                        self.pod.namespace,
                        crate::engine::network::dns::ZONE
                    ),
                    None => host,
                };
                io.out(&format!("{fqdn}\n"));
            }
            _ => io.out(&format!("{host}\n")),
        }
        0
    }

    fn cat(&mut self, args: &[String], stdin: Option<String>, io: &mut Io) -> i32 {
        let files: Vec<&String> = args
            .iter()
            .filter(|a| a.as_str() == "-" || !a.starts_with('-'))
            .collect();
        if files.is_empty() {
            io.out(&stdin.unwrap_or_default());
            return 0;
        }
        let mut status = 0;
        for f in files {
            if f == "-" {
                io.out(stdin.as_deref().unwrap_or(""));
                continue;
            }
            match self.sim.read_file(&self.pod, &self.abs(f)) {
                Ok(text) => io.out(&text),
                Err(e) => {
                    status = 1;
                    let why = match e {
                        FsError::IsADirectory => "Is a directory",
                        _ => "No such file or directory",
                    };
                    // busybox: `cat: can't open 'x': …` (`bb_simple_perror_msg`, open_or_warn);
                    // a directory opens but fails to read. GNU: `cat: x: …`.
                    io.err(&match (self.flavor, e) {
                        (Flavor::Busybox, FsError::IsADirectory) => {
                            "cat: read error: Is a directory".to_string()
                        }
                        (Flavor::Busybox, _) => format!("cat: can't open '{f}': {why}"),
                        (Flavor::Debian, _) => format!("cat: {f}: {why}"),
                    });
                }
            }
        }
        status
    }

    fn ls(&mut self, args: &[String], io: &mut Io) -> i32 {
        let mut long = false;
        let mut all = false;
        let mut one = false;
        let mut itself = false;
        let mut targets: Vec<&String> = Vec::new();
        for a in args {
            if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
                for c in flags.chars() {
                    match c {
                        'l' => long = true,
                        'a' => all = true,
                        '1' => one = true,
                        'd' => itself = true,
                        _ => {}
                    }
                }
            } else {
                targets.push(a);
            }
        }
        let cwd = self.cwd.clone();
        let dot = ".".to_string();
        if targets.is_empty() {
            targets.push(&dot);
        }
        let many = targets.len() > 1;
        let mut status = 0;
        let mut first = true;
        for t in targets {
            let path = if t == "." { cwd.clone() } else { self.abs(t) };
            match self.sim.list_dir(&self.pod, &path) {
                Ok(entries) => {
                    let is_dir = matches!(
                        self.sim.read_file(&self.pod, &path),
                        Err(FsError::IsADirectory)
                    );
                    // `-d` lists a directory itself, as a file is listed.
                    let is_file = !is_dir || itself;
                    let mut entries: Vec<(String, bool)> = if is_file {
                        vec![(t.clone(), is_dir)]
                    } else {
                        entries
                    };
                    if all && !is_file {
                        entries.insert(0, ("..".into(), true));
                        entries.insert(0, (".".into(), true));
                    }
                    if many && !is_file {
                        if !first {
                            io.out("\n");
                        }
                        io.out(&format!("{t}:\n"));
                    }
                    first = false;
                    if long {
                        self.ls_long(&path, &entries, is_file, io);
                    } else if self.tty && !one {
                        let names: Vec<String> = entries.into_iter().map(|(n, _)| n).collect();
                        io.out(&columns(&names, 80));
                    } else {
                        for (n, _) in entries {
                            io.out(&format!("{n}\n"));
                        }
                    }
                }
                Err(_) => {
                    status = match self.flavor {
                        Flavor::Busybox => 1,
                        Flavor::Debian => 2,
                    };
                    io.err(&match self.flavor {
                        Flavor::Busybox => format!("ls: {t}: No such file or directory"),
                        Flavor::Debian => {
                            format!("ls: cannot access '{t}': No such file or directory")
                        }
                    });
                }
            }
        }
        status
    }

    fn ls_long(&mut self, dir: &str, entries: &[(String, bool)], is_file: bool, io: &mut Io) {
        let unix = self.sim.config().epoch_unix_s;
        let (_, mo, d, h, mi, _) = civil(unix);
        let stamp = format!(
            "{} {d:>2} {h:02}:{mi:02}",
            MONTHS[(mo as usize).saturating_sub(1) % 12]
        );
        let mut rows = Vec::new();
        for (name, is_dir) in entries {
            let size = if *is_dir {
                4096
            } else {
                let path = if is_file {
                    dir.to_string()
                } else {
                    format!("{}/{name}", dir.trim_end_matches('/'))
                };
                self.sim.read_file(&self.pod, &path).map_or(0, |t| t.len())
            };
            let mode = if *is_dir { "drwxr-xr-x" } else { "-rw-r--r--" };
            let path = if is_file {
                dir.to_string()
            } else {
                format!("{}/{name}", dir.trim_end_matches('/'))
            };
            // A directory's links: itself, its parent's entry, and each subdirectory's `..`.
            let links = if *is_dir {
                2 + self
                    .sim
                    .list_dir(&self.pod, &path)
                    .map_or(0, |e| e.iter().filter(|(_, d)| *d).count())
            } else {
                1
            };
            rows.push((mode, links, size, name.clone(), self.owner(&path)));
        }
        match self.flavor {
            Flavor::Busybox => {
                for (mode, links, size, name, owner) in rows {
                    io.out(&format!(
                        "{mode} {links:>4} {owner:<8} {owner:<8} {size:>9} {stamp} {name}\n"
                    ));
                }
            }
            Flavor::Debian => {
                let total: usize = rows.iter().map(|r| r.2.div_ceil(1024).max(4)).sum();
                if !is_file {
                    io.out(&format!("total {total}\n"));
                }
                let w = rows
                    .iter()
                    .map(|r| r.2.to_string().len())
                    .max()
                    .unwrap_or(1);
                for (mode, links, size, name, owner) in rows {
                    io.out(&format!(
                        "{mode} {links} {owner} {owner} {size:>w$} {stamp} {name}\n"
                    ));
                }
            }
        }
    }

    /// Who owns a path (user and group share the name, as `useradd` makes them): what the
    /// container's processes made inside a volume mounted below the mount point is the
    /// container user's; the image's files and the volumes' roots are root's.
    fn owner(&self, path: &str) -> String {
        let Some(pod) = self.sim.cluster().pods.get(&self.pod) else {
            return "root".to_string();
        };
        let (uid, user) = crate::engine::entrypoint::user(pod);
        if uid == 0 {
            return "root".to_string();
        }
        match crate::engine::files::place_of(pod, path) {
            crate::engine::files::Place::Claim { rel, .. }
            | crate::engine::files::Place::EmptyDir { rel, .. }
                if !rel.is_empty() =>
            {
                user
            }
            _ => "root".to_string(),
        }
    }

    fn sleep(&mut self, args: &[String], io: &mut Io) -> i32 {
        let Some(a) = args.first() else {
            io.err(&match self.flavor {
                Flavor::Busybox => "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given".to_string(),
                Flavor::Debian => "sleep: missing operand\nTry 'sleep --help' for more information.".to_string(),
            });
            return 1;
        };
        let ms = a
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| (s * 1000.0).min(86_400_000.0));
        let Some(ms) = ms else {
            io.err(&match self.flavor {
                Flavor::Busybox => format!("sleep: invalid number '{a}'"),
                Flavor::Debian => format!(
                    "sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information."
                ),
            });
            return 1;
        };
        // A bounded, positive number of milliseconds.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let ms = ms as u64;
        let until = self.sim.now().plus_ms(ms);
        self.sim.run_until(until, super::super::MAX_EVENTS_PER_PUMP);
        0
    }

    /// `chmod MODE FILE...`: file modes are not modelled, so it only checks that each file is
    /// there (the StatefulSet tutorial's note runs `chmod 755 /usr/share/nginx/html`).
    fn chmod(&mut self, args: &[String], io: &mut Io) -> i32 {
        let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let Some((_mode, files)) = operands.split_first().filter(|(_, f)| !f.is_empty()) else {
            io.err(&match self.flavor {
                Flavor::Busybox => "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: chmod [-Rcvf] MODE[,MODE]... FILE...".to_string(),
                Flavor::Debian => match operands.first() {
                    Some(m) => format!("chmod: missing operand after '{m}'\nTry 'chmod --help' for more information."),
                    None => "chmod: missing operand\nTry 'chmod --help' for more information.".to_string(),
                },
            });
            return 1;
        };
        let mut status = 0;
        for f in files {
            let path = self.abs(f);
            if self.sim.list_dir(&self.pod, &path).is_err() {
                status = 1;
                io.err(&match self.flavor {
                    Flavor::Busybox => format!("chmod: {f}: No such file or directory"),
                    Flavor::Debian => {
                        format!("chmod: cannot access '{f}': No such file or directory")
                    }
                });
            }
        }
        status
    }

    fn rm(&mut self, args: &[String], io: &mut Io) -> i32 {
        let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
        let mut status = 0;
        for f in args.iter().filter(|a| !a.starts_with('-')) {
            let path = self.abs(f);
            let outcome = self.sim.exec(Command::RemoveFile {
                pod: self.pod.clone(),
                path,
            });
            if !matches!(outcome, crate::engine::Outcome::Done) && !force {
                status = 1;
                io.err(&match self.flavor {
                    Flavor::Busybox => format!("rm: can't remove '{f}': No such file or directory"),
                    Flavor::Debian => format!("rm: cannot remove '{f}': No such file or directory"),
                });
            }
        }
        status
    }

    fn filter(&mut self, name: &str, args: &[String], stdin: Option<String>, io: &mut Io) -> i32 {
        let text = stdin.unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        match name {
            "grep" => {
                let invert = args.iter().any(|a| a == "-v");
                let icase = args.iter().any(|a| a == "-i");
                let Some(pat) = args.iter().find(|a| !a.starts_with('-')) else {
                    io.err("Usage: grep [OPTION]... PATTERNS [FILE]...");
                    return 2;
                };
                let pat = if icase {
                    pat.to_lowercase()
                } else {
                    pat.clone()
                };
                let mut found = false;
                for l in lines {
                    let hay = if icase {
                        l.to_lowercase()
                    } else {
                        l.to_string()
                    };
                    if hay.contains(&pat) != invert {
                        found = true;
                        io.out(&format!("{l}\n"));
                    }
                }
                i32::from(!found)
            }
            "head" | "tail" => {
                let n = count(args).unwrap_or(10);
                let pick: Vec<&str> = if name == "head" {
                    lines.into_iter().take(n).collect()
                } else {
                    let skip = lines.len().saturating_sub(n);
                    lines.into_iter().skip(skip).collect()
                };
                for l in pick {
                    io.out(&format!("{l}\n"));
                }
                0
            }
            _ => {
                // `wc -c` counts bytes and `-w` words; otherwise lines.
                let n = if args.iter().any(|a| a == "-c") {
                    text.len()
                } else if args.iter().any(|a| a == "-w") {
                    text.split_whitespace().count()
                } else {
                    lines.len()
                };
                io.out(&format!("{n}\n"));
                0
            }
        }
    }
}

fn count(args: &[String]) -> Option<usize> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-n" {
            return it.next().and_then(|v| v.parse().ok());
        }
        if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix('-')) {
            if let Ok(n) = v.parse() {
                return Some(n);
            }
        }
    }
    None
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// `date`'s default format in the C locale, `%a %b %e %H:%M:%S %Z %Y` (busybox and coreutils
/// agree), in UTC.
#[must_use]
pub fn date_text(unix_s: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(unix_s);
    let weekday = DAYS[usize::try_from(unix_s.div_euclid(86_400).rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[(mo as usize).saturating_sub(1) % 12];
    format!("{weekday} {month} {d:>2} {h:02}:{mi:02}:{s:02} UTC {y}")
}

/// `ls` on a terminal: names in columns, filled top to bottom (as GNU ls and busybox lay them
/// out), two spaces apart, within `width`.
#[must_use]
pub fn columns(names: &[String], width: usize) -> String {
    if names.is_empty() {
        return String::new();
    }
    let n = names.len();
    let mut best_rows = n;
    for rows in 1..=n {
        let cols = n.div_ceil(rows);
        let mut total = 0;
        for c in 0..cols {
            let w = (c * rows..((c + 1) * rows).min(n))
                .map(|i| names[i].chars().count())
                .max()
                .unwrap_or(0);
            total += w + if c + 1 < cols { 2 } else { 0 };
        }
        if total <= width {
            best_rows = rows;
            break;
        }
    }
    let rows = best_rows;
    let cols = n.div_ceil(rows);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            (c * rows..((c + 1) * rows).min(n))
                .map(|i| names[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in 0..rows {
        let mut line = String::new();
        for (c, w) in widths.iter().enumerate() {
            let i = c * rows + r;
            if i >= n {
                break;
            }
            let last = c + 1 == cols || (c + 1) * rows + r >= n;
            if last {
                line.push_str(&names[i]);
            } else {
                line.push_str(&format!("{:<width$}  ", names[i], width = w));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prints_the_c_locale_default_in_utc() {
        // Pins `date` at the simulation's epoch (2025-11-25T10:00:00Z was a Tuesday).
        assert_eq!(
            date_text(crate::engine::time::DEFAULT_EPOCH_UNIX_S),
            "Tue Nov 25 10:00:00 UTC 2025"
        );
        assert_eq!(date_text(0), "Thu Jan  1 00:00:00 UTC 1970");
    }

    #[test]
    fn ls_on_a_terminal_fills_columns_top_to_bottom() {
        // Pins the column layout of `ls /` in an interactive session.
        let names: Vec<String> = [
            "bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            columns(&names, 80),
            "bin  dev  etc  home  proc  root  sys  tmp  usr  var\n"
        );
        assert_eq!(
            columns(&names, 20),
            "bin  home  sys  var\ndev  proc  tmp\netc  root  usr\n"
        );
        let busybox = crate::engine::images::traits("busybox");
        let nginx = crate::engine::images::traits("nginx");
        assert!(exists(busybox, "/bin/cat"));
        assert!(!exists(busybox, "curl"));
        assert!(!exists(nginx, "nslookup"));
        assert!(exists(
            crate::engine::images::traits("registry.k8s.io/nginx-slim:0.7"),
            "curl"
        ));
    }
}
