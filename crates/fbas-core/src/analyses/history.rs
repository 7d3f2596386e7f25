//! The history-critical set (python-fbas' `history-loss`): the fewest history-publishing
//! validators whose failure would leave some quorum without any member that publishes valid
//! history.
//!
//! # Definition
//!
//! Let P be the validators that publish history: stellarbeat's `historyArchiveHasError` is
//! `false` (a node with the field `true`, `null` or missing does not publish, as in python-fbas).
//! A set S ⊆ P is *history-critical* when some quorum Q has all its publishing members in S
//! (Q ∩ P ⊆ S): should the validators of S stop publishing valid history, Q can still agree on
//! ledgers that no member of Q keeps, and that history may be lost. The history-critical set
//! size is therefore
//!
//! ```text
//!     min over quorums Q of |Q ∩ P|
//! ```
//!
//! (equally, over minimal quorums, since a smaller quorum has no more publishing members), and
//! the witness is one such quorum Q with its set S = Q ∩ P. 0 means that some quorum already has
//! no publishing member. With no quorum at all there is no such set
//! ([`Minimum::NoneExists`], which the report shows as 0 like every "min of nothing").
//!
//! This is python-fbas' `min_history_loss_critical_set`: a MaxSAT over one quorum whose soft
//! clauses count its members without history error. The encoding here is the same question on
//! this crate's machinery: one quorum `x` (non-empty, each member's quorum set satisfied by
//! `x`), minimising the number of publishing members by [`minimize_with`], with the clauses of
//! [`few_outside_the_tree`] counting publishing members.
//!
//! # Network
//!
//! [`crate::analyze()`] runs this on the analysed network ([`crate::network::preprocess::legacy_core`]),
//! the one every other number is computed on; python-fbas runs it on the network as loaded.
//! Read with this crate's semantics, the two agree except for one kind of node: every minimal
//! quorum lies in one strongly connected component, so in the core, and unsatisfiable nodes are
//! in no quorum; but step 1 of the preprocessing drops the nodes that form a quorum on their own
//! (`{v}` satisfies v's quorum set, e.g. a node trusting only itself). On the network as loaded
//! such a node alone would make the answer at most 1 (0 when it does not publish) whatever the
//! rest of the network does. Such nodes are left out, as for every other value: such a
//! node agrees with nobody, and the ledgers it alone could close are not the network's history.
//!
//! python-fbas also reads the input differently in three ways, none of which changes the two
//! real networks the question is checked on (3 for the 2025 pubnet snapshot `obsrvr_nodes_pubnet.json`, 6 for
//! python-fbas' `validators.json`; see `tests/history.rs`, which asks the question under both
//! readings): a validator without a known quorum set (`null`, invalid, or a key that is no node
//! of the input) may join any quorum without requirement, where here it never agrees; a quorum
//! must contain a validator with a known quorum set; and quorum-set members are sets (a
//! validator listed twice counts once, equal inner sets are one).

use crate::analyses::bounds;
use crate::analyses::quorums::few_outside_the_tree;
use crate::budget::Budget;
use crate::network::fbas::Fbas;
use crate::network::quorum_set::NodeId;
use crate::outcome::{Failure, Minimum};
use crate::sat::encode;
use crate::sat::optimize::{minimize_with, Probe};
use crate::sat::solver::Sat;
use crate::sat::symmetry_breaking;

/// A history-critical set and the quorum it leaves without valid history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryCritical {
    /// The publishing members of `quorum` (sorted): the history-critical set.
    pub set: Vec<NodeId>,
    /// A minimal quorum whose publishing members are exactly `set` (sorted).
    pub quorum: Vec<NodeId>,
}

