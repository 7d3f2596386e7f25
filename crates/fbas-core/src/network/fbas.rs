//! The indexed network: nodes with interned quorum sets, plus the plain (non-SAT) checks every
//! analysis shares: quorums, greatest quorums inside a set, the trust graph and its strongly
//! connected components.

use crate::network::fixpoint::{Fixpoint, Listing};
use crate::network::input::{Input, InputError, InputQuorumSet, MAX_QSET_DEPTH};
use crate::network::quorum_set::{NodeId, Qset, QsetArena, QsetId};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How much work the greedy searches done by plain code before a solver may spend, counted in
/// changes to a greatest quorum ([`Fixpoint::steps`]): about 2 s on the 2-core benchmark
/// machine (some 100 million changes a second). The work, not the network's size, is bounded:
/// a shrink tries one removal per node, each a cascade through up to the whole set, so a ring
/// of 9 000 watchers (one minimal quorum) takes 81 million changes and a core of 600 nodes
/// whose shrinks mostly fail (broken-split 200) 126 million, while thousands of watchers that
/// nobody lists cost one change each.
pub const GREEDY_STEPS: usize = 200_000_000;

/// A Federated Byzantine Agreement System over node indices `0..len()`.
///
/// A *quorum* is a non-empty node set that satisfies the quorum set of each of its members.
///
/// A network is not changed once built ([`Fbas::new`], [`Fbas::from_input`], [`Fbas::select`]):
/// what is derived from it alone is computed once and kept with it.
#[derive(Debug, Clone, Default)]
pub struct Fbas {
    /// Public key per node.
    pub keys: Vec<String>,
    /// Quorum set per node.
    pub qsets: Vec<QsetId>,
    pub arena: QsetArena,
    /// The orbits of interchangeable blocks
    /// ([`crate::sat::symmetry_breaking::interchangeable_blocks`]), once computed.
    block_orbits: OnceLock<Vec<Vec<Vec<NodeId>>>>,
    /// The orbits of transposable nodes
    /// ([`crate::sat::symmetry_breaking::transposable_nodes`]), once computed.
    node_orbits: OnceLock<Vec<Vec<NodeId>>>,
    /// Who lists whom ([`Listing`]), once computed.
    listing: OnceLock<Listing>,
    /// [`Fbas::a_minimal_quorum`], once computed.
    a_minimal_quorum: OnceLock<Option<Vec<bool>>>,
}

impl Fbas {
    /// The network whose node `i` has public key `keys[i]` and quorum set `qsets[i]` in `arena`.
    pub fn new(keys: Vec<String>, qsets: Vec<QsetId>, arena: QsetArena) -> Fbas {
        Fbas {
            keys,
            qsets,
            arena,
            block_orbits: OnceLock::new(),
            node_orbits: OnceLock::new(),
            listing: OnceLock::new(),
            a_minimal_quorum: OnceLock::new(),
        }
    }

