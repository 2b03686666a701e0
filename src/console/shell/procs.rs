//! The container's processes: procps' `ps` (`-ef`, `-elf` and the bare form) and `pkill`,
//! over what [`crate::engine::entrypoint::processes`] says runs in the container; and the
//! application programs an image ships that podplay does not run
//! ([`crate::engine::images::Program`]).

use crate::engine::entrypoint::{self, Process};
use crate::engine::images::Program;
use crate::engine::time::civil;
use crate::engine::Command;
use crate::i18n::{Lang, Msg};

use super::{Io, Sh};

/// The exit code of a shell whose child died of SIGTERM (128 + 15): PID 1 (`sh -c …`) waits
/// for its only child and exits with that status, so the container ends `Error`.
const TERM_CODE: i32 = 143;

/// `ps`'s UID column: names longer than 8 characters end in `+` (procps `-f` output).
fn uid_column(name: &str) -> String {
    if name.chars().count() > 8 {
        let head: String = name.chars().take(7).collect();
        format!("{head}+")
    } else {
        name.to_string()
    }
}

/// How podplay answers an application program (`zkCli.sh`): `None` for the others.
#[must_use]
pub fn app_program(program: Program, name: &str, image: &str, lang: Lang) -> (i32, Option<String>) {
    match program {
        Program::Healthy => (0, None),
        Program::NotSimulated => (
            0,
            Some(
                Msg::new("console.exec.app")
                    .text(name.rsplit('/').next().unwrap_or(name))
                    .text(image)
                    .render(lang),
            ),
        ),
    }
}

impl Sh<'_> {
    fn processes(&self) -> (Vec<Process>, (i64, String), String, u64) {
        let Some(pod) = self.sim.cluster().pods.get(&self.pod) else {
            return (Vec::new(), (0, String::new()), String::new(), 0);
        };
        let started = pod.status.started_at.unwrap_or_default();
        let unix = self.sim.config().epoch_unix_s + i64::try_from(started.ms() / 1000).unwrap_or(0);
        let (_, _, _, h, mi, _) = civil(unix);
        let up_s = self.sim.now().ms().saturating_sub(started.ms()) / 1000;
        (
            entrypoint::processes(pod),
            entrypoint::user(pod),
            format!("{h:02}:{mi:02}"),
            up_s,
        )
    }

    /// `ps [-ef | -elf]`.
    pub(crate) fn ps(&mut self, args: &[String], io: &mut Io) -> i32 {
        let flags: String = args
            .iter()
            .filter_map(|a| a.strip_prefix('-'))
            .collect::<Vec<_>>()
            .concat();
        if let Some(bad) = flags.chars().find(|c| !"eAflj".contains(*c)) {
            io.err(&format!(
                "error: unsupported SysV option\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n(ps -{bad})"
            ));
            return 1;
        }
        let full = flags.contains('f');
        let long = flags.contains('l');
        let all = flags.contains('e') || flags.contains('A');
        let (procs, (uid_n, user), stime, up_s) = self.processes();
        let uid = uid_column(&user);
        // The JVM has used some CPU since the start; the shell none.
        let cpu = |p: &Process| {
            let s = if p.comm == "java" { up_s / 20 } else { 0 };
            format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        };
        let mut text = String::new();
        match (full, long) {
            (true, true) => text.push_str(
                "F S UID        PID  PPID  C PRI  NI ADDR SZ WCHAN  STIME TTY          TIME CMD\n",
            ),
            (true, false) => {
                text.push_str("UID        PID  PPID  C STIME TTY          TIME CMD\n");
            }
            (false, true) => text.push_str(
                "F S   UID   PID  PPID  C PRI  NI ADDR SZ WCHAN  TTY          TIME CMD\n",
            ),
            (false, false) => text.push_str("  PID TTY          TIME CMD\n"),
        }
        // Without -e, ps shows the processes of its own terminal: none of the container's.
        let shown: Vec<&Process> = if all {
            procs.iter().collect()
        } else {
            Vec::new()
        };
        for p in shown {
            let (f, sz) = if p.pid == 1 {
                (4, 1127)
            } else {
                (0, 1_155_556)
            };
            let tty = "?";
            // procps lets a value wider than its column eat the padding after it (the JVM's
            // SZ pushes WCHAN's).
            let pad = " ".repeat(6usize.saturating_sub(sz.to_string().len().saturating_sub(5)));
            let line = match (full, long) {
                (true, true) => format!(
                    "{f} S {uid:<8} {:>5} {:>5}  0  80   0 - {sz:>5} -{pad}{stime} {tty:<8} {} {}",
                    p.pid,
                    p.ppid,
                    cpu(p),
                    p.cmd
                ),
                (true, false) => format!(
                    "{uid:<8} {:>5} {:>5}  0 {stime} {tty:<8} {} {}",
                    p.pid,
                    p.ppid,
                    cpu(p),
                    p.cmd
                ),
                (false, true) => format!(
                    "{f} S {:>5} {:>5} {:>5}  0  80   0 - {sz:>5} -{pad}{tty:<8} {} {}",
                    uid_n,
                    p.pid,
                    p.ppid,
                    cpu(p),
                    p.comm
                ),
                (false, false) => format!("{:>5} {tty:<8} {} {}", p.pid, cpu(p), p.comm),
            };
            text.push_str(&line);
            text.push('\n');
        }
        io.out(&text);
        0
    }

    /// `pkill NAME`: SIGTERM to the processes whose command name matches. PID 1 has no
    /// handler for it and lives on; a killed child makes PID 1 exit with 143, and the kubelet
    /// restarts the container. Exit 1 when nothing matched (procps).
    pub(crate) fn pkill(&mut self, args: &[String], io: &mut Io) -> i32 {
        let Some(pattern) = args.iter().find(|a| !a.starts_with('-')) else {
            io.err(
                "pkill: no matching criteria specified\nTry `pkill --help' for more information.",
            );
            return 2;
        };
        let (procs, ..) = self.processes();
        let matched: Vec<&Process> = procs
            .iter()
            .filter(|p| p.comm.contains(pattern.as_str()))
            .collect();
        if matched.is_empty() {
            return 1;
        }
        if matched.iter().any(|p| p.pid != 1) {
            self.sim.exec(Command::CrashProcess {
                pod: self.pod.clone(),
                code: TERM_CODE,
            });
        }
        0
    }
}