/// The smallest history-critical set of `fbas` (see the module documentation), where
/// `publishes[v]` says whether node v publishes valid history. The witness is re-checked by
/// plain code (a minimal quorum, its publishing members the set) before it is returned; a
/// spent budget gives [`Minimum::Unknown`] with the bounds found so far.
pub fn history_critical(
    fbas: &Fbas,
    publishes: &[bool],
    budget: &Budget,
) -> Result<Minimum<HistoryCritical>, Failure> {
    if publishes.len() != fbas.len() {
        return Err(Failure::Internal(format!(
            "history: {} publishing flags for {} nodes",
            publishes.len(),
            fbas.len()
        )));
    }
    if fbas.is_empty() {
        return Ok(Minimum::NoneExists);
    }
    // A structural lower bound (each publishing validator costs 1); when the nodes attaining it
    // form a quorum with that many publishing members, done without a solver.
    let bound = bounds::quorum(fbas, |v| usize::from(publishes[v]));
    let candidate = fbas.set_of(&bound.nodes);
    let mut known = None;
    if !bound.nodes.is_empty() && fbas.is_quorum(&candidate) {
        let (witness, size) = witness_in(fbas, publishes, &candidate).map_err(Failure::Internal)?;
        if size == bound.lower {
            return Ok(Minimum::Found { size, witness });
        }
        known = Some((witness, size));
    }
    // A first quorum by plain code too, so that every solver call is under a bound (as for the
    // smallest quorum, [`crate::analyses::quorums::min_quorum`]).
    match fbas.a_minimal_quorum() {
        Some(q) if !q.contains(&true) => return Ok(Minimum::NoneExists),
        Some(q) => {
            let greedy = witness_in(fbas, publishes, q).map_err(Failure::Internal)?;
            if known.as_ref().is_none_or(|(_, size)| greedy.1 < *size) {
                known = Some(greedy);
            }
        }
        None => {}
    }
    let mut sat = Sat::new(budget);
    let x = encode::quorum(&mut sat, fbas);
    encode::non_empty(&mut sat, &x);
    // A symmetry that keeps who publishes maps quorums onto quorums with as many publishing
    // members.
    let swaps = symmetry_breaking::symmetries(fbas, &vec![0; fbas.len()], |v| publishes[v]);
    symmetry_breaking::break_symmetry(&mut sat, &swaps, &[&x]);
    let objective: Vec<_> = (0..fbas.len())
        .filter(|&v| publishes[v])
        .map(|v| x[v])
        .collect();
    let witness = |sat: &Sat| {
        let q: Vec<bool> = x.iter().map(|&l| sat.value(l)).collect();
        if !fbas.is_quorum(&q) {
            return Err("history: the set found is not a quorum".into());
        }
        witness_in(fbas, publishes, &q)
    };
    minimize_with(&mut sat, &objective, Probe::Halving, bound.lower, known, witness, |sat, size, bounds| {
        few_outside_the_tree(sat, fbas, &x, publishes, size, bounds, budget)
    })
}

/// The witness a quorum `q` gives: a minimal quorum inside it (no more publishing members, and
/// it reads better) with its publishing members, re-checked, and the set's size.
fn witness_in(
    fbas: &Fbas,
    publishes: &[bool],
    q: &[bool],
) -> Result<(HistoryCritical, usize), String> {
    let q = fbas.shrink_to_minimal_quorum(q, &[]);
    let quorum = Fbas::members(&q);
    let set: Vec<NodeId> = quorum.iter().copied().filter(|&v| publishes[v]).collect();
    let witness = HistoryCritical { set, quorum };
    verify(fbas, publishes, &witness)?;
    let size = witness.set.len();
    Ok((witness, size))
}

/// Plain re-check of a witness: `quorum` is a minimal quorum, every node of `set` publishes
/// history, and every publishing member of `quorum` is in `set` (so failing `set` leaves
/// `quorum` without valid history).
pub fn verify(fbas: &Fbas, publishes: &[bool], w: &HistoryCritical) -> Result<(), String> {
    if w.quorum.iter().chain(&w.set).any(|&v| v >= fbas.len()) {
        return Err("history: the witness names an unknown node".into());
    }
    if !fbas.is_minimal_quorum(&fbas.set_of(&w.quorum)) {
        return Err("history: the quorum found is not a minimal quorum".into());
    }
    if let Some(&v) = w.set.iter().find(|&&v| !publishes[v]) {
        return Err(format!(
            "history: node {v} of the set does not publish history"
        ));
    }
    if let Some(&v) = w
        .quorum
        .iter()
        .find(|&&v| publishes[v] && !w.set.contains(&v))
    {
        return Err(format!(
            "history: node {v} of the quorum publishes history and is not in the set"
        ));
    }
    Ok(())
}