    /// The greatest quorum inside `set`, to take nodes out of ([`Fixpoint`]; who lists whom is
    /// computed the first time only).
    pub fn fixpoint(&self, set: &[bool]) -> Fixpoint<'_> {
        let listing = self.listing.get_or_init(|| Listing::of(&self.arena, &self.qsets));
        Fixpoint::inside(&self.arena, &self.qsets, listing, set)
    }

    /// The orbits of interchangeable blocks, computed by `compute` the first time only.
    pub(crate) fn block_orbits(
        &self,
        compute: impl FnOnce(&Fbas) -> Vec<Vec<Vec<NodeId>>>,
    ) -> &[Vec<Vec<NodeId>>] {
        self.block_orbits.get_or_init(|| compute(self))
    }

    /// The orbits of transposable nodes, computed by `compute` the first time only.
    pub(crate) fn node_orbits(
        &self,
        compute: impl FnOnce(&Fbas) -> Vec<Vec<NodeId>>,
    ) -> &[Vec<NodeId>] {
        self.node_orbits.get_or_init(|| compute(self))
    }

    /// Index the input's nodes and resolve quorum-set members to node indices. A member that is
    /// not a node of the input, or a node without a quorum set, is dropped with the threshold
    /// unchanged (it never agrees); a node without a quorum set is unsatisfiable. Duplicate
    /// public keys are an error, and so is quorum-set nesting deeper than
    /// [`MAX_QSET_DEPTH`] (the parsers' bound, checked here too for inputs built in code, so that
    /// nothing downstream ever recurses deeper).
    pub fn from_input(input: &Input) -> Result<Fbas, InputError> {
        let mut index = HashMap::with_capacity(input.nodes.len());
        for (i, node) in input.nodes.iter().enumerate() {
            if index.insert(node.public_key.as_str(), i).is_some() {
                return Err(InputError::new(
                    format!("nodes[{i}].publicKey"),
                    format!("duplicate public key {}", node.public_key),
                ));
            }
        }
        // As in the legacy engine's input, references to a node without a quorum set are
        // references to an unknown node.
        index.retain(|_, &mut i| input.nodes[i].quorum_set.is_some());
        let mut fbas = Fbas::default();
        for (i, node) in input.nodes.iter().enumerate() {
            let qset = match &node.quorum_set {
                Some(q) => intern_input(&mut fbas.arena, q, &index).ok_or_else(|| {
                    InputError::new(
                        format!("nodes[{i}] ({}).quorumSet", node.public_key),
                        format!("quorum sets nested deeper than {MAX_QSET_DEPTH} levels"),
                    )
                })?,
                None => fbas.arena.intern(Qset::unsatisfiable()),
            };
            fbas.keys.push(node.public_key.clone());
            fbas.qsets.push(qset);
        }
        Ok(fbas)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn qset(&self, node: NodeId) -> &Qset {
        self.arena.get(self.qsets[node])
    }

    /// The network of `nodes` only, node `i` of the result being `nodes[i]`: every other node
    /// disappears from every quorum set with thresholds unchanged (it counts as a member that
    /// never agrees). As in the legacy engine, inner sets left with fewer members than their
    /// threshold (never satisfiable) are then dropped, bottom-up, parents' thresholds unchanged:
    /// satisfaction is the same, but their nodes are no longer trusted through them.
    pub fn select(&self, nodes: &[NodeId]) -> Fbas {
        let keeps_every_inner_set = || {
            (0..self.arena.len()).all(|id| {
                let inner = &self.arena.get(id).inner;
                inner
                    .iter()
                    .all(|&i| self.arena.get(i).members() >= self.arena.get(i).threshold)
            })
        };
        if nodes.iter().copied().eq(0..self.len()) && keeps_every_inner_set() {
            // Every node, in order, and no inner set to drop: this network (with what is known
            // about it).
            return self.clone();
        }
        let mut new_id = vec![usize::MAX; self.len()];
        for (new, &old) in nodes.iter().enumerate() {
            new_id[old] = new;
        }
        let mut arena = QsetArena::default();
        // Arena ids are topologically ordered (inner before outer), so one pass maps them all.
        let mut mapped = Vec::with_capacity(self.arena.len());
        for id in 0..self.arena.len() {
            let q = self.arena.get(id);
            let qset = Qset {
                threshold: q.threshold,
                validators: q
                    .validators
                    .iter()
                    .filter(|&&v| new_id[v] != usize::MAX)
                    .map(|&v| new_id[v])
                    .collect(),
                inner: q
                    .inner
                    .iter()
                    .map(|&i| mapped[i])
                    .filter(|&i| {
                        let inner: &Qset = arena.get(i);
                        inner.members() >= inner.threshold
                    })
                    .collect(),
            };
            mapped.push(arena.intern(qset));
        }
        Fbas::new(
            nodes.iter().map(|&v| self.keys[v].clone()).collect(),
            nodes.iter().map(|&v| mapped[self.qsets[v]]).collect(),
            arena,
        )
    }

    /// Whether each node's quorum set is satisfied by the nodes in `present`.
    pub fn satisfied_nodes(&self, present: &[bool]) -> Vec<bool> {
        let sat = self.arena.satisfied_all(present);
        self.qsets.iter().map(|&q| sat[q]).collect()
    }

    /// The greatest quorum inside `set` (all-false when `set` contains no quorum): repeatedly
    /// drop the members whose quorum set the remaining members do not satisfy ([`Fixpoint`]).
    pub fn greatest_quorum_in(&self, set: &[bool]) -> Vec<bool> {
        self.fixpoint(set).into_members()
    }

    /// Whether `set` is a quorum: non-empty, and satisfying each member's quorum set.
    pub fn is_quorum(&self, set: &[bool]) -> bool {
        let sat = self.satisfied_nodes(set);
        set.iter().any(|&b| b) && (0..self.len()).all(|v| !set[v] || sat[v])
    }

    /// Whether `set` contains a quorum.
    pub fn contains_quorum(&self, set: &[bool]) -> bool {
        self.greatest_quorum_in(set).iter().any(|&b| b)
    }

    /// Whether `set` is a minimal quorum: a quorum none of whose proper subsets is a quorum,
    /// i.e. removing any one member leaves no quorum inside.
    pub fn is_minimal_quorum(&self, set: &[bool]) -> bool {
        if !self.is_quorum(set) {
            return false;
        }
        self.fixpoint(set).is_minimal()
    }

    /// Whether the minimal quorum `m` is the network's only one: taking out any one of its
    /// members leaves no quorum, so every quorum contains `m`, and a minimal one is `m`. Decided
    /// by one cascade per member from the greatest quorum, stopping at the first member some
    /// quorum does without (usually the first: a top tier of several minimal quorums); `false`
    /// (not shown) once the cascades have made more than [`GREEDY_STEPS`] changes.
    pub fn is_the_only_minimal_quorum(&self, m: &[bool]) -> bool {
        let mut all = self.fixpoint(&vec![true; self.len()]);
        (0..self.len())
            .filter(|&v| m[v])
            .all(|v| all.steps() <= GREEDY_STEPS && all.needs(v))
    }

    /// Shrink the quorum `set` to a minimal quorum inside it that still contains every node of
    /// `keep` (the caller guarantees that every quorum inside `set` contains `keep`): each node
    /// in turn is taken out, with what fails after it, unless that leaves no quorum.
    pub fn shrink_to_minimal_quorum(&self, set: &[bool], keep: &[NodeId]) -> Vec<bool> {
        self.shrink(set, keep, usize::MAX).0
    }

    /// [`Fbas::shrink_to_minimal_quorum`] until its removals have made `allowance` changes
    /// ([`Fixpoint::steps`]; one removal may go past it): the set reached, and whether every
    /// node was tried (only then is it minimal).
    fn shrink(&self, set: &[bool], keep: &[NodeId], allowance: usize) -> (Vec<bool>, bool) {
        let mut current = self.fixpoint(set);
        for v in 0..self.len() {
            if !current.contains(v) || keep.contains(&v) {
                continue;
            }
            if current.steps() > allowance {
                return (current.into_members(), false);
            }
            // Every quorum inside contains `keep`: losing its first node is losing them all.
            match keep.first() {
                Some(&k) => current.remove_keeping(v, k),
                None => current.remove_unless_emptied(v),
            }
        }
        (current.into_members(), true)
    }

    /// Some minimal quorum, found by plain code (all-false when the network has no quorum): the
    /// smallest sink of the trust graph inside the greatest quorum, shrunk greedily. A sink (a
    /// strongly connected component listing no node of the greatest quorum outside itself) is a
    /// quorum: its members' sets, satisfied by the greatest quorum, are satisfied by the sink
    /// alone. The shrink runs on the smallest sink: on a core beside thousands of watchers
    /// trusting one another, the core. `None` when shrinking that sink takes more than
    /// [`GREEDY_STEPS`] changes. Computed the first time only (the intersection check, the
    /// smallest quorum and the history-critical set all start from it).
    pub fn a_minimal_quorum(&self) -> Option<&[bool]> {
        self.a_minimal_quorum
            .get_or_init(|| self.find_a_minimal_quorum())
            .as_deref()
    }

    fn find_a_minimal_quorum(&self) -> Option<Vec<bool>> {
        let all = self.greatest_quorum_in(&vec![true; self.len()]);
        let components = self.strongly_connected_components(&all);
        let mut component_of = vec![usize::MAX; self.len()];
        for (c, members) in components.iter().enumerate() {
            for &v in members {
                component_of[v] = c;
            }
        }
        let is_sink = |members: &[NodeId]| {
            members.iter().all(|&v| {
                let c = component_of[v];
                self.trusted_by(v)
                    .into_iter()
                    .all(|u| !all[u] || component_of[u] == c)
            })
        };
        let sink = components
            .iter()
            .filter(|members| is_sink(members))
            .min_by_key(|members| members.len());
        match sink {
            None => Some(all),
            Some(sink) => match self.shrink(&self.set_of(sink), &[], GREEDY_STEPS) {
                (minimal, true) => Some(minimal),
                (_, false) => None,
            },
        }
    }

    /// A minimal quorum containing `v`, found without a solver when there is an easy one: shrink
    /// the quorum `set` (which contains `v`) one node at a time in the order `order` (then any
    /// node it leaves out), keeping a quorum through `v`, and return the result if it is a
    /// minimal quorum (`None`: this greedy shrink did not give one, which proves nothing). The
    /// changes its removals make ([`Fixpoint::steps`]), the minimality check's included, are
    /// taken from `allowance` (one removal may go past it); `None` too once it is used up.
    ///
    /// The minimality check is one cascade: the result Q is minimal iff no quorum lies inside
    /// Q − v. Every other member w of Q was tried and kept because the greatest quorum inside the
    /// set of that moment minus w lacked v; Q is inside that set, so no quorum inside Q − w holds
    /// v, and one without v would lie inside Q − v.
    pub fn minimal_quorum_through(
        &self,
        set: &[bool],
        v: NodeId,
        order: &[NodeId],
        allowance: &mut usize,
    ) -> Option<Vec<bool>> {
        let limit = *allowance;
        let mut current = self.fixpoint(set);
        let mut tried = vec![false; self.len()];
        tried[v] = true;
        let found = 'shrink: {
            for u in order.iter().copied().chain(0..self.len()) {
                if tried[u] || !current.contains(u) {
                    continue;
                }
                if current.steps() > limit {
                    break 'shrink None;
                }
                current.remove_keeping(u, v);
                tried[u] = true;
            }
            if !current.contains(v) || current.steps() > limit {
                break 'shrink None;
            }
            let mark = current.mark();
            current.remove(v);
            let minimal = current.is_empty();
            current.undo(mark);
            minimal.then(|| current.members().to_vec())
        };
        *allowance = limit.saturating_sub(current.steps());
        found
    }

    /// Trust graph successors: every node appearing anywhere in `v`'s quorum set.
    pub fn trusted_by(&self, v: NodeId) -> Vec<NodeId> {
        self.arena.contained_nodes(self.qsets[v])
    }

    /// Strongly connected components of the trust graph restricted to `nodes` (iterative
    /// Tarjan), each sorted.
    pub fn strongly_connected_components(&self, nodes: &[bool]) -> Vec<Vec<NodeId>> {
        let n = self.len();
        let succ: Vec<Vec<NodeId>> = (0..n)
            .map(|v| {
                if nodes[v] {
                    self.trusted_by(v)
                        .into_iter()
                        .filter(|&u| nodes[u])
                        .collect()
                } else {
                    vec![]
                }
            })
            .collect();
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut next_index = 0;
        let mut components = Vec::new();
        for root in (0..n).filter(|&v| nodes[v]) {
            if index[root] != usize::MAX {
                continue;
            }
            let mut call: Vec<(NodeId, usize)> = vec![(root, 0)];
            index[root] = next_index;
            low[root] = next_index;
            next_index += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut child)) = call.last_mut() {
                if let Some(&w) = succ[v].get(*child) {
                    *child += 1;
                    if index[w] == usize::MAX {
                        index[w] = next_index;
                        low[w] = next_index;
                        next_index += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        call.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                } else {
                    call.pop();
                    if let Some(&(parent, _)) = call.last() {
                        low[parent] = low[parent].min(low[v]);
                    }
                    if low[v] == index[v] {
                        let mut component = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack[w] = false;
                            component.push(w);
                            if w == v {
                                break;
                            }
                        }
                        component.sort_unstable();
                        components.push(component);
                    }
                }
            }
        }
        components
    }

    /// Node indices where `set` is true.
    pub fn members(set: &[bool]) -> Vec<NodeId> {
        (0..set.len()).filter(|&v| set[v]).collect()
    }

    /// The boolean set of `nodes`.
    pub fn set_of(&self, nodes: &[NodeId]) -> Vec<bool> {
        let mut set = vec![false; self.len()];
        for &v in nodes {
            set[v] = true;
        }
        set
    }
}

