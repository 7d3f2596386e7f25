//! The legacy engine's definitions, computed exactly by brute force: what fbas-sat computes
//! too. Node sets are bitmasks over the nodes in public-key order.
//!
//! Rules marked *observed* are stated by no specification of the legacy engine: the
//! differential test (`tests/oracle_vs_legacy.rs`) found them and small hand-made networks run
//! through the harness confirmed them.
//!
//! 1. Input. Nodes with a `None` quorum set are left out of the input, as the harness does
//!    (0.6.2 aborts on `"quorumSet": null`), so references to them are references to unknown
//!    nodes. *Observed*: this is not always the same as keeping them as unsatisfiable nodes (what
//!    the engine does with a node whose `quorumSet` key is missing): the member count that decides
//!    step 3's pruning and the trust graph of step 5 see the difference.
//! 2. Resolution: unknown members are dropped with the threshold unchanged. A set is satisfied by
//!    X when (its validators in X) + (its satisfied inner sets) >= threshold; threshold 0 is
//!    satisfied by anything, inner sets included. *Observed*: a validator listed twice counts
//!    twice, for satisfaction (2-of-[A, A, B] is satisfied by {A}, so A is a one-node quorum) and
//!    for Mazières' delete (deleting A lowers that set's threshold by 2).
//! 3. *Observed* (inner-set pruning): whenever nodes are taken out of the network (step 4, always
//!    run even when nothing is removed, and step 5) every quorum set is rewritten without them and
//!    then loses the inner sets that have fewer entries (validators + inner sets, with
//!    multiplicity) than their threshold; the parent's threshold is unchanged. Which sets satisfy
//!    a quorum set does not change, but the trust graph does: nodes named only in such inner sets
//!    are no longer trusted through them, which changes the core, the symmetric top tier's quorum
//!    set and the legacy engine's symmetric-node groups (`legacy_shortcuts.rs`).
//! 4. One-node quorums (the node alone satisfies its set, e.g. threshold 0) are removed.
//! 5. Core: the union of the strongly connected components of the trust graph that contain a
//!    quorum. *Observed*: the components are computed with the unsatisfiable nodes still in the
//!    graph (a path may run through them) and only then restricted to the satisfiable nodes; so a
//!    node trusted only by an unsatisfiable node can be a core node (A, B, C, E with
//!    3-of-{A, B, C, E, U}, U unsatisfiable with U trusting D, D with 1-of-{A}: D is in the core
//!    and {A} splits). The analyses run on the core; their "consensus clusters" are the
//!    components of the core's own trust graph, over its satisfiable nodes, that contain a quorum
//!    (a core node can be in none).
//! 6. Minimal quorums; `hasQuorumIntersection`: some quorum exists and the minimal quorums
//!    pairwise intersect. Symmetric top tier: each cluster node's set in "standard form" (the
//!    node added with threshold + 1 when the set does not contain it; validators and inner sets
//!    sorted, *observed*: so their order in the input does not matter); a symmetric cluster is
//!    such a set Q whose contained nodes are exactly the nodes having Q; symmetric iff there is
//!    exactly one and the other core nodes contain no quorum; the answer is that Q.
//! 7. Minimal blocking sets: minimal sets whose removal leaves no quorum in a cluster, one per
//!    cluster, united; none at all without a quorum. Filtered: faulty nodes (unknown keys
//!    ignored) removed from each minimal blocking set, merged to the level, non-minimal sets
//!    dropped (`[[]]`, min 0, when the faulty nodes alone block).
//! 8. Minimal splitting sets: with exactly one cluster, the minimal S such that after Mazières'
//!    delete of S two disjoint non-empty quorums exist (X is a quorum after the delete iff all
//!    its members are satisfied by X ∪ S before it); `[[]]` with two or more clusters, none
//!    without.
//! 9. Merging: each set is mapped to the groups it touches, then duplicates and non-minimal sets
//!    are dropped; the top tier is only mapped. Sizes count groups; `min` of nothing is 0.
//!    - country: `countryName` with every ',' removed and one trailing '.' dropped; `None` or an
//!      empty name (before the clean-up) is no group: the node alone. ISP: same clean-up; `None`
//!      is no group, `""` (also after the clean-up, e.g. ",") is a group.
//!    - organization: *observed*: groups are organization *entries*, not names: two
//!      organizations with the same name are two groups (the name appears twice in a merged set
//!      and counts twice), and an organization named like a node's public key stays apart from
//!      that node. Each organization is represented by its first validator (in its list order)
//!      among the satisfiable nodes of step 4; in file order, every later validator gets that
//!      representative and that organization. A node in two organizations therefore chains
//!      groups instead of merging them: with O1 = [A, B] and O2 = [B, C], A and B are one group
//!      named O1 while C is a group of its own, represented by B and so *named* O2. Nodes in no
//!      organization are their own group, named by public key.
//!    - an organization with a `None` name makes every organization-level call fail (the oracle
//!      does not model it; the comparison skips failed calls).

