//! The console's clock: lines in ([`Console::submit`], continuing an incomplete one), virtual
//! time out ([`Console::pump`], [`Console::finish`], [`Console::idle_until`]). The foreground
//! line and every background job are fed after each instant of cluster events, so their output
//! interleaves in virtual-time order.

use super::{Advance, Exec, Running};
use crate::console::shell::{self, Io};
use crate::console::{sh, Console, Output, Poll, MAX_EVENTS_PER_PUMP, WATCH_LIMIT_MS};
use crate::engine::Time;
use crate::i18n::Msg;

impl Console {
    /// Runs one command line; an incomplete one (open quote, `for` without `done`, a
    /// here-document without its delimiter) waits for more under the `> ` prompt. Output that
    /// comes later (a watch) arrives through `pump`.
    pub fn submit(&mut self, line: &str) -> Output {
        let mut out = Output::new();
        if self.fg.as_ref().is_some_and(Exec::trailing_delay) {
            // The last kubectl call's round trip passes before the next line starts.
            out = self.finish();
        }
        if self.fg.is_some() {
            // A line typed while a command runs goes nowhere, as in a terminal with no reader.
            return out;
        }
        if self.session.is_some() {
            self.container_line(line, &mut out);
            return out;
        }
        let text = if self.sh.pending.is_empty() {
            line.trim().to_string()
        } else {
            format!("{}\n{line}", self.sh.pending)
        };
        if text.trim().is_empty() {
            self.sh.pending.clear();
            return out;
        }
        let list = match sh::parse(&text) {
            Err(sh::Error::Incomplete { .. }) => {
                self.sh.pending = text;
                return out;
            }
            Err(e) => {
                self.sh.pending.clear();
                self.history.push(text.trim().to_string());
                out.err(&self.parse_error(&e));
                self.sh.status = 2;
                return out;
            }
            Ok(list) => list,
        };
        self.sh.pending.clear();
        self.history.push(text.trim().to_string());
        self.sh.line_steps = 0;
        self.fg = Some(Exec::new(&list, self.sh.vars.clone(), self.sh.status));
        let mut io = Io::default();
        self.advance_fg(&mut io);
        io.flush(&mut out);
        out
    }

