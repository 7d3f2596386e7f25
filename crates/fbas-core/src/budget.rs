//! Time, cancellation and solver-memory budgets: every analysis checks its budget between and
//! during SAT calls and answers `Unknown` (with the bounds it has) once the budget is spent.

use crate::clock::Instant;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
    /// When to stop, on [`crate::clock`].
    pub deadline: Option<Instant>,
    pub cancel: Option<Arc<AtomicBool>>,
    /// The most clauses one SAT instance may be given (`None`: no cap). An instance that would
    /// grow past it stops ([`Stop::ClauseCap`]): the values it was to decide are `Unknown`,
    /// nothing aborts. Clause and variable memory grow
    /// together in the encodings; one clause costs roughly 100-130 bytes in varisat, so
    /// [`DEFAULT_MAX_CLAUSES`] keeps each solver near 200 MB (learnt clauses, which varisat
    /// prunes, come on top).
    pub max_clauses: Option<usize>,
}

/// Why an analysis stopped before it had an answer. Several at once are reported as
/// [`Stop::first`] picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stop {
    /// The deadline passed.
    Deadline,
    /// The caller cancelled (the cancel flag was set).
    Cancelled,
    /// A SAT instance would have grown past [`Budget::max_clauses`].
    ClauseCap,
}

impl Stop {
    /// The reason to report when several analyses stopped: cancellation first (the caller
    /// asked), then the deadline, then the clause cap.
    pub fn first(stops: impl IntoIterator<Item = Stop>) -> Option<Stop> {
        stops.into_iter().min_by_key(|s| match s {
            Stop::Cancelled => 0,
            Stop::Deadline => 1,
            Stop::ClauseCap => 2,
        })
    }

    /// The reason's name in reports (`deadline`, `cancelled`, `clause-cap`).
    pub fn name(self) -> &'static str {
        match self {
            Stop::Deadline => "deadline",
            Stop::Cancelled => "cancelled",
            Stop::ClauseCap => "clause-cap",
        }
    }
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

    /// This budget with its deadline moved to `1/parts` of the time left (the cancel flag and
    /// the clause cap shared): for a step whose result helps but is not needed.
    pub fn share(&self, parts: u32) -> Budget {
        let now = Instant::now();
        Budget {
            deadline: self.deadline.map(|d| now + (d - now) / parts.max(1)),
            ..self.clone()
        }
    }

    /// `Some(why)` once the time is up or the caller cancelled ([`Stop::Deadline`] or
    /// [`Stop::Cancelled`]; the clause cap is checked by the solver as it grows).
    pub fn check(&self) -> Option<Stop> {
        if let Some(flag) = &self.cancel {
            if flag.load(Ordering::Relaxed) {
                return Some(Stop::Cancelled);
            }
        }
        match self.deadline {
            Some(d) if Instant::now() >= d => Some(Stop::Deadline),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_share_ends_at_its_part_of_the_time_left_and_keeps_the_rest() {
        let now = Instant::now();
        let budget = Budget {
            deadline: Some(now + Duration::from_secs(40)),
            ..Budget::default()
        };
        let quarter = budget.share(4).deadline.unwrap();
        assert!(quarter > now + Duration::from_secs(9) && quarter <= now + Duration::from_secs(11));
        assert_eq!(budget.share(4).max_clauses, budget.max_clauses);
        assert!(Budget::unlimited().share(4).deadline.is_none());
    }
}
