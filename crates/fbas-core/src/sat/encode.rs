//! SAT encodings of the FBAS notions. Thresholds become totalizer circuits (one per distinct
//! quorum set, never an enumeration of slices); everything is encoded in the one direction the
//! analyses need (a literal *implies* its threshold), which keeps the circuits small.

use crate::network::fbas::Fbas;
use crate::sat::solver::{Sat, SatLit as Lit};

/// Unary counter over `inputs` (a totalizer): `outputs[k-1]` stands for "at least k inputs are
/// true", counted up to `cap`.
struct Totalizer {
    outputs: Vec<Lit>,
}

/// Which implication a totalizer enforces between its outputs and the true input count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// `count ≥ k → outputs[k-1]`: assuming `¬outputs[k]` bounds the count by k.
    Up,
    /// `outputs[k-1] → count ≥ k`: asserting `outputs[k-1]` demands k true inputs.
    Down,
}

impl Totalizer {
    fn new(sat: &mut Sat, inputs: &[Lit], cap: usize, direction: Direction) -> Totalizer {
        let mut layer: Vec<Vec<Lit>> = inputs.iter().map(|&l| vec![l]).collect();
        if layer.is_empty() {
            return Totalizer { outputs: vec![] };
        }
        while layer.len() > 1 {
            let mut next = Vec::with_capacity(layer.len().div_ceil(2));
            let mut pairs = layer.into_iter();
            while let Some(a) = pairs.next() {
                match pairs.next() {
                    Some(b) => next.push(merge(sat, &a, &b, cap, direction)),
                    None => next.push(a),
                }
            }
            layer = next;
        }
        let mut outputs = layer.pop().unwrap_or_default();
        outputs.truncate(cap);
        Totalizer { outputs }
    }
}

/// One totalizer node: the unary sum of two unary counts, truncated at `cap`.
fn merge(sat: &mut Sat, a: &[Lit], b: &[Lit], cap: usize, direction: Direction) -> Vec<Lit> {
    let len = (a.len() + b.len()).min(cap);
    let r: Vec<Lit> = (0..len).map(|_| sat.lit()).collect();
    if sat.is_stopped() {
        // The instance will never be solved: skip the O(|a|·|b|) clauses.
        return r;
    }
    // a[i-1] / b[j-1] stand for "at least i (j)"; index 0 means "at least 0", always true.
    // Clauses are built in a fixed array: this loop is the bulk of every encoding.
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let mut clause = [sat.true_lit(); 3];
            let mut n = 1;
            match direction {
                Direction::Up if i + j >= 1 => {
                    let k = (i + j).min(len);
                    clause[0] = r[k - 1];
                    if i > 0 {
                        clause[n] = !a[i - 1];
                        n += 1;
                    }
                    if j > 0 {
                        clause[n] = !b[j - 1];
                        n += 1;
                    }
                }
                Direction::Down if i + j < len => {
                    // Fewer than i+1 in a and fewer than j+1 in b: fewer than i+j+1 in all.
                    clause[0] = !r[i + j];
                    if i < a.len() {
                        clause[n] = a[i];
                        n += 1;
                    }
                    if j < b.len() {
                        clause[n] = b[j];
                        n += 1;
                    }
                }
                _ => continue,
            }
            sat.clause(&clause[..n]);
        }
    }
    r
}

/// Enforce `lit → at least k of inputs are true`.
pub fn at_least(sat: &mut Sat, lit: Lit, k: usize, inputs: &[Lit]) {
    if k == 0 {
        return;
    }
    if k > inputs.len() {
        sat.clause(&[!lit]);
    } else if k == 1 {
        let mut clause = vec![!lit];
        clause.extend_from_slice(inputs);
        sat.clause(&clause);
    } else if k == inputs.len() {
        for &x in inputs {
            sat.implies(lit, x);
        }
    } else if 2 * k <= inputs.len() {
        let t = Totalizer::new(sat, inputs, k, Direction::Down);
        sat.implies(lit, t.outputs[k - 1]);
    } else {
        // A high threshold (67% sets): "at most n − k false" counts only up to n − k + 1, a
        // smaller circuit than counting the true ones up to k.
        let slack = inputs.len() - k;
        let negated: Vec<Lit> = inputs.iter().map(|&l| !l).collect();
        let t = Totalizer::new(sat, &negated, slack + 1, Direction::Up);
        sat.implies(lit, !t.outputs[slack]);
    }
}

/// An upper bound on the number of true literals among an objective, for optimisation by
/// solving under assumptions on one solver instance.
pub struct Counter {
    outputs: Vec<Lit>,
}

impl Counter {
    /// A counter able to express bounds below `cap` (counts are distinguished up to `cap`).
    pub fn new(sat: &mut Sat, inputs: &[Lit], cap: usize) -> Counter {
        Counter {
            outputs: Totalizer::new(sat, inputs, cap, Direction::Up).outputs,
        }
    }

    /// The assumption that at most `k` inputs are true (`None`: no constraint needed).
    pub fn at_most(&self, k: usize) -> Option<Lit> {
        self.outputs.get(k).map(|&l| !l)
    }
}

