//! Time and cancellation budgets: every analysis checks its budget between and during SAT calls
//! and answers `Unknown` (with the bounds it has) once the budget is spent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// An optional deadline plus an optional cancel flag shared with the caller.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    pub deadline: Option<Instant>,
    pub cancel: Option<Arc<AtomicBool>>,
}

/// Why an analysis stopped before it had an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interrupt {
    Timeout,
    Cancelled,
}

impl Budget {
    /// No deadline, no cancel flag.
    pub fn unlimited() -> Self {
        Budget::default()
    }

    /// `Some(why)` once the budget is spent.
    pub fn check(&self) -> Option<Interrupt> {
        if let Some(flag) = &self.cancel {
            if flag.load(Ordering::Relaxed) {
                return Some(Interrupt::Cancelled);
            }
        }
        match self.deadline {
            Some(d) if Instant::now() >= d => Some(Interrupt::Timeout),
            _ => None,
        }
    }
}