    /// A command is still running (its output streams in as [`Console::pump`] is called); the
    /// round trip after a line's last kubectl call does not count.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.fg.as_ref().is_some_and(|ex| !ex.trailing_delay())
    }

    fn parse_error(&self, e: &sh::Error) -> String {
        match e {
            sh::Error::Unsupported(w) => Msg::new("console.shell.unsupported")
                .text(w)
                .render(self.lang),
            e => format!("bash: {}", super::syntax_message(e)),
        }
    }

    /// The script ended while a command was still incomplete (bash reading a file).
    pub fn end_of_input(&mut self) -> Output {
        let mut out = Output::new();
        if !self.sh.pending.is_empty() {
            let text = std::mem::take(&mut self.sh.pending);
            if let Err(e) = sh::parse(&text) {
                out.err(&self.parse_error(&e));
            }
        }
        out
    }

    fn container_line(&mut self, line: &str, out: &mut Output) {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            self.history.push(trimmed.to_string());
        }
        let (Some(session), Some(sim)) = (self.session.as_mut(), self.sim.as_mut()) else {
            self.session = None;
            return;
        };
        if session.run_line(sim, line, out) == shell::Step::Exit {
            if let Some(session) = self.session.take() {
                session.close(sim, out);
            }
        }
    }

    /// Runs the foreground line on until it waits or ends.
    fn advance_fg(&mut self, io: &mut Io) {
        let Some(mut ex) = self.fg.take() else {
            return;
        };
        match ex.run(self, io) {
            Advance::Waiting => self.fg = Some(ex),
            Advance::Done => self.end_fg(ex, io),
            Advance::Shell(s) => {
                self.end_fg(ex, io);
                self.session = Some(s);
            }
        }
    }

    fn end_fg(&mut self, ex: Exec, io: &mut Io) {
        self.sh.vars = ex.vars;
        self.sh.status = ex.status;
        io.append(std::mem::take(&mut self.sh.bg_out));
        for n in std::mem::take(&mut self.sh.notices) {
            io.err(&n);
        }
    }

    /// Runs the cluster on to virtual time `until` (at most), feeding the running line and the
    /// background jobs; stops early when the line ends. Returns what they printed.
    pub fn pump(&mut self, until: Time) -> Output {
        let mut io = Io::default();
        while let Some(mut ex) = self.fg.take() {
            if let Some(mut r) = ex.job.take() {
                match self.run_jobs(Some(&mut r), &mut io, false, until) {
                    None => {
                        ex.job = Some(r);
                        self.fg = Some(ex);
                        break;
                    }
                    Some(Poll::Shell(s)) => {
                        self.end_fg(ex, &mut io);
                        self.session = Some(s);
                        break;
                    }
                    Some(_) => ex.job_done(&r),
                }
            }
            self.fg = Some(ex);
            self.advance_fg(&mut io);
        }
        io.append(std::mem::take(&mut self.sh.bg_out));
        let mut out = Output::new();
        io.flush(&mut out);
        out
    }

    /// Runs the running line to its end (the script runner's way).
    pub fn finish(&mut self) -> Output {
        let mut out = Output::new();
        // Every job ends: at its deadline, when the cluster settles, or by the watch limit.
        for _ in 0..64 {
            if self.fg.is_none() {
                break;
            }
            let now = self
                .sim
                .as_ref()
                .map_or(Time::ZERO, crate::engine::Simulation::now);
            out.extend(self.pump(now.plus_ms(WATCH_LIMIT_MS)));
        }
        if let Some(ex) = self.fg.take() {
            // Only a cluster that never settles gets here; end it as a timeout would.
            let mut io = Io::default();
            self.end_fg(ex, &mut io);
            io.flush(&mut out);
        }
        out
    }

    /// Ctrl-C: stops the running line (or abandons an incomplete one).
    pub fn interrupt(&mut self) -> Output {
        let mut out = Output::new();
        if let Some(mut ex) = self.fg.take() {
            out.out("^C");
            let mut io = Io::default();
            if let (Some(mut r), Some(sim)) = (ex.job.take(), self.sim.as_mut()) {
                let _ = r.feed(sim, &mut io, |j, s, o| j.interrupt(s, o));
            }
            ex.status = 130;
            self.end_fg(ex, &mut io);
            io.flush(&mut out);
        } else if !self.sh.pending.is_empty() {
            self.sh.pending.clear();
            out.out("^C");
        }
        out
    }

    /// Ctrl-C at the `> ` prompt: the unfinished command is dropped.
    pub fn discard_pending(&mut self) {
        self.sh.pending.clear();
    }

    /// Lets virtual time pass while no line runs (the browser's clock between commands);
    /// returns what background jobs printed meanwhile.
    pub fn idle_until(&mut self, until: Time) -> Output {
        if self.fg.is_some() {
            return self.pump(until);
        }
        let mut io = Io::default();
        if self.sim.is_some() {
            let _ = self.run_jobs(None, &mut io, false, until);
        }
        io.append(std::mem::take(&mut self.sh.bg_out));
        let mut out = Output::new();
        io.flush(&mut out);
        out
    }

    /// Runs `r` to its end at once (inside `$(…)`, a pipe, a redirection); background jobs
    /// keep running meanwhile and print to the terminal.
    pub(crate) fn drive(&mut self, r: &mut Running, io: &mut Io) {
        let Some(sim) = self.sim.as_mut() else {
            return;
        };
        if !r.wait_bg && !matches!(r.feed(sim, io, |j, s, o| j.poll(s, o)), Poll::Pending) {
            return;
        }
        for _ in 0..64 {
            let Some(now) = self.sim.as_ref().map(crate::engine::Simulation::now) else {
                return;
            };
            if self
                .run_jobs(Some(r), io, true, now.plus_ms(WATCH_LIMIT_MS))
                .is_some()
            {
                return;
            }
        }
    }

    /// The earliest deadline among `job`, the background jobs and the parked terminals.
    fn deadline(&self, job: Option<&Running>) -> Option<Time> {
        let mut d = job.and_then(Running::deadline);
        if let Some(x) = self.parked_deadline() {
            d = Some(d.map_or(x, |y| y.min(x)));
        }
        for b in &self.sh.bg {
            if let Some(x) = b.exec.job.as_ref().and_then(Running::deadline) {
                d = Some(d.map_or(x, |y| y.min(x)));
            }
        }
        d
    }

    /// Advances the cluster towards `until`, feeding `job` and the background jobs after each
    /// instant. `Some` when `job` ended (how), `None` when `until` came first.
    fn run_jobs(
        &mut self,
        mut job: Option<&mut Running>,
        io: &mut Io,
        capture: bool,
        until: Time,
    ) -> Option<Poll> {
        let mut budget = MAX_EVENTS_PER_PUMP;
        // A command's own writes (a delete's deletionTimestamp) reach a watch at once, before
        // any event the write scheduled: feed the background jobs at the present instant first.
        if let Some(now) = self.sim.as_ref().map(crate::engine::Simulation::now) {
            let next = self
                .sim
                .as_ref()
                .and_then(crate::engine::Simulation::next_event_time);
            self.poll_bg(now, next, io, capture);
            self.poll_parked(now, next);
        }
        loop {
            let deadline = self.deadline(job.as_deref());
            let Some(sim) = self.sim.as_mut() else {
                return job.map(|_| Poll::Done);
            };
            let next = sim.next_event_time();
            let due = match (next, deadline) {
                (Some(n), Some(d)) => Some(n.min(d)),
                (n, d) => n.or(d),
            };
            let t = match due {
                None => {
                    let Some(r) = job.as_deref_mut() else {
                        sim.run_until(until, 1);
                        return None;
                    };
                    if r.wait_bg {
                        return Some(Poll::Done);
                    }
                    if !capture && !self.parked.is_empty() {
                        // Another terminal may still act on the cluster: keep waiting.
                        sim.run_until(until, 1);
                        return None;
                    }
                    return match r.feed(sim, io, |j, s, o| j.settle(s, o)) {
                        Poll::Pending => None,
                        p => Some(p),
                    };
                }
                Some(t) if t > until => {
                    sim.run_until(until, budget);
                    return None;
                }
                Some(t) => t,
            };
            let run = sim.run_until(t, budget);
            budget = budget.saturating_sub(run.n_events);
            if budget == 0 {
                if job.is_some() {
                    io.err(&Msg::new("console.too.busy").render(self.lang));
                    return Some(Poll::Done);
                }
                return None;
            }
            self.poll_bg(t, next, io, capture);
            self.poll_parked(t, next);
            if let Some(r) = job.as_deref_mut() {
                if r.wait_bg {
                    if self.sh.bg.is_empty() {
                        return Some(Poll::Done);
                    }
                    continue;
                }
                let sim = self.sim.as_mut()?;
                let expire = r.deadline().is_some_and(|d| d <= t) && next.is_none_or(|n| n > t);
                let p = if expire {
                    r.feed(sim, io, |j, s, o| j.expire(s, o))
                } else {
                    r.feed(sim, io, |j, s, o| j.poll(s, o))
                };
                if !matches!(p, Poll::Pending) {
                    return Some(p);
                }
            }
        }
    }

    /// One instant for the terminal in front while it is fed as a parked one: its background
    /// jobs, then its running line (which goes on with its program when the command ended).
    pub(crate) fn feed_front(&mut self, t: Time, next: Option<Time>, io: &mut Io) {
        self.poll_bg(t, next, io, false);
        if let Some(mut ex) = self.fg.take() {
            if let (Some(mut r), Some(sim)) = (ex.job.take(), self.sim.as_mut()) {
                let expire = r.deadline().is_some_and(|d| d <= t) && next.is_none_or(|n| n > t);
                let p = if expire {
                    r.feed(sim, io, |j, s, o| j.expire(s, o))
                } else {
                    r.feed(sim, io, |j, s, o| j.poll(s, o))
                };
                match p {
                    Poll::Pending => {
                        ex.job = Some(r);
                        self.fg = Some(ex);
                        return;
                    }
                    Poll::Shell(s) => {
                        self.end_fg(ex, io);
                        self.session = Some(s);
                        return;
                    }
                    Poll::Done => ex.job_done(&r),
                }
            }
            self.fg = Some(ex);
            self.advance_fg(io);
        }
        io.append(std::mem::take(&mut self.sh.bg_out));
    }

    /// Feeds each background job after the instant `t`; a job whose command ended continues
    /// its program, and one whose program ended leaves a `Done` notice.
    fn poll_bg(&mut self, t: Time, next: Option<Time>, io: &mut Io, capture: bool) {
        let mut i = 0;
        while i < self.sh.bg.len() {
            let mut bio = Io::default();
            let ended_cmd = match (self.sh.bg[i].exec.job.as_mut(), self.sim.as_mut()) {
                (Some(r), Some(sim)) if !r.wait_bg => {
                    let expire = r.deadline().is_some_and(|d| d <= t) && next.is_none_or(|n| n > t);
                    let p = if expire {
                        r.feed(sim, &mut bio, |j, s, o| j.expire(s, o))
                    } else {
                        r.feed(sim, &mut bio, |j, s, o| j.poll(s, o))
                    };
                    !matches!(p, Poll::Pending)
                }
                (Some(_), Some(_)) => self.sh.bg.len() == 1,
                _ => true,
            };
            let mut ended = false;
            if ended_cmd {
                let mut b = self.sh.bg.remove(i);
                if let Some(r) = b.exec.job.take() {
                    b.exec.job_done(&r);
                }
                let advance = b.exec.run(self, &mut bio);
                ended = !matches!(advance, Advance::Waiting);
                i = i.min(self.sh.bg.len());
                self.sh.bg.insert(i, b);
            }
            if capture {
                self.sh.bg_out.append(bio);
            } else {
                io.append(bio);
            }
            if ended {
                let notice = self.bg_notice(i, None);
                self.sh.bg.remove(i);
                self.sh.notices.push(notice);
            } else {
                i += 1;
            }
        }
    }

    /// bash's job notice: `[1]+  Done                    kubectl get pods -w`.
    pub(crate) fn bg_notice(&self, i: usize, state: Option<&str>) -> String {
        let Some(b) = self.sh.bg.get(i) else {
            return String::new();
        };
        let state = match state {
            Some(s) => s.to_string(),
            None if b.exec.status == 0 => "Done".to_string(),
            None => format!("Exit {}", b.exec.status),
        };
        format!(
            "[{}]{}  {state:<24}{}",
            b.id,
            super::builtins::mark(i, self.sh.bg.len()),
            b.text
        )
    }

    /// `kill %N`: the job's command is interrupted and the job leaves the table.
    pub(crate) fn kill_bg(&mut self, i: usize) {
        if i >= self.sh.bg.len() {
            return;
        }
        let mut b = self.sh.bg.remove(i);
        if let (Some(mut r), Some(sim)) = (b.exec.job.take(), self.sim.as_mut()) {
            let mut discard = Io::default();
            let _ = r.feed(sim, &mut discard, |j, s, o| j.interrupt(s, o));
        }
    }
}