use super::{NormQSet, MAX_NODES};
use fbas_core::{Input, InputQuorumSet};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A set of nodes: bit i is node i (in public-key order).
pub(super) type Mask = u32;

pub(super) fn bit(i: usize) -> Mask {
    1 << i
}

pub(super) fn members(m: Mask) -> impl Iterator<Item = usize> {
    (0..32).filter(move |&i| m & bit(i) != 0)
}

pub(super) fn popcount(m: Mask) -> usize {
    m.count_ones() as usize
}

/// All submasks of `m`, including 0 and `m`.
pub(super) fn submasks(m: Mask) -> Vec<Mask> {
    let mut out = vec![0];
    let mut s = m;
    while s != 0 {
        out.push(s);
        s = (s - 1) & m;
    }
    out
}

/// A quorum set over node indices; validators keep their multiplicity.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct QSet {
    pub(super) threshold: u64,
    pub(super) validators: Vec<usize>,
    pub(super) inner: Vec<QSet>,
}

impl QSet {
    fn resolve(q: &InputQuorumSet, index: &HashMap<&str, usize>) -> QSet {
        QSet {
            threshold: q.threshold,
            validators: q
                .validators
                .iter()
                .filter_map(|k| index.get(k.as_str()).copied())
                .collect(),
            inner: q
                .inner_quorum_sets
                .iter()
                .map(|i| QSet::resolve(i, index))
                .collect(),
        }
    }

    pub(super) fn satisfied_by(&self, x: Mask) -> bool {
        let present = self.validators.iter().filter(|&&v| x & bit(v) != 0).count();
        let inner = self.inner.iter().filter(|q| q.satisfied_by(x)).count();
        (present + inner) as u64 >= self.threshold
    }

    /// Removes the nodes of `gone` everywhere, thresholds unchanged, and then drops the inner
    /// sets that have fewer members than their threshold (as the legacy engine's shrinking does;
    /// this never changes which sets satisfy the quorum set, but it changes the trust graph).
    fn without(&self, gone: Mask) -> QSet {
        QSet {
            threshold: self.threshold,
            validators: self
                .validators
                .iter()
                .copied()
                .filter(|&v| gone & bit(v) == 0)
                .collect(),
            inner: self
                .inner
                .iter()
                .map(|q| q.without(gone))
                .filter(|q| (q.validators.len() + q.inner.len()) as u64 >= q.threshold)
                .collect(),
        }
    }

    /// Mazières' delete of `gone`: the nodes leave every validators list, each set's threshold
    /// lowered (saturating) by the number of entries removed from its own list.
    pub(super) fn delete(&self, gone: Mask) -> QSet {
        let validators: Vec<usize> = self
            .validators
            .iter()
            .copied()
            .filter(|&v| gone & bit(v) == 0)
            .collect();
        QSet {
            threshold: self
                .threshold
                .saturating_sub((self.validators.len() - validators.len()) as u64),
            validators,
            inner: self.inner.iter().map(|q| q.delete(gone)).collect(),
        }
    }

    pub(super) fn contained(&self) -> Mask {
        self.validators.iter().fold(0, |m, &v| m | bit(v))
            | self.inner.iter().fold(0, |m, q| m | q.contained())
    }

    /// Validators and inner sets sorted (node ids are in public-key order).
    pub(super) fn sorted(mut self) -> QSet {
        self.validators.sort();
        self.inner = self.inner.into_iter().map(QSet::sorted).collect();
        self.inner.sort();
        self
    }

    /// Same set written with public keys, validators and inner sets sorted.
    pub(super) fn normalized(&self, keys: &[String]) -> NormQSet {
        let mut validators: Vec<String> =
            self.validators.iter().map(|&v| keys[v].clone()).collect();
        validators.sort();
        let mut inner: Vec<NormQSet> = self.inner.iter().map(|q| q.normalized(keys)).collect();
        inner.sort();
        NormQSet {
            threshold: self.threshold,
            validators,
            inner,
        }
    }
}

