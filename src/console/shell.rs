//! A shell inside a container (stub: being written).
use crate::engine::{Key, Simulation};
use super::Output;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Continue,
    Exit,
}

/// An interactive shell session in a pod's container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub pod: Key,
}

impl Session {
    #[must_use]
    pub fn prompt(&self) -> String {
        "/ # ".to_string()
    }
    pub fn run_line(&mut self, _sim: &mut Simulation, _line: &str, _out: &mut Output) -> Step {
        Step::Exit
    }
    pub fn close(self, _sim: &mut Simulation, _out: &mut Output) {}
}
