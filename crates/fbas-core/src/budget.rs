//! Time, cancellation and solver-memory budgets: every analysis checks its budget between and
//! during SAT calls and answers `Unknown` (with the bounds it has) once the budget is spent.

use crate::clock::Instant;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::sync::Arc;

/// The default cap on one SAT instance's clauses ([`Budget::max_clauses`]): up to about 150 MB
/// of solver memory (one clause, with its share of variables, costs 75-100 bytes in varisat),
/// and twice that for all the instances of one call ([`SHARED_CAPS`]), so that `analyze` stays
/// under 500 MB however many cores run it. No shared real network comes near it (their largest
/// encodings have tens of thousands of clauses); failure cascades over 100 and more
/// organizations exceed it, and without it they take gigabytes.
pub const DEFAULT_MAX_CLAUSES: usize = 1_500_000;

/// The share of an instance's clause cap, as a denominator, that clauses implied by its
/// encoding (added only to shorten proofs) may fill ([`Budget::implied_clauses`]): leaving them
/// out never changes an answer, so they must never be what stops an instance.
pub const IMPLIED_SHARE: usize = 8;

/// How many instances' worth of clauses ([`Budget::max_clauses`]) the live instances of one call
/// hold together at most: two, as many as run at once on two cores, so that a machine with
/// more cores gets the answers of two and the memory of two.
pub const SHARED_CAPS: usize = 2;

/// An optional deadline, an optional cancel flag shared with the caller, and an optional cap on
/// solver memory. The default has no deadline and the [`DEFAULT_MAX_CLAUSES`] cap.
///
/// Clones share everything, the count of clauses held ([`ClausePool`]) included: a budget and
/// its clones are one call's budget, however many analyses run under it at once.
#[derive(Debug, Clone)]
pub struct Budget {
    /// When to stop, on [`crate::clock`].
    pub deadline: Option<Instant>,
    pub cancel: Option<Arc<AtomicBool>>,
    /// The most clauses one SAT instance may hold, learnt clauses included (`None`: no cap);
    /// the live instances under this budget and its clones hold at most [`SHARED_CAPS`] times
    /// as many together ([`Budget::held`]). An instance whose growth would pass either stops
    /// ([`Stop::ClauseCap`]): the values it was to decide are `Unknown`, nothing aborts, and the
    /// other instances go on.
    pub max_clauses: Option<usize>,
    /// The clauses held now by the live instances under this budget and its clones.
    pub held: ClausePool,
}

/// A count of clauses held by live SAT instances, in input-clause equivalents (the solver weighs
/// learnt clauses by length). Each instance adds what it grows by and gives it all back once it
/// stops or is dropped, so the count is what the working instances hold right now. Clones share
/// the count.
#[derive(Debug, Clone, Default)]
pub struct ClausePool(Arc<AtomicIsize>);

impl ClausePool {
    /// Add `delta` (negative: give back).
    pub(crate) fn add(&self, delta: isize) {
        self.0.fetch_add(delta, Ordering::Relaxed);
    }

    /// The clauses held now.
    pub fn total(&self) -> usize {
        self.0.load(Ordering::Relaxed).max(0) as usize
    }
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
            held: ClausePool::default(),
        }
    }
}

impl Budget {
    /// How many implied clauses one instance may get ([`IMPLIED_SHARE`] of its cap).
    pub fn implied_clauses(&self) -> usize {
        self.max_clauses.unwrap_or(DEFAULT_MAX_CLAUSES) / IMPLIED_SHARE
    }

    /// No deadline, no cancel flag, no clause cap.
    pub fn unlimited() -> Self {
        Budget {
            deadline: None,
            cancel: None,
            max_clauses: None,
            held: ClausePool::default(),
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