/// Nodes of `x` whose set in `qsets` is satisfied by `x` (None: never).
fn satisfied_in(qsets: &[Option<QSet>], x: Mask) -> Mask {
    members(x)
        .filter(|&i| qsets[i].as_ref().is_some_and(|q| q.satisfied_by(x)))
        .fold(0, |m, i| m | bit(i))
}

/// Greatest subset of `x` all of whose members are satisfied within it.
pub(super) fn fixpoint(qsets: &[Option<QSet>], mut x: Mask) -> Mask {
    loop {
        let y = satisfied_in(qsets, x);
        if y == x {
            return x;
        }
        x = y;
    }
}

/// Strongly connected components of the trust graph (edges: node -> nodes in its quorum set),
/// restricted to `within`.
pub(super) fn strongly_connected_components(qsets: &[Option<QSet>], within: Mask) -> Vec<Mask> {
    let n = qsets.len();
    let mut reach: Vec<Mask> = (0..n)
        .map(|i| qsets[i].as_ref().map_or(0, |q| q.contained()))
        .collect();
    for k in 0..n {
        for i in 0..n {
            if reach[i] & bit(k) != 0 {
                reach[i] |= reach[k];
            }
        }
    }
    let mut sccs: Vec<Mask> = Vec::new();
    for i in members(within) {
        let scc = bit(i)
            | members(within)
                .filter(|&j| reach[i] & bit(j) != 0 && reach[j] & bit(i) != 0)
                .fold(0, |m, j| m | bit(j));
        if !sccs.contains(&scc) {
            sccs.push(scc);
        }
    }
    sccs
}

/// The network after preprocessing (steps 1-5), nodes numbered in public-key order (as the
/// legacy engine's standard form does), with per-mask satisfaction precomputed.
pub(super) struct Network {
    /// Public keys, sorted; node i is `keys[i]`.
    pub(super) keys: Vec<String>,
    /// `order[i]`: index of node i in `input.nodes`.
    pub(super) order: Vec<usize>,
    /// Quorum sets restricted to the core (None: not in the core).
    pub(super) qsets: Vec<Option<QSet>>,
    /// The satisfiable nodes after step 4 (the legacy "standard form").
    pub(super) standard: Mask,
    pub(super) core: Mask,
    /// The legacy engine's consensus clusters: strongly connected components (over the core's
    /// satisfiable nodes) that contain a quorum.
    pub(super) clusters: Vec<Mask>,
    /// `sat[x]`: the core nodes whose quorum set is satisfied by `x` (x ⊆ core).
    pub(super) sat: Vec<Mask>,
}