/// Intern an input quorum set without recursion (inner sets first, so their ids are smaller);
/// `None` when it is nested deeper than [`MAX_QSET_DEPTH`] (the stack never grows past it).
fn intern_input(
    arena: &mut QsetArena,
    root: &InputQuorumSet,
    index: &HashMap<&str, NodeId>,
) -> Option<QsetId> {
    // Post-order traversal with an explicit stack: (set, next child, interned children).
    let mut stack: Vec<(&InputQuorumSet, usize, Vec<QsetId>)> = vec![(root, 0, vec![])];
    loop {
        let (q, next, _) = stack
            .last_mut()
            .expect("stack holds the root until it returns");
        if let Some(child) = q.inner_quorum_sets.get(*next) {
            *next += 1;
            if stack.len() == MAX_QSET_DEPTH {
                return None;
            }
            stack.push((child, 0, vec![]));
            continue;
        }
        let (q, _, inner) = stack.pop().expect("checked above");
        let validators: Vec<NodeId> = q
            .validators
            .iter()
            .filter_map(|k| index.get(k.as_str()).copied())
            .collect();
        let members = q.validators.len() + q.inner_quorum_sets.len();
        // A threshold above the member count can never be met; clamping keeps it in usize.
        let threshold = q.threshold.min(members as u64 + 1) as usize;
        let id = arena.intern(Qset {
            threshold,
            validators,
            inner,
        });
        match stack.last_mut() {
            Some((_, _, parent_inner)) => parent_inner.push(id),
            None => return Some(id),
        }
    }
}