/// Per interned quorum set used by the network, a literal implying that at least
/// `needed(threshold, members)` of its members hold (`None`: never; `Some(0)`: always), where a
/// validator holds when its literal in `node` is true and an inner set when its own literal is.
fn threshold_circuits(
    sat: &mut Sat,
    fbas: &Fbas,
    node: &[Lit],
    needed: impl Fn(usize, usize) -> Option<usize>,
) -> Vec<Lit> {
    let used = fbas.arena.reachable(&fbas.qsets);
    let mut lits = vec![!sat.true_lit(); fbas.arena.len()];
    for id in (0..fbas.arena.len()).filter(|&id| used[id]) {
        if sat.is_stopped() {
            break;
        }
        let q = fbas.arena.get(id);
        let members = q.members();
        lits[id] = match needed(q.threshold, members) {
            None => !sat.true_lit(),
            Some(0) => sat.true_lit(),
            Some(k) => {
                let l = sat.lit();
                let inputs: Vec<Lit> = q
                    .validators
                    .iter()
                    .map(|&v| node[v])
                    .chain(q.inner.iter().map(|&i| lits[i]))
                    .collect();
                at_least(sat, l, k, &inputs);
                l
            }
        };
    }
    lits
}

/// Per quorum set, a literal implying that the set is satisfied by the nodes whose literal in
/// `agrees` is true.
pub fn satisfied(sat: &mut Sat, fbas: &Fbas, agrees: &[Lit]) -> Vec<Lit> {
    threshold_circuits(sat, fbas, agrees, |threshold, _| Some(threshold))
}

/// Per quorum set, a literal implying that the set is blocked (cannot be satisfied) when the
/// nodes whose literal in `failed` is true have failed: more than `members - threshold` of its
/// members are failed or blocked. A threshold-0 set is never blocked.
pub fn blocked(sat: &mut Sat, fbas: &Fbas, failed: &[Lit]) -> Vec<Lit> {
    threshold_circuits(sat, fbas, failed, |threshold, members| {
        (threshold > 0).then(|| (members + 1).saturating_sub(threshold))
    })
}

/// Node literals `x` constrained to form a quorum when any is true: each true node's quorum set
/// is satisfied by the true nodes. Returns `x`.
pub fn quorum(sat: &mut Sat, fbas: &Fbas) -> Vec<Lit> {
    let x: Vec<Lit> = (0..fbas.len()).map(|_| sat.lit()).collect();
    quorum_over(sat, fbas, &x, &x);
    x
}

/// Each node with a true literal in `members` has its quorum set satisfied by `agrees`.
pub fn quorum_over(sat: &mut Sat, fbas: &Fbas, members: &[Lit], agrees: &[Lit]) {
    let qs = satisfied(sat, fbas, agrees);
    for v in 0..fbas.len() {
        sat.implies(members[v], qs[fbas.qsets[v]]);
    }
}

/// Two disjoint quorums once some nodes are deleted: returns the `deleted` literals and each
/// side's member literals, where a side's members are non-deleted nodes whose quorum sets are
/// satisfied by the side's members together with the deleted nodes (which agree with both).
pub fn split_after_delete(sat: &mut Sat, fbas: &Fbas) -> (Vec<Lit>, [Vec<Lit>; 2]) {
    let n = fbas.len();
    let deleted: Vec<_> = (0..n).map(|_| sat.lit()).collect();
    let mut side = || {
        let members: Vec<_> = (0..n).map(|_| sat.lit()).collect();
        let agrees: Vec<_> = (0..n)
            .map(|v| {
                let a = sat.lit();
                sat.clause(&[!a, members[v], deleted[v]]);
                sat.implies(members[v], !deleted[v]);
                a
            })
            .collect();
        quorum_over(sat, fbas, &members, &agrees);
        non_empty(sat, &members);
        members
    };
    let sides = [side(), side()];
    for (&a, &b) in sides[0].iter().zip(&sides[1]) {
        sat.clause(&[!a, !b]);
    }
    (deleted, sides)
}

/// At least one of `lits` is true.
pub fn non_empty(sat: &mut Sat, lits: &[Lit]) {
    sat.clause(lits);
}

/// How many rounds make the failure cascade complete: nodes with the same quorum set fail in the
/// same round, so one per distinct quorum set.
pub fn complete_rounds(fbas: &Fbas) -> usize {
    let mut distinct = fbas.qsets.clone();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len()
}

/// The failure cascade: starting from the nodes whose literal in `initially_failed` is true,
/// a node fails once its quorum set is blocked by failed nodes. Returns literals implying "this
/// node has failed once the cascade settles" ([`complete_rounds`] rounds).
pub fn cascade(sat: &mut Sat, fbas: &Fbas, initially_failed: &[Lit]) -> Vec<Lit> {
    cascade_rounds(sat, fbas, initially_failed, complete_rounds(fbas))
}

/// The first `rounds` rounds of the failure cascade: literals implying "failed within `rounds`
/// rounds", which implies failed in the complete cascade (a shorter cascade proves failures, but
/// cannot rule them out).
pub fn cascade_rounds(
    sat: &mut Sat,
    fbas: &Fbas,
    initially_failed: &[Lit],
    rounds: usize,
) -> Vec<Lit> {
    let mut failed = initially_failed.to_vec();
    for _ in 0..rounds {
        if sat.is_stopped() {
            // The budget ran out while encoding: the instance will never be solved.
            break;
        }
        let bl = blocked(sat, fbas, &failed);
        failed = (0..fbas.len())
            .map(|v| {
                let next = sat.lit();
                sat.clause(&[!next, failed[v], bl[fbas.qsets[v]]]);
                next
            })
            .collect();
    }
    failed
}
