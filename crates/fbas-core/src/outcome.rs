//! What an optimisation answers: a minimum with a verified witness, the fact that no set exists,
//! or (budget spent) bounds on the minimum.

use crate::budget::Stop;
use crate::report::Bound;

/// Why an analysis has no answer: the budget stopped it before it had any bound beyond the
/// trivial one, or a witness failed its re-check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Stopped(Stop),
    /// A witness produced by the solver failed the plain re-check: a bug, never an answer.
    Internal(String),
}

impl From<Stop> for Failure {
    fn from(why: Stop) -> Self {
        Failure::Stopped(why)
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
    /// The budget ran out (`stop` says why): the minimum lies in `lower..=upper`; `witness` has
    /// size `upper`.
    Unknown {
        lower: usize,
        upper: Option<usize>,
        witness: Option<W>,
        stop: Stop,
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

    /// The bound and why it is unknown, when it is.
    pub fn min_size(&self) -> (Bound, Option<Stop>) {
        (self.bound(), self.stop())
    }

    /// Why the search stopped, when it did.
    pub fn stop(&self) -> Option<Stop> {
        match self {
            Minimum::Unknown { stop, .. } => Some(*stop),
            _ => None,
        }
    }

    pub fn witness(&self) -> Option<&W> {
        match self {
            Minimum::Found { witness, .. } => Some(witness),
            Minimum::Unknown { witness, .. } => witness.as_ref(),
            Minimum::NoneExists => None,
        }
    }

    /// The same answer with its witness `w` of size `size` (the minimum, or the upper bound)
    /// replaced by `f(w, size)`; the first error of `f` instead.
    pub fn try_map_witness<V, E>(
        self,
        mut f: impl FnMut(W, usize) -> Result<V, E>,
    ) -> Result<Minimum<V>, E> {
        Ok(match self {
            Minimum::Found { size, witness } => Minimum::Found {
                size,
                witness: f(witness, size)?,
            },
            Minimum::NoneExists => Minimum::NoneExists,
            Minimum::Unknown {
                lower,
                upper,
                witness,
                stop,
            } => Minimum::Unknown {
                lower,
                upper,
                witness: match (witness, upper) {
                    (Some(w), Some(u)) => Some(f(w, u)?),
                    _ => None,
                },
                stop,
            },
        })
    }
}
