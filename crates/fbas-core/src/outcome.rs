//! What an optimisation answers: a minimum with a verified witness, the fact that no set exists,
//! or (budget spent) bounds on the minimum.

use crate::budget::Interrupt;
use crate::report::Bound;

/// Why an analysis has no answer: the budget ran out, or a witness failed its re-check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Interrupted(Interrupt),
    /// A witness produced by the solver failed the plain re-check: a bug, never an answer.
    Internal(String),
}

impl From<Interrupt> for Failure {
    fn from(i: Interrupt) -> Self {
        Failure::Interrupted(i)
    }
}

/// The smallest size of a set with some property, and one such set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Minimum<W> {
    Found {
        size: usize,
        witness: W,
    },
    /// No set has the property ("min of nothing", which the legacy engine reports as 0).
    NoneExists,
    /// The budget ran out: the minimum lies in `lower..=upper`; `witness` has size `upper`.
    Unknown {
        lower: usize,
        upper: Option<usize>,
        witness: Option<W>,
    },
}

impl<W> Minimum<W> {
    /// The number the backend stores: the minimum, 0 when no set exists.
    pub fn bound(&self) -> Bound {
        match self {
            Minimum::Found { size, .. } => Bound::Exact(*size),
            Minimum::NoneExists => Bound::Exact(0),
            Minimum::Unknown { lower, upper, .. } => Bound::Unknown {
                lower: *lower,
                upper: *upper,
            },
        }
    }

    pub fn witness(&self) -> Option<&W> {
        match self {
            Minimum::Found { witness, .. } => Some(witness),
            Minimum::Unknown { witness, .. } => witness.as_ref(),
            Minimum::NoneExists => None,
        }
    }
}