impl Network {
    pub(super) fn build(input: &Input) -> Network {
        let n = input.nodes.len();
        assert!(n <= MAX_NODES, "oracle: at most {MAX_NODES} nodes");
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| input.nodes[a].public_key.cmp(&input.nodes[b].public_key));
        let keys: Vec<String> = order
            .iter()
            .map(|&o| input.nodes[o].public_key.clone())
            .collect();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            assert!(
                index.insert(k.as_str(), i).is_none(),
                "oracle: duplicate key {k}"
            );
        }
        // Nodes without quorum set are dropped from the input (the harness does so because 0.6.2
        // aborts on them): references to them are references to unknown nodes.
        index.retain(|_, &mut i| input.nodes[order[i]].quorum_set.is_some());
        // step 2: resolve
        let mut qsets: Vec<Option<QSet>> = order
            .iter()
            .map(|&o| {
                input.nodes[o]
                    .quorum_set
                    .as_ref()
                    .map(|q| QSet::resolve(q, &index))
            })
            .collect();
        // step 4: one-node quorums (taking them out prunes inner sets, step 3)
        let one_node: Mask = (0..n)
            .filter(|&i| qsets[i].as_ref().is_some_and(|q| q.satisfied_by(bit(i))))
            .fold(0, |m, i| m | bit(i));
        let remove = |qsets: &mut Vec<Option<QSet>>, gone: Mask| {
            for (i, q) in qsets.iter_mut().enumerate() {
                *q = if gone & bit(i) != 0 {
                    None
                } else {
                    q.as_ref().map(|q| q.without(gone))
                };
            }
        };
        remove(&mut qsets, one_node);
        // the standard form: the satisfiable nodes
        let all: Mask = if n == 32 { !0 } else { bit(n) - 1 };
        let present: Mask = (0..n)
            .filter(|&i| qsets[i].is_some())
            .fold(0, |m, i| m | bit(i));
        let standard = fixpoint(&qsets, present);
        // step 5, core: strongly connected components of the trust graph in which paths may still run
        //    through unsatisfiable nodes, restricted to the satisfiable nodes, that contain a quorum
        let core: Mask = strongly_connected_components(&qsets, present)
            .into_iter()
            .map(|scc| scc & standard)
            .filter(|&scc| fixpoint(&qsets, scc) != 0)
            .fold(0, |m, scc| m | scc);
        remove(&mut qsets, all & !core);
        // the analyses' own view of the core: satisfiable nodes, their components with a quorum
        let clusters: Vec<Mask> = strongly_connected_components(&qsets, fixpoint(&qsets, core))
            .into_iter()
            .filter(|&scc| fixpoint(&qsets, scc) != 0)
            .collect();
        let mut sat = vec![0; 1usize << n];
        for x in submasks(core) {
            sat[x as usize] = members(core)
                .filter(|&i| qsets[i].as_ref().is_some_and(|q| q.satisfied_by(x)))
                .fold(0, |m, i| m | bit(i));
        }
        Network {
            keys,
            order,
            qsets,
            standard,
            core,
            clusters,
            sat,
        }
    }

    /// Greatest subset of `x` (⊆ core) whose members are satisfied by it plus the deleted `s`.
    pub(super) fn fixpoint_with(&self, mut x: Mask, s: Mask) -> Mask {
        loop {
            let y = x & self.sat[(x | s) as usize];
            if y == x {
                return x;
            }
            x = y;
        }
    }

    pub(super) fn is_quorum(&self, x: Mask) -> bool {
        x != 0 && x & !self.sat[x as usize] == 0
    }

    /// All minimal quorums inside `within`.
    pub(super) fn minimal_quorums(&self, within: Mask) -> Vec<Mask> {
        submasks(within)
            .into_iter()
            .filter(|&x| {
                self.is_quorum(x) && members(x).all(|i| self.fixpoint_with(x & !bit(i), 0) == 0)
            })
            .collect()
    }

    /// All minimal sets B ⊆ `within` such that `within` minus B contains no quorum.
    pub(super) fn minimal_blocking_sets(&self, within: Mask) -> Vec<Mask> {
        let blocks = |b: Mask| self.fixpoint_with(within & !b, 0) == 0;
        submasks(within)
            .into_iter()
            .filter(|&b| blocks(b) && members(b).all(|i| !blocks(b & !bit(i))))
            .collect()
    }

    /// Whether two disjoint non-empty quorums exist after Mazières' delete of `s`.
    pub(super) fn splits(&self, s: Mask) -> bool {
        let rest = self.core & !s;
        submasks(rest).into_iter().any(|x| {
            x != 0 && x & !self.sat[(x | s) as usize] == 0 && self.fixpoint_with(rest & !x, s) != 0
        })
    }

    /// The minimal subsets of the core whose delete [`splits`](Network::splits) the network
    /// (step 8), by increasing size.
    pub(super) fn minimal_splitting_sets(&self) -> Vec<Mask> {
        let mut candidates = submasks(self.core);
        candidates.sort_by_key(|&s| (popcount(s), s));
        let mut found: Vec<Mask> = Vec::new();
        for s in candidates {
            if found.iter().any(|&f| f & !s == 0) {
                continue;
            }
            if self.splits(s) {
                found.push(s);
            }
        }
        found
    }

    /// Node i's quorum set in the legacy "standard form": the node added (threshold + 1) when it
    /// is not among the nodes the set contains; validators and inner sets sorted.
    pub(super) fn standard_qset(&self, i: usize) -> QSet {
        let mut q = self.qsets[i].clone().expect("core node has a quorum set");
        if q.contained() & bit(i) == 0 {
            q.validators.push(i);
            q.threshold += 1;
        }
        q.sorted()
    }

    /// The legacy symmetric top tier: the clusters' nodes grouped by standard-form quorum set; a
    /// symmetric cluster is a set Q whose contained nodes are exactly the nodes having Q; the top
    /// tier is symmetric when there is exactly one and the other core nodes contain no quorum.
    pub(super) fn symmetric_top_tier(&self) -> Option<NormQSet> {
        let mut having: BTreeMap<QSet, Mask> = BTreeMap::new();
        for &cluster in &self.clusters {
            for i in members(cluster) {
                *having.entry(self.standard_qset(i)).or_insert(0) |= bit(i);
            }
        }
        let symmetric: Vec<(&QSet, Mask)> = having
            .iter()
            .filter(|(q, &nodes)| q.contained() == nodes)
            .map(|(q, &nodes)| (q, nodes))
            .collect();
        match symmetric.as_slice() {
            [(q, nodes)] if self.fixpoint_with(self.core & !nodes, 0) == 0 => {
                Some(q.normalized(&self.keys))
            }
            _ => None,
        }
    }
}

