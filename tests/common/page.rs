//! A page's session driven as the page drives it: intents in, and the clock's frames (100 ms of
//! wall time each unless said) that let virtual time run on.

use podplay::examples;
use podplay::session::{Changed, Intent, Session, DEFAULT_SEED};

pub struct Page {
    pub s: Session,
    /// The page clock's last frame (ms).
    pub wall: f64,
}

impl Page {
    /// The first load: the seed in the editor, the clock's first frame.
    pub fn new() -> Page {
        Page::with(&examples::all_together(), 1.0)
    }

    pub fn with(text: &str, base_speed: f64) -> Page {
        let mut s = Session::new(text, DEFAULT_SEED, base_speed);
        s.dispatch(Intent::Advance(0.0));
        Page { s, wall: 0.0 }
    }

    pub fn send(&mut self, intent: Intent) -> Changed {
        self.s.dispatch(intent)
    }

    /// Submits `line` to the console (it may still be running after this).
    pub fn run(&mut self, line: &str) {
        self.send(Intent::Run(line.to_string()));
    }

    /// Submits `line` and lets time pass until the console's prompt is back.
    pub fn run_done(&mut self, line: &str) {
        self.run(line);
        assert!(
            self.run_until(600, |s| !s.console_busy()),
            "{line} never ended"
        );
    }

    /// One frame `ms` of wall time after the last.
    pub fn frame(&mut self, ms: f64) -> Changed {
        self.wall += ms;
        self.s.dispatch(Intent::Advance(self.wall))
    }

    /// `secs` seconds of wall time in 100 ms frames.
    pub fn run_secs(&mut self, secs: u64) {
        for _ in 0..secs * 10 {
            self.frame(100.0);
        }
    }

    /// Frames of 100 ms until `done` holds (true) or `secs` seconds passed (false).
    pub fn run_until(&mut self, secs: u64, done: impl Fn(&Session) -> bool) -> bool {
        for _ in 0..secs * 10 {
            if done(&self.s) {
                return true;
            }
            self.frame(100.0);
        }
        done(&self.s)
    }

    /// The live cluster's clock to exactly `t` (at speed 1 a wall ms is a virtual ms).
    pub fn run_to(&mut self, t: u64) {
        while self.s.now().ms() < t {
            let dt = (t - self.s.now().ms()).min(1000);
            #[allow(clippy::cast_precision_loss)]
            self.frame(dt as f64);
        }
        assert_eq!(self.s.now().ms(), t);
    }
}
