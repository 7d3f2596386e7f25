//! The indexed network: nodes with interned quorum sets, plus the plain (non-SAT) checks every
//! analysis shares: quorums, greatest quorums inside a set, the trust graph and its strongly
//! connected components.

use crate::network::input::{Input, InputError, InputQuorumSet, MAX_QSET_DEPTH};
use crate::network::quorum_set::{NodeId, Qset, QsetArena, QsetId};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Networks larger than this skip the greedy searches done by plain code before a solver
/// (a shrink costs n fixpoints of up to O(n) rounds each).
pub const GREEDY_MAX_NODES: usize = 2_000;

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
        }
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
    /// drop the members whose quorum set the remaining members do not satisfy.
    pub fn greatest_quorum_in(&self, set: &[bool]) -> Vec<bool> {
        let mut current = set.to_vec();
        loop {
            let sat = self.satisfied_nodes(&current);
            let mut changed = false;
            for v in 0..self.len() {
                if current[v] && !sat[v] {
                    current[v] = false;
                    changed = true;
                }
            }
            if !changed {
                return current;
            }
        }
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
        let mut rest = set.to_vec();
        (0..self.len()).filter(|&v| set[v]).all(|v| {
            rest[v] = false;
            let none_inside = !self.contains_quorum(&rest);
            rest[v] = true;
            none_inside
        })
    }

    /// Shrink the quorum `set` to a minimal quorum inside it that still contains every node of
    /// `keep` (the caller guarantees that every quorum inside `set` contains `keep`).
    pub fn shrink_to_minimal_quorum(&self, set: &[bool], keep: &[NodeId]) -> Vec<bool> {
        let mut current = set.to_vec();
        for v in 0..self.len() {
            if !current[v] || keep.contains(&v) {
                continue;
            }
            current[v] = false;
            let inside = self.greatest_quorum_in(&current);
            if inside.iter().any(|&b| b) {
                current = inside;
            } else {
                current[v] = true;
            }
        }
        current
    }

    /// Some minimal quorum, found by plain code: the greatest quorum shrunk greedily (all-false
    /// when the network has no quorum, as every quorum lies inside the greatest one). `None` on
    /// networks of more than [`GREEDY_MAX_NODES`] nodes, where the shrink is skipped.
    pub fn a_minimal_quorum(&self) -> Option<Vec<bool>> {
        if self.len() > GREEDY_MAX_NODES {
            return None;
        }
        let all = self.greatest_quorum_in(&vec![true; self.len()]);
        Some(self.shrink_to_minimal_quorum(&all, &[]))
    }

    /// A minimal quorum containing `v`, found without a solver when there is an easy one: shrink
    /// the quorum `set` (which contains `v`) one node at a time in the order `order` (the other
    /// nodes), keeping a quorum through `v`, and return the result if it is a minimal quorum
    /// (`None`: this greedy shrink did not give one, which proves nothing). Each fixpoint
    /// computed spends one of `allowance`; `None` too once it is used up.
    pub fn minimal_quorum_through(
        &self,
        set: &[bool],
        v: NodeId,
        order: &[NodeId],
        allowance: &mut usize,
    ) -> Option<Vec<bool>> {
        let mut current = set.to_vec();
        for &u in order {
            if u == v || !current[u] {
                continue;
            }
            current[u] = false;
            *allowance = allowance.checked_sub(1)?;
            let inside = self.greatest_quorum_in(&current);
            if inside[v] {
                current = inside;
            } else {
                current[u] = true;
            }
        }
        *allowance = allowance.checked_sub(current.iter().filter(|&&b| b).count())?;
        (current[v] && self.is_minimal_quorum(&current)).then_some(current)
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
