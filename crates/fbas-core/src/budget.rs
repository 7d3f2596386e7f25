//! Time, cancellation and solver-memory budgets: every analysis checks its budget between and
//! during SAT calls and answers `Unknown` (with the bounds it has) once the budget is spent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// The default cap on one SAT instance's clauses ([`Budget::max_clauses`]): about 200 MB of
/// solver memory, so that `analyze` (two instances at once on two cores) stays under 500 MB.
/// No shared real network comes near it (their largest encodings have tens of thousands of
/// clauses); failure cascades over 100 and more organizations exceed it, and without it they
/// take gigabytes.
pub const DEFAULT_MAX_CLAUSES: usize = 1_500_000;

/// An optional deadline, an optional cancel flag shared with the caller, and an optional cap on
/// solver memory. The default has no deadline and the [`DEFAULT_MAX_CLAUSES`] cap.
#[derive(Debug, Clone)]
pub struct Budget {
    pub deadline: Option<Instant>,
    pub cancel: Option<Arc<AtomicBool>>,
    /// The most clauses one SAT instance may be given (`None`: no cap). An instance that would
    /// grow past it stops as if the deadline had passed (reported as [`Interrupt::Timeout`]):
    /// the values it was to decide are `Unknown`, nothing aborts. Clause and variable memory grow
    /// together in the encodings; one clause costs roughly 100-130 bytes in varisat, so
    /// [`DEFAULT_MAX_CLAUSES`] keeps each solver near 200 MB (learnt clauses, which varisat
    /// prunes, come on top).
    pub max_clauses: Option<usize>,
}

/// Why an analysis stopped before it had an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interrupt {
    Timeout,
    Cancelled,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            deadline: None,
            cancel: None,
            max_clauses: Some(DEFAULT_MAX_CLAUSES),
        }
    }
}

impl Budget {
    /// No deadline, no cancel flag, no clause cap.
    pub fn unlimited() -> Self {
        Budget {
            deadline: None,
            cancel: None,
            max_clauses: None,
        }
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
