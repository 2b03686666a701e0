//! Several terminals on one console, as a learner opens a second terminal to watch while the
//! first one acts: each has its own foreground line, container shell, history and host shell;
//! all share the cluster and the files. The terminal in front is the console's own state; the
//! others are parked and swapped in whenever they are fed (after each virtual instant) or
//! brought to the front.

use super::shell::Io;
use super::{Console, Output, Tty};
use crate::engine::Time;

impl Console {
    /// The id of the terminal in front (the first terminal is 1).
    #[must_use]
    pub fn terminal(&self) -> u32 {
        self.tty_id
    }

    /// Every terminal's id, oldest first.
    #[must_use]
    pub fn terminals(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = self.parked.iter().map(|t| t.id).collect();
        ids.push(self.tty_id);
        ids.sort_unstable();
        ids
    }

    /// Opens another terminal (behind the one in front); returns its id. Ids are never reused.
    pub fn open_terminal(&mut self) -> u32 {
        let id = self.next_tty;
        self.next_tty += 1;
        self.parked.push(Tty::new(id, self.seed));
        id
    }

    /// Brings terminal `id` to the front; false when there is none.
    pub fn select_terminal(&mut self, id: u32) -> bool {
        if id == self.tty_id {
            return true;
        }
        let Some(pos) = self.parked.iter().position(|t| t.id == id) else {
            return false;
        };
        let mut tty = self.parked.remove(pos);
        self.swap_tty(&mut tty);
        self.parked.push(tty);
        self.parked.sort_by_key(|t| t.id);
        true
    }

    /// Closes terminal `id`: what runs in it ends, as when a terminal window is closed. The
    /// last terminal stays; closing the one in front brings its neighbour (the next, else the
    /// one before) to the front. False when nothing was closed.
    pub fn close_terminal(&mut self, id: u32) -> bool {
        if id == self.tty_id {
            let ids = self.terminals();
            let next = ids
                .iter()
                .find(|&&i| i > id)
                .or_else(|| ids.iter().rev().find(|&&i| i < id));
            match next {
                Some(&n) => {
                    self.select_terminal(n);
                }
                None => return false,
            }
        }
        let Some(pos) = self.parked.iter().position(|t| t.id == id) else {
            return false;
        };
        let mut tty = self.parked.remove(pos);
        self.swap_tty(&mut tty);
        let _ = self.interrupt();
        while !self.sh.bg.is_empty() {
            self.kill_bg(0);
        }
        self.session = None;
        self.swap_tty(&mut tty);
        true
    }

    /// Whether a command runs in terminal `id` (the round trip after its last kubectl call
    /// aside).
    #[must_use]
    pub fn is_busy_in(&self, id: u32) -> bool {
        if id == self.tty_id {
            return self.is_busy();
        }
        self.parked
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| t.fg.as_ref())
            .is_some_and(|ex| !ex.trailing_delay())
    }

    /// What terminal `id` printed while it was not in front, since the last call.
    pub fn take_output(&mut self, id: u32) -> Output {
        let mut out = Output::new();
        if let Some(t) = self.parked.iter_mut().find(|t| t.id == id) {
            std::mem::take(&mut t.out).flush(&mut out);
        }
        out
    }

    /// Exchanges the terminal in front with `t`.
    fn swap_tty(&mut self, t: &mut Tty) {
        std::mem::swap(&mut self.tty_id, &mut t.id);
        std::mem::swap(&mut self.fg, &mut t.fg);
        std::mem::swap(&mut self.session, &mut t.session);
        std::mem::swap(&mut self.history, &mut t.history);
        std::mem::swap(&mut self.sh, &mut t.sh);
        std::mem::swap(&mut self.stdin, &mut t.stdin);
    }

    /// The earliest deadline of what runs in the parked terminals.
    pub(crate) fn parked_deadline(&self) -> Option<Time> {
        self.parked
            .iter()
            .flat_map(|t| {
                let fg = t.fg.as_ref().and_then(|ex| ex.job.as_ref());
                fg.into_iter()
                    .chain(t.sh.bg.iter().filter_map(|b| b.exec.job.as_ref()))
            })
            .filter_map(super::host::Running::deadline)
            .min()
    }

    /// Feeds each parked terminal after the instant `t` (its background jobs, then its line);
    /// what they print waits in their own buffers. While a parked terminal is in front for
    /// this, the others are out of reach, so a command it runs to its end at once does not
    /// feed them again.
    pub(crate) fn poll_parked(&mut self, t: Time, next: Option<Time>) {
        let mut parked = std::mem::take(&mut self.parked);
        for tty in &mut parked {
            if tty.fg.is_none() && tty.sh.bg.is_empty() {
                continue;
            }
            self.swap_tty(tty);
            let mut io = Io::default();
            self.feed_front(t, next, &mut io);
            self.swap_tty(tty);
            tty.out.append(io);
        }
        self.parked = parked;
    }
}
