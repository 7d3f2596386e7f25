//! Optimisation on one solver instance: minimisation (a first model, then a search on the
//! objective's bound, by halving or from below, each step solved under an assumption on one
//! totalizer, so learnt clauses carry over) and enumeration of minimal sets.

use crate::outcome::{Failure, Minimum};
use crate::sat::encode::Counter;
use crate::sat::solver::{Sat, SatLit as Lit};
use std::ops::Range;

/// Which bound a minimisation asks about next, knowing the minimum is in `lo..=hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// The middle, `lo + (hi − lo) / 2`: the fewest calls. A call stopped by the budget is
    /// often the first hard one, and the lower bound is then where it started.
    Halving,
    /// `lo`: every call that ends raises the proved lower bound by one (the calls far below the
    /// minimum are the easy ones), and the first model found is the minimum. The upper bound
    /// is only the model the search started from.
    FromBelow,
}

/// Minimise the number of true `objective` literals subject to the solver's clauses, knowing
/// the minimum is at least `lower`, by halving ([`Probe::Halving`]). `witness` reads (and
/// re-checks) a model, returning the witness and its size (at most the model's objective
/// count); an `Err` from it is an internal error. `known`, a witness already checked and its
/// size, stands for the first model (the search starts below it). A spent budget gives
/// `Minimum::Unknown` with the bounds so far.
pub fn minimize<W>(
    sat: &mut Sat,
    objective: &[Lit],
    lower: usize,
    known: Option<(W, usize)>,
    witness: impl FnMut(&Sat) -> Result<(W, usize), String>,
) -> Result<Minimum<W>, Failure> {
    minimize_with(sat, objective, Probe::Halving, lower, known, witness, |_, _, _| {})
}

/// [`minimize`] asking about the bounds in the order `probe` says, and once the bound's counter
/// exists (after the first model, of size `hi`), `implied(sat, counter, lo..hi)` may add
/// clauses that every solution within each bound of that range satisfies anyway (through
/// `counter.at_most(k)`), to shorten the search's proofs.
pub fn minimize_with<W>(
    sat: &mut Sat,
    objective: &[Lit],
    probe: Probe,
    lower: usize,
    known: Option<(W, usize)>,
    mut witness: impl FnMut(&Sat) -> Result<(W, usize), String>,
    implied: impl FnOnce(&mut Sat, &Counter, Range<usize>),
) -> Result<Minimum<W>, Failure> {
    let mut lo = lower;
    let first = match known {
        Some(known) => known,
        None => match sat.solve(&[]) {
            Ok(true) => witness(sat).map_err(Failure::Internal)?,
            Ok(false) => return Ok(Minimum::NoneExists),
            Err(stop) => {
                return Ok(Minimum::Unknown {
                    lower: lo,
                    upper: None,
                    witness: None,
                    stop,
                })
            }
        },
    };
    let (mut best, mut hi) = first;
    if hi <= lo {
        return Ok(Minimum::Found {
            size: hi,
            witness: best,
        });
    }
    let counter = Counter::new(sat, objective, hi);
    implied(sat, &counter, lo..hi);
    while lo < hi {
        let k = match probe {
            Probe::Halving => lo + (hi - lo) / 2,
            Probe::FromBelow => lo,
        };
        match sat.solve(counter.at_most(k).as_slice()) {
            Ok(true) => {
                let (w, size) = witness(sat).map_err(Failure::Internal)?;
                if size > k {
                    return Err(Failure::Internal(format!(
                        "model of size {size} exceeds the bound {k}"
                    )));
                }
                best = w;
                hi = size;
            }
            Ok(false) => lo = k + 1,
            Err(stop) => {
                return Ok(Minimum::Unknown {
                    lower: lo,
                    upper: Some(hi),
                    witness: Some(best),
                    stop,
                })
            }
        }
    }
    Ok(Minimum::Found {
        size: hi,
        witness: best,
    })
}

/// Up to `limit` minimal sets (each a sorted list of element indices; the list sorted) and
/// whether that is all of them. `shrink` turns the current model into a minimal set (it may
/// call the solver again); every superset of it is then excluded, through the literal that
/// stands for each element's membership in `element`.
pub fn enumerate_minimal(
    sat: &mut Sat,
    limit: usize,
    element: &[Lit],
    mut shrink: impl FnMut(&mut Sat) -> Result<Vec<usize>, Failure>,
) -> Result<(Vec<Vec<usize>>, bool), Failure> {
    let mut found = Vec::new();
    let mut complete = true;
    while sat.solve(&[])? {
        if found.len() == limit {
            complete = false;
            break;
        }
        let set = shrink(sat)?;
        let exclude: Vec<Lit> = set.iter().map(|&e| !element[e]).collect();
        sat.clause(&exclude);
        found.push(set);
    }
    found.sort();
    Ok((found, complete))
}
