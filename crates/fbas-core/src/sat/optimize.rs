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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;

    /// The smallest hitting set of `sets` (subsets of 0..n as bit masks), by trying every subset.
    fn smallest_hitting_set(n: usize, sets: &[u32]) -> usize {
        (0u32..1 << n)
            .filter(|&h| sets.iter().all(|&s| s & h != 0))
            .map(|h| h.count_ones() as usize)
            .min()
            .unwrap_or(0)
    }

    /// Both orders find the minimum, from any proved lower bound below it and with or without a
    /// known first solution: random hitting-set instances against brute force.
    #[test]
    fn both_orders_find_the_minimum() {
        let mut state: u64 = 0x5EED_0F0B;
        let mut next = |m: u64| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (state >> 33) % m
        };
        for case in 0..200 {
            let n = 3 + next(8) as usize;
            let sets: Vec<u32> = (0..1 + next(12))
                .map(|_| 1 + next((1 << n) - 1) as u32)
                .collect();
            let expected = smallest_hitting_set(n, &sets);
            for probe in [Probe::Halving, Probe::FromBelow] {
                for (lower, start_known) in [(0, false), (expected / 2, true)] {
                    let mut sat = Sat::new(&Budget::unlimited());
                    let x: Vec<Lit> = (0..n).map(|_| sat.lit()).collect();
                    for &s in &sets {
                        let hit: Vec<Lit> = (0..n).filter(|&i| s >> i & 1 == 1).map(|i| x[i]).collect();
                        sat.clause(&hit);
                    }
                    let known = start_known.then(|| (vec![true; n], n));
                    let found = minimize_with(
                        &mut sat,
                        &x,
                        probe,
                        lower,
                        known,
                        |sat| {
                            let h: Vec<bool> = x.iter().map(|&l| sat.value(l)).collect();
                            let size = h.iter().filter(|&&b| b).count();
                            Ok((h, size))
                        },
                        |_, _, _| {},
                    )
                    .unwrap();
                    let Minimum::Found { size, witness } = found else {
                        panic!("case {case}, {probe:?}: {found:?}");
                    };
                    assert_eq!(size, expected, "case {case}, {probe:?}, from {lower}");
                    let mask: u32 = (0..n).filter(|&i| witness[i]).map(|i| 1 << i).sum();
                    assert!(sets.iter().all(|&s| s & mask != 0), "case {case}: {witness:?}");
                }
            }
        }
    }
}
