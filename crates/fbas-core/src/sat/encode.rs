//! SAT encodings of the FBAS notions. Thresholds become totalizer circuits (one per distinct
//! quorum set, never an enumeration of slices); everything is encoded in the one direction the
//! analyses need (a literal *implies* its threshold), which keeps the circuits small.

use crate::network::fbas::Fbas;
use crate::network::quorum_set::{NodeId, QsetId};
use crate::sat::solver::{Sat, SatLit as Lit};
use std::collections::HashMap;
use std::ops::Range;

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
        // Nothing to count, or no count to tell apart (cap 0: no bound below it).
        if layer.is_empty() || cap == 0 {
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

/// How many clauses [`Totalizer::new`] adds for `inputs` inputs counted up to `cap`.
fn totalizer_clauses(inputs: usize, cap: usize, direction: Direction) -> usize {
    let mut layer = vec![1usize; inputs];
    let mut clauses = 0;
    while layer.len() > 1 {
        let next: Vec<usize> = layer
            .chunks(2)
            .map(|pair| match *pair {
                [a, b] => {
                    let len = (a + b).min(cap);
                    clauses += (0..=a)
                        .map(|i| match direction {
                            Direction::Up => b + 1 - usize::from(i == 0),
                            Direction::Down => (b + 1).min(len.saturating_sub(i)),
                        })
                        .sum::<usize>();
                    len
                }
                _ => pair[0],
            })
            .collect();
        layer = next;
    }
    clauses
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

/// How many clauses [`at_least`] adds for `k` of `n` inputs.
fn at_least_clauses(k: usize, n: usize) -> usize {
    match k {
        0 => 0,
        _ if k > n || k == 1 => 1,
        _ if k == n => n,
        _ if 2 * k <= n => totalizer_clauses(n, k, Direction::Down) + 1,
        _ => totalizer_clauses(n, n - k + 1, Direction::Up) + 1,
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

    /// How many clauses [`Counter::new`] adds for `inputs` literals and `cap`.
    pub fn clauses(inputs: usize, cap: usize) -> usize {
        totalizer_clauses(inputs, cap, Direction::Up)
    }

    /// For each k of `bounds`, the clause `self ≤ k ∧ premises → others ≤ k − need` (when
    /// k < need: not all premises), for a caller that knows that wherever the premises hold, at
    /// least `need` of this counter's true inputs are not among those `others` counts (so at
    /// most k − need are).
    pub fn bounds_others(
        &self,
        sat: &mut Sat,
        bounds: Range<usize>,
        premises: &[Lit],
        others: &Counter,
        need: usize,
    ) {
        for k in bounds {
            let Some(within) = self.at_most(k) else {
                continue;
            };
            let mut clause: Vec<Lit> = std::iter::once(!within)
                .chain(premises.iter().map(|&l| !l))
                .collect();
            if k >= need {
                let Some(at_most) = others.at_most(k - need) else {
                    continue;
                };
                clause.push(at_most);
            }
            sat.clause(&clause);
        }
    }

    /// The assumption that at most `k` inputs are true (`None`: no constraint needed).
    pub fn at_most(&self, k: usize) -> Option<Lit> {
        self.outputs.get(k).map(|&l| !l)
    }
}

/// Per interned quorum set in the trees of `roots`, a literal implying that at least
/// `needed(threshold, members)` of its members hold (`None`: never; `Some(0)`: always), where a
/// validator holds when its literal in `node` is true and an inner set when its own literal is.
fn threshold_circuits(
    sat: &mut Sat,
    fbas: &Fbas,
    roots: &[QsetId],
    node: &[Lit],
    needed: impl Fn(usize, usize) -> Option<usize>,
) -> Vec<Lit> {
    let used = fbas.arena.reachable(roots);
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
    threshold_circuits(sat, fbas, &fbas.qsets, agrees, |threshold, _| {
        Some(threshold)
    })
}

/// Per quorum set, a literal implying that the set is blocked (cannot be satisfied) when the
/// nodes whose literal in `failed` is true have failed: more than `members - threshold` of its
/// members are failed or blocked. A threshold-0 set is never blocked.
pub fn blocked(sat: &mut Sat, fbas: &Fbas, failed: &[Lit]) -> Vec<Lit> {
    blocked_in(sat, fbas, &fbas.qsets, failed)
}

/// [`blocked`] for the sets in the trees of `roots` only (the others' literals are false).
fn blocked_in(sat: &mut Sat, fbas: &Fbas, roots: &[QsetId], failed: &[Lit]) -> Vec<Lit> {
    threshold_circuits(sat, fbas, roots, failed, |threshold, members| {
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

/// How many clauses [`cascade`] adds for `fbas`: its rounds times one round's blocked-circuits
/// and failure clauses.
pub fn cascade_clauses(fbas: &Fbas) -> usize {
    let used = fbas.arena.reachable(&fbas.qsets);
    let circuits: usize = (0..fbas.arena.len())
        .filter(|&id| used[id])
        .map(|id| {
            let q = fbas.arena.get(id);
            match q.threshold {
                0 => 0,
                t => at_least_clauses((q.members() + 1).saturating_sub(t), q.members()),
            }
        })
        .sum();
    complete_rounds(fbas).saturating_mul(circuits + fbas.len())
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

/// The failure cascade as a ranking, for when it must run to completion: nodes with one quorum
/// set form a class, and every class gets a rank (in binary); a node that is not initially
/// failed must have its quorum set blocked by the initially failed nodes and the nodes of
/// classes ranked lower. Such a ranking exists iff the complete cascade fails every node
/// (rank a class by the round its nodes fail in; conversely, by induction on the rank). Its
/// size is one blocked-circuit per class plus one comparator per pair of classes that trust
/// each other, where [`cascade`] needs one blocked-circuit per class and round. Returns nothing:
/// the clauses say "every node fails".
pub fn everyone_fails(sat: &mut Sat, fbas: &Fbas, initially_failed: &[Lit]) {
    let mut classes: Vec<QsetId> = fbas.qsets.clone();
    classes.sort_unstable();
    classes.dedup();
    let class_of = |q: QsetId| classes.binary_search(&q).expect("a class per quorum set");
    let bits = usize::BITS as usize - classes.len().leading_zeros() as usize;
    let rank: Vec<Vec<Lit>> = classes
        .iter()
        .map(|_| (0..bits).map(|_| sat.lit()).collect())
        .collect();
    for (c, &q) in classes.iter().enumerate() {
        if sat.is_stopped() {
            return;
        }
        let members: Vec<NodeId> = (0..fbas.len()).filter(|&v| fbas.qsets[v] == q).collect();
        let mut earlier: HashMap<usize, Lit> = HashMap::new();
        let mut failed_before = vec![!sat.true_lit(); fbas.len()];
        for u in fbas.arena.contained_nodes(q) {
            let d = class_of(fbas.qsets[u]);
            failed_before[u] = if d == c {
                // Its class fails in the same round as v's: failed before only if initially.
                initially_failed[u]
            } else {
                let lt = *earlier
                    .entry(d)
                    .or_insert_with(|| ranked_below(sat, &rank[d], &rank[c]));
                let e = sat.lit();
                sat.clause(&[!e, initially_failed[u], lt]);
                e
            };
        }
        let blocked = blocked_in(sat, fbas, &[q], &failed_before)[q];
        for v in members {
            sat.clause(&[initially_failed[v], blocked]);
        }
    }
}

/// A literal implying that the binary number `a` (most significant bit first) is below `b`.
fn ranked_below(sat: &mut Sat, a: &[Lit], b: &[Lit]) -> Lit {
    let lt = sat.lit();
    // `s` stands for "a < b is still to be decided at this bit or later, the bits before equal".
    let mut s = lt;
    for (&ai, &bi) in a.iter().zip(b) {
        let next = sat.lit();
        sat.clause(&[!s, !ai, bi]);
        sat.clause(&[!s, !ai, next]);
        sat.clause(&[!s, bi, next]);
        s = next;
    }
    sat.clause(&[!s]);
    lt
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;
    use crate::network::input::{Input, InputNode, InputQuorumSet};

    /// `count` organizations of three validators, each trusting `t` of its own validators and
    /// the other organizations (2-of-3 inner sets), as stellar-core's tests build them.
    fn organizations(count: usize, t: usize) -> Fbas {
        let org = |i: usize| InputQuorumSet {
            threshold: 2,
            validators: (0..3).map(|j| format!("o{i}v{j}")).collect(),
            inner_quorum_sets: vec![],
        };
        let nodes = (0..count)
            .flat_map(|i| {
                let org = &org;
                (0..3).map(move |j| InputNode {
                    public_key: format!("o{i}v{j}"),
                    // One set per organization: `count` classes.
                    quorum_set: Some(InputQuorumSet {
                        threshold: t as u64,
                        validators: org(i).validators,
                        inner_quorum_sets: (0..count).filter(|&k| k != i).map(org).collect(),
                    }),
                    ..InputNode::default()
                })
            })
            .collect();
        Fbas::from_input(&Input {
            nodes,
            organizations: vec![],
        })
        .unwrap()
    }

    #[test]
    fn cascade_size_is_predicted() {
        for (count, t) in [(3, 3), (7, 6), (12, 10), (12, 4)] {
            let fbas = organizations(count, t);
            let mut sat = Sat::new(&Budget::unlimited());
            let failed: Vec<Lit> = (0..fbas.len()).map(|_| sat.lit()).collect();
            let before = sat.size().1;
            cascade(&mut sat, &fbas, &failed);
            assert_eq!(sat.size().1 - before, cascade_clauses(&fbas), "{count} {t}");
        }
    }
}