/// Drops duplicates and sets that strictly contain another set (node sets).
pub(super) fn minimal_masks(sets: Vec<Mask>) -> Vec<Mask> {
    let unique: BTreeSet<Mask> = sets.into_iter().collect();
    unique
        .iter()
        .copied()
        .filter(|&s| !unique.iter().any(|&t| t != s && t & s == t))
        .collect()
}

/// Group assignment at one level: `group[i]` is node i's group id, `names[g]` its name.
pub(super) struct Groups {
    group: Vec<usize>,
    names: Vec<String>,
}

impl Groups {
    pub(super) fn nodes(keys: &[String]) -> Groups {
        Groups {
            group: (0..keys.len()).collect(),
            names: keys.to_vec(),
        }
    }

    /// Groups by a name per node (`None`: no group, the node alone); ids >= n are named groups.
    pub(super) fn by_name(keys: &[String], name_of: impl Fn(usize) -> Option<String>) -> Groups {
        let n = keys.len();
        let mut names = keys.to_vec();
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let group = (0..n)
            .map(|i| match name_of(i) {
                None => i,
                Some(name) => *ids.entry(name.clone()).or_insert_with(|| {
                    names.push(name);
                    names.len() - 1
                }),
            })
            .collect();
        Groups { group, names }
    }

    /// The legacy organization grouping (step 9).
    pub(super) fn organizations(input: &Input, keys: &[String], standard: Mask) -> Groups {
        let n = keys.len();
        let index: HashMap<&str, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let mut representative: Vec<usize> = (0..n).collect();
        let mut org_of: Vec<Option<usize>> = vec![None; n];
        for (o, org) in input.organizations.iter().enumerate() {
            let members: Vec<usize> = org
                .validators
                .iter()
                .filter_map(|k| index.get(k.as_str()).copied())
                .filter(|&i| standard & bit(i) != 0)
                .collect();
            if let Some((&first, rest)) = members.split_first() {
                org_of[first] = Some(o);
                for &v in rest {
                    representative[v] = first;
                    org_of[v] = Some(o);
                }
            }
        }
        let names = (0..n)
            .map(|g| match org_of[g] {
                Some(o) => input.organizations[o].name.clone().unwrap_or_default(),
                None => keys[g].clone(),
            })
            .collect();
        Groups {
            group: representative,
            names,
        }
    }

    pub(super) fn merge(&self, set: Mask) -> BTreeSet<usize> {
        members(set).map(|i| self.group[i]).collect()
    }

    pub(super) fn render(&self, set: &BTreeSet<usize>) -> Vec<String> {
        let mut v: Vec<String> = set.iter().map(|&g| self.names[g].clone()).collect();
        v.sort();
        v
    }
}

/// Drops duplicates and sets that strictly contain another set.
pub(super) fn minimal_sets(sets: Vec<BTreeSet<usize>>) -> Vec<BTreeSet<usize>> {
    let unique: BTreeSet<BTreeSet<usize>> = sets.into_iter().collect();
    unique
        .iter()
        .filter(|s| !unique.iter().any(|t| t != *s && t.is_subset(s)))
        .cloned()
        .collect()
}

pub(super) fn render_all(groups: &Groups, sets: &[BTreeSet<usize>]) -> (Vec<Vec<String>>, usize) {
    let mut out: Vec<Vec<String>> = sets.iter().map(|s| groups.render(s)).collect();
    out.sort();
    let min = sets.iter().map(|s| s.len()).min().unwrap_or(0);
    (out, min)
}

/// The country / ISP clean-up: every ',' removed, then one trailing '.' dropped.
pub fn clean_group_name(name: &str) -> String {
    let mut s: String = name.chars().filter(|&c| c != ',').collect();
    if s.ends_with('.') {
        s.pop();
    }
    s
}
