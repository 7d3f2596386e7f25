//! Brute-force oracle for what the legacy engine (`@stellarbeat/stellar_analysis_nodejs@0.6.2`,
//! i.e. fbas_analyzer 0.7.3, driven through `tools/legacy/analyze.js`) answers, by enumerating node
//! subsets as bitmasks (at most 16 nodes). It never calls fbas-core's analysis code; it only reads
//! fbas-core's input types. `tests/oracle_vs_legacy.rs` checks it against the engine itself.
//!
//! [`analyze`] gives the legacy answers; [`analyze_exact`] the same analyses without the legacy
//! *search* shortcuts (steps 7-9 below), on the same preprocessed network.
//!
//! What the legacy engine computes; FINDING marks what `/work/shared/REFERENCE.md` does not say
//! (or says differently), each found by the differential test and confirmed on small hand-made
//! networks through the harness.
//!
//! 1. Input. Nodes with a `None` quorum set are left out of the input, as the harness does
//!    (0.6.2 aborts on `"quorumSet": null`), so references to them are references to unknown
//!    nodes. FINDING: this is not always the same as keeping them as unsatisfiable nodes (what
//!    the engine does with a node whose `quorumSet` key is missing): the member count that decides
//!    step 3's pruning and the trust graph of step 5 see the difference.
//! 2. Resolution: unknown members are dropped with the threshold unchanged. A set is satisfied by
//!    X when (its validators in X) + (its satisfied inner sets) >= threshold; threshold 0 is
//!    satisfied by anything, inner sets included. FINDING: a validator listed twice counts twice,
//!    for satisfaction (2-of-[A, A, B] is satisfied by {A}, so A is a one-node quorum) and for
//!    Mazières' delete (deleting A lowers that set's threshold by 2).
//! 3. FINDING (inner-set pruning): whenever nodes are taken out of the network (step 4, always
//!    run even when nothing is removed, and step 5) every quorum set is rewritten without them and
//!    then loses the inner sets that have fewer entries (validators + inner sets, with
//!    multiplicity) than their threshold; the parent's threshold is unchanged. Which sets satisfy
//!    a quorum set does not change, but the trust graph does: nodes named only in such inner sets
//!    are no longer trusted through them, which changes the core, the symmetric top tier's quorum
//!    set and the symmetric node groups of step 7.
//! 4. One-node quorums (the node alone satisfies its set, e.g. threshold 0) are removed.
//! 5. Core: the union of the strongly connected components of the trust graph that contain a
//!    quorum. FINDING: the components are computed with the unsatisfiable nodes still in the graph
//!    (a path may run through them) and only then restricted to the satisfiable nodes; so a node
//!    trusted only by an unsatisfiable node can be a core node (A, B, C, E with 3-of-{A, B, C, E, U},
//!    U unsatisfiable with U trusting D, D with 1-of-{A}: D is in the core and {A} splits). The
//!    analyses run on the core; their "consensus clusters" are the components of the core's own
//!    trust graph, over its satisfiable nodes, that contain a quorum (a core node can be in none).
//! 6. Minimal quorums; `hasQuorumIntersection`: some quorum exists and the (true) minimal quorums
//!    pairwise intersect. Symmetric top tier: each cluster node's set in "standard form" (the node
//!    added with threshold + 1 when the set does not contain it; validators and inner sets sorted,
//!    FINDING: so their order in the input does not matter); a symmetric cluster is such a set Q
//!    whose contained nodes are exactly the nodes having Q; symmetric iff there is exactly one and
//!    the other core nodes contain no quorum; the answer is that Q.
//! 7. FINDING (legacy search shortcut, "symmetric nodes"): in a cluster that is not a symmetric
//!    cluster, the legacy searches for minimal quorums and minimal blocking sets treat as
//!    interchangeable the nodes of every "validator-containing" set (a standard-form set with
//!    validators or without inner sets, else recursively its inner sets) that is, together with
//!    all its nodes, referenced by no other such set: they only consider sets meeting each group
//!    in a prefix (in public-key order) and then replace that prefix by every same-size subset of
//!    the group. When the group's nodes do not really play the same role (e.g. an organization
//!    whose members have different quorum sets), true minimal quorums / blocking sets go missing
//!    and sets that are not quorums / not blocking appear. The oracle filters the true sets to the
//!    prefix form and expands them (`is_prefix_form`, `expand`); the top tier is the union of the
//!    expanded minimal quorums, blocking sets of several clusters are combined one per cluster.
//! 8. Minimal blocking sets: minimal sets whose removal leaves no quorum; none at all without a
//!    quorum. Filtered: faulty nodes (unknown keys ignored) removed from each minimal blocking set,
//!    merged to the level, non-minimal sets dropped (`[[]]`, min 0, when the faulty nodes alone
//!    block).
//! 9. Minimal splitting sets (exact: minimal S such that after Mazières' delete of S two disjoint
//!    non-empty quorums exist; X is a quorum after the delete iff all its members are satisfied by
//!    X ∪ S before it). Legacy: `[[]]` with two or more clusters, none without; with one cluster
//!    either the slice formula of a symmetric cluster (when no node is a "quorum expander") or
//!    FINDING a heuristic depth-first search (emulated in [`legacy_search`]) whose answers differ
//!    from the exact ones in about 1% of random networks: it uses the symmetric-node shortcut of
//!    step 7, decides intersection after each deletion with shortcuts of its own (a greedy slice
//!    pairing for symmetric clusters that also pairs an empty slice, a quorum search limited to
//!    half the cluster with its own symmetric-node groups) and prunes branches with an unsound
//!    "potential" test, so it misses some minimal splitting sets (reporting supersets or nothing).
//!    On some inputs it aborts
//!    (it asks for the intersection of a network left without any cluster):
//!    `OracleResult::legacy_splitting_aborts`.
//! 10. Merging: each set is mapped to the groups it touches, then duplicates and non-minimal sets
//!     are dropped; the top tier is only mapped. Sizes count groups; `min` of nothing is 0.
//!     - country: `countryName` with every ',' removed and one trailing '.' dropped; `None` or an
//!       empty name (before the clean-up) is no group: the node alone. ISP: same clean-up; `None`
//!       is no group, `""` (also after the clean-up, e.g. ",") is a group.
//!     - organization: FINDING: groups are organization *entries*, not names: two organizations
//!       with the same name are two groups (the name appears twice in a merged set and counts
//!       twice), and an organization named like a node's public key stays apart from that node.
//!       Each organization is represented by its first validator (in its list order) among the
//!       satisfiable nodes of step 4; in file order, every later validator gets that
//!       representative and that organization. A node in two organizations therefore chains
//!       groups instead of merging them: with O1 = [A, B] and O2 = [B, C], A and B are one group
//!       named O1 while C is a group of its own, represented by B and so *named* O2. Nodes in no
//!       organization are their own group, named by public key.
//!     - an organization with a `None` name makes every organization-level call fail (the oracle
//!       does not model it; the comparison skips failed calls).

use fbas_core::{Input, InputQuorumSet};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const MAX_NODES: usize = 16;

type Mask = u32;

fn bit(i: usize) -> Mask {
    1 << i
}

fn members(m: Mask) -> impl Iterator<Item = usize> {
    (0..32).filter(move |&i| m & bit(i) != 0)
}

fn popcount(m: Mask) -> usize {
    m.count_ones() as usize
}

/// All submasks of `m`, including 0 and `m`.
fn submasks(m: Mask) -> Vec<Mask> {
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
struct QSet {
    threshold: u64,
    validators: Vec<usize>,
    inner: Vec<QSet>,
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

    fn satisfied_by(&self, x: Mask) -> bool {
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
    fn delete(&self, gone: Mask) -> QSet {
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

    /// The legacy engine's slice enumeration for `threshold` = `rel(set)` at every level: one
    /// slice per choice of `rel` members (validators, or inner sets contributing each of their own
    /// slices, an inner set with `rel` 0 contributing the empty slice); nothing when `rel` of this
    /// set is 0 (its "nonempty" slice iterator).
    fn legacy_nonempty_slices(&self, rel: fn(&QSet) -> u64) -> Vec<Mask> {
        let groups: Vec<Vec<Mask>> = self
            .validators
            .iter()
            .map(|&v| vec![bit(v)])
            .chain(self.inner.iter().map(|q| q.legacy_slices(rel)))
            .collect();
        let t = rel(self) as usize;
        if t == 0 || t > groups.len() {
            return Vec::new();
        }
        let mut out = Vec::new();
        // all t-combinations of groups (in order), then all choices of one slice per group
        let mut combination: Vec<usize> = (0..t).collect();
        loop {
            let mut slices = vec![0 as Mask];
            for &g in &combination {
                slices = slices
                    .iter()
                    .flat_map(|&acc| groups[g].iter().map(move |&x| acc | x))
                    .collect();
            }
            out.extend(slices);
            // next combination
            let mut i = t;
            while i > 0 && combination[i - 1] == groups.len() - t + i - 1 {
                i -= 1;
            }
            if i == 0 {
                return out;
            }
            combination[i - 1] += 1;
            for j in i..t {
                combination[j] = combination[j - 1] + 1;
            }
        }
    }

    /// `legacy_nonempty_slices`, but the empty slice when `rel` of this set is 0.
    fn legacy_slices(&self, rel: fn(&QSet) -> u64) -> Vec<Mask> {
        if rel(self) == 0 {
            vec![0]
        } else {
            self.legacy_nonempty_slices(rel)
        }
    }

    fn contained_with_duplicates(&self) -> usize {
        self.validators.len()
            + self
                .inner
                .iter()
                .map(|q| q.contained_with_duplicates())
                .sum::<usize>()
    }

    /// The legacy engine's test for two disjoint quorums in a symmetric cluster with common
    /// quorum set `self`: not when fewer than two slices are enumerated; else a greedy pairing of
    /// slices (validators alternately, then inner sets), or, with duplicated nodes, a search for
    /// a small slice whose complement is a slice too. It may answer "split" with an empty slice.
    fn legacy_has_nonintersecting_quorums(&self) -> bool {
        if self.legacy_nonempty_slices(|q| q.threshold).len() < 2 {
            return false;
        }
        if self.threshold == 0 {
            return true;
        }
        let contained = self.contained();
        if popcount(contained) < self.contained_with_duplicates() {
            return self
                .legacy_nonempty_slices(|q| q.threshold)
                .into_iter()
                .any(|slice| {
                    popcount(slice) < popcount(contained) / 2
                        && self.satisfied_by(contained & !slice)
                });
        }
        self.legacy_greedy_disjoint_slices().is_some()
    }

    fn legacy_greedy_disjoint_slices(&self) -> Option<(Mask, Mask)> {
        let mut slices = [0 as Mask; 2];
        let mut i = 0usize;
        let goal = 2 * self.threshold as usize;
        for &v in self.validators.iter().take(goal) {
            slices[i % 2] |= bit(v);
            i += 1;
        }
        for q in &self.inner {
            if i >= goal {
                break;
            } else if let Some((a, b)) = q.legacy_greedy_disjoint_slices() {
                slices[i % 2] |= a;
                slices[(i + 1) % 2] |= b;
                i += 2;
            } else if let Some(&first) = q.legacy_nonempty_slices(|q| q.threshold).first() {
                slices[i % 2] |= first;
                i += 1;
            }
        }
        (i == goal).then_some((slices[0], slices[1]))
    }

    fn contained(&self) -> Mask {
        self.validators.iter().fold(0, |m, &v| m | bit(v))
            | self.inner.iter().fold(0, |m, q| m | q.contained())
    }

    /// Validators and inner sets sorted (node ids are in public-key order).
    fn sorted(mut self) -> QSet {
        self.validators.sort();
        self.inner = self.inner.into_iter().map(QSet::sorted).collect();
        self.inner.sort();
        self
    }

    /// The legacy "validator-containing quorum sets": the set itself when it has validators or no
    /// inner sets, else (recursively) those of its inner sets.
    fn collect_validator_containing(&self, out: &mut BTreeSet<QSet>) {
        if !self.validators.is_empty() || self.inner.is_empty() {
            out.insert(self.clone());
        } else {
            for q in &self.inner {
                q.collect_validator_containing(out);
            }
        }
    }

    /// Same set written with public keys, validators and inner sets sorted.
    fn normalized(&self, keys: &[String]) -> NormQSet {
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

/// A quorum set with public keys, validators and inner sets sorted (for comparing sets).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct NormQSet {
    pub threshold: u64,
    pub validators: Vec<String>,
    pub inner: Vec<NormQSet>,
}

impl NormQSet {
    /// Parses the legacy JSON form `{threshold, validators?, innerQuorumSets?}` and normalises it.
    pub fn from_legacy_json(v: &serde_json::Value) -> Option<NormQSet> {
        let threshold = v.get("threshold")?.as_u64()?;
        let mut validators: Vec<String> = match v.get("validators") {
            Some(a) => a
                .as_array()?
                .iter()
                .map(|s| s.as_str().map(str::to_string))
                .collect::<Option<_>>()?,
            None => Vec::new(),
        };
        validators.sort();
        let mut inner: Vec<NormQSet> = match v.get("innerQuorumSets") {
            Some(a) => a
                .as_array()?
                .iter()
                .map(NormQSet::from_legacy_json)
                .collect::<Option<_>>()?,
            None => Vec::new(),
        };
        inner.sort();
        Some(NormQSet {
            threshold,
            validators,
            inner,
        })
    }
}

/// The merge levels of the legacy engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lvl {
    Node,
    Organization,
    Country,
    Isp,
}

pub const LEVELS: [Lvl; 4] = [Lvl::Node, Lvl::Organization, Lvl::Country, Lvl::Isp];

impl Lvl {
    pub fn name(self) -> &'static str {
        match self {
            Lvl::Node => "node",
            Lvl::Organization => "organization",
            Lvl::Country => "country",
            Lvl::Isp => "isp",
        }
    }
}

/// The legacy values at one merge level. Sets are lists of group names (one entry per group, so a
/// name can repeat when two organizations share it), each sorted, the list sorted.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LevelResult {
    pub top_tier: Vec<String>,
    pub top_tier_size: usize,
    pub blocking_sets: Vec<Vec<String>>,
    pub min_blocking_set_size: usize,
    pub blocking_sets_filtered: Vec<Vec<String>>,
    pub min_blocking_set_filtered_size: usize,
    pub splitting_sets: Vec<Vec<String>>,
    pub min_splitting_set_size: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OracleResult {
    pub has_quorum_intersection: bool,
    pub has_symmetric_top_tier: bool,
    pub symmetric_top_tier: Option<NormQSet>,
    /// Minimal quorums (public keys, sorted).
    pub minimal_quorums: Vec<Vec<String>>,
    /// Size of the smallest minimal quorum, 0 when there is none.
    pub min_quorum_size: usize,
    /// The legacy splitting-set search aborts on this input (it asks for the quorum intersection
    /// of a network left without any consensus cluster); the splitting sets are then empty here.
    pub legacy_splitting_aborts: bool,
    pub node: LevelResult,
    pub organization: LevelResult,
    pub country: LevelResult,
    pub isp: LevelResult,
}

impl OracleResult {
    pub fn level(&self, l: Lvl) -> &LevelResult {
        match l {
            Lvl::Node => &self.node,
            Lvl::Organization => &self.organization,
            Lvl::Country => &self.country,
            Lvl::Isp => &self.isp,
        }
    }
}

/// The country / ISP clean-up: every ',' removed, then one trailing '.' dropped.
pub fn clean_group_name(name: &str) -> String {
    let mut s: String = name.chars().filter(|&c| c != ',').collect();
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// The network after preprocessing (steps 1-4), nodes numbered in public-key order (as the
/// legacy engine's standard form does), with per-mask satisfaction precomputed.
struct Network {
    /// Public keys, sorted; node i is `keys[i]`.
    keys: Vec<String>,
    /// `order[i]`: index of node i in `input.nodes`.
    order: Vec<usize>,
    /// Quorum sets restricted to the core (None: not in the core).
    qsets: Vec<Option<QSet>>,
    /// Nodes of the standard form (step 3).
    standard: Mask,
    core: Mask,
    /// The legacy engine's consensus clusters: strongly connected components (over the core's
    /// satisfiable nodes) that contain a quorum.
    clusters: Vec<Mask>,
    /// `sat[x]`: the core nodes whose quorum set is satisfied by `x` (x ⊆ core).
    sat: Vec<Mask>,
}

/// Nodes of `x` whose set in `qsets` is satisfied by `x` (None: never).
fn satisfied_in(qsets: &[Option<QSet>], x: Mask) -> Mask {
    members(x)
        .filter(|&i| qsets[i].as_ref().is_some_and(|q| q.satisfied_by(x)))
        .fold(0, |m, i| m | bit(i))
}

/// Greatest subset of `x` all of whose members are satisfied within it.
fn fixpoint(qsets: &[Option<QSet>], mut x: Mask) -> Mask {
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
fn strongly_connected_components(qsets: &[Option<QSet>], within: Mask) -> Vec<Mask> {
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

impl Network {
    fn build(input: &Input) -> Network {
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
        // 1. resolve
        let mut qsets: Vec<Option<QSet>> = order
            .iter()
            .map(|&o| {
                input.nodes[o]
                    .quorum_set
                    .as_ref()
                    .map(|q| QSet::resolve(q, &index))
            })
            .collect();
        // 2. one-node quorums
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
        // 3. standard form: the satisfiable nodes
        let all: Mask = if n == 32 { !0 } else { bit(n) - 1 };
        let present: Mask = (0..n)
            .filter(|&i| qsets[i].is_some())
            .fold(0, |m, i| m | bit(i));
        let standard = fixpoint(&qsets, present);
        // 4. core: strongly connected components of the trust graph in which paths may still run
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
    fn fixpoint_with(&self, mut x: Mask, s: Mask) -> Mask {
        loop {
            let y = x & self.sat[(x | s) as usize];
            if y == x {
                return x;
            }
            x = y;
        }
    }

    fn is_quorum(&self, x: Mask) -> bool {
        x != 0 && x & !self.sat[x as usize] == 0
    }

    /// All minimal quorums inside `within`.
    fn minimal_quorums(&self, within: Mask) -> Vec<Mask> {
        submasks(within)
            .into_iter()
            .filter(|&x| {
                self.is_quorum(x) && members(x).all(|i| self.fixpoint_with(x & !bit(i), 0) == 0)
            })
            .collect()
    }

    /// All minimal sets B ⊆ `within` such that `within` minus B contains no quorum.
    fn minimal_blocking_sets(&self, within: Mask) -> Vec<Mask> {
        let blocks = |b: Mask| self.fixpoint_with(within & !b, 0) == 0;
        submasks(within)
            .into_iter()
            .filter(|&b| blocks(b) && members(b).all(|i| !blocks(b & !bit(i))))
            .collect()
    }

    /// Whether two disjoint non-empty quorums exist after Mazières' delete of `s`.
    fn splits(&self, s: Mask) -> bool {
        let rest = self.core & !s;
        submasks(rest).into_iter().any(|x| {
            x != 0 && x & !self.sat[(x | s) as usize] == 0 && self.fixpoint_with(rest & !x, s) != 0
        })
    }

    /// The legacy blocking sets of a symmetric cluster whose common quorum set names some node
    /// twice: the slices for the "blocking threshold" (entries + 1 - threshold), filtered by a
    /// legacy minimality test that, by a slip, keeps a slice only if it, and what is left of it
    /// after taking away its nodes one by one in node order but the last, all contain a quorum
    /// (in practice only the empty slice survives). `None` when the set has no duplicates (the
    /// answer is then exact).
    fn legacy_symmetric_blocking_sets(&self, cluster: Mask) -> Option<Vec<Mask>> {
        let first = members(cluster).next().expect("non-empty cluster");
        let q = self.standard_qset(first);
        if popcount(q.contained()) == q.contained_with_duplicates() {
            return None;
        }
        fn blocking_threshold(q: &QSet) -> u64 {
            ((q.validators.len() + q.inner.len()) as u64 + 1).wrapping_sub(q.threshold)
        }
        let kept: BTreeSet<Mask> = q
            .legacy_slices(blocking_threshold)
            .into_iter()
            .filter(|&b| {
                let mut tester = b;
                members(b).all(|v| {
                    let contains_quorum = self.fixpoint_with(tester, 0) != 0;
                    tester &= !bit(v);
                    contains_quorum
                })
            })
            .collect();
        Some(kept.into_iter().collect())
    }

    /// The legacy engine's "quorum expanders": nodes in a slice of some (standard-form) quorum
    /// set that the slice does not satisfy.
    fn legacy_quorum_expanders(&self) -> Mask {
        let standard: BTreeSet<QSet> = members(self.core).map(|i| self.standard_qset(i)).collect();
        let mut expanders: Mask = 0;
        for q in standard.iter().filter(|q| q.threshold > 0) {
            for slice in q.legacy_nonempty_slices(|q| q.threshold) {
                for v in members(slice) {
                    if !self.qsets[v]
                        .as_ref()
                        .is_some_and(|_| self.standard_qset(v).satisfied_by(slice))
                    {
                        expanders |= bit(v);
                    }
                }
            }
        }
        expanders
    }

    /// The legacy shortcut for a symmetric cluster without quorum expanders: the slices of the
    /// common quorum set for the "splitting threshold" 2t - n (0 when 2t <= n).
    fn legacy_symmetric_splitting_sets(q: &QSet) -> Vec<Mask> {
        fn splitting_threshold(q: &QSet) -> u64 {
            let n = (q.validators.len() + q.inner.len()) as u64;
            (2 * q.threshold).saturating_sub(n)
        }
        let potential = q.legacy_slices(splitting_threshold);
        if potential.len() == 1 && q.satisfied_by(potential[0]) {
            return Vec::new();
        }
        if popcount(q.contained()) < q.contained_with_duplicates() {
            minimal_masks(potential)
        } else {
            potential
        }
    }

    /// The minimal sets among the subsets of the core accepted by `allowed` for which `splits`
    /// holds (a set is kept when no accepted proper subset is kept).
    fn minimal_splitting_sets(
        &self,
        allowed: impl Fn(Mask) -> bool,
        splits: impl Fn(Mask) -> bool,
    ) -> Vec<Mask> {
        let mut candidates = submasks(self.core);
        candidates.sort_by_key(|&s| (popcount(s), s));
        let mut found: Vec<Mask> = Vec::new();
        for s in candidates {
            if !allowed(s) || found.iter().any(|&f| f & !s == 0) {
                continue;
            }
            if splits(s) {
                found.push(s);
            }
        }
        found
    }

    /// Node i's quorum set in the legacy "standard form": the node added (threshold + 1) when it
    /// is not among the nodes the set contains; validators and inner sets sorted.
    fn standard_qset(&self, i: usize) -> QSet {
        let mut q = self.qsets[i].clone().expect("core node has a quorum set");
        if q.contained() & bit(i) == 0 {
            q.validators.push(i);
            q.threshold += 1;
        }
        q.sorted()
    }

    /// The legacy engine's test for a "symmetric cluster": every node of `cluster` has the same
    /// standard-form quorum set, and that set contains exactly `cluster`.
    fn is_symmetric_cluster(&self, cluster: Mask) -> bool {
        let Some(first) = members(cluster).next() else {
            return false;
        };
        let q = self.standard_qset(first);
        q.contained() == cluster && members(cluster).all(|i| self.standard_qset(i) == q)
    }

    /// The legacy engine's "symmetric nodes" among `domain` (module documentation, step 7): groups of nodes that are only ever referenced through one and the same
    /// validator-containing quorum set.
    fn symmetric_node_groups(&self, domain: Mask) -> Vec<Mask> {
        symmetric_node_groups(
            members(domain).map(|i| self.standard_qset(i)),
            domain,
            self.keys.len(),
        )
    }

    /// The legacy symmetric top tier: the clusters' nodes grouped by standard-form quorum set; a
    /// symmetric cluster is a set Q whose contained nodes are exactly the nodes having Q; the top
    /// tier is symmetric when there is exactly one and the other core nodes contain no quorum.
    fn symmetric_top_tier(&self) -> Option<NormQSet> {
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

/// Groups of nodes that are only ever referenced through one and the same validator-containing
/// quorum set, given the standard-form quorum sets of the nodes of `domain`.
fn symmetric_node_groups(
    standard_qsets: impl Iterator<Item = QSet>,
    domain: Mask,
    n: usize,
) -> Vec<Mask> {
    let standard: BTreeSet<QSet> = standard_qsets.collect();
    let mut validator_containing: BTreeSet<QSet> = BTreeSet::new();
    for q in &standard {
        q.collect_validator_containing(&mut validator_containing);
    }
    let mut references = vec![0usize; n];
    for q in &validator_containing {
        for v in members(q.contained()) {
            references[v] += 1;
        }
    }
    let mut groups: Vec<Mask> = validator_containing
        .iter()
        .map(|q| q.contained())
        .filter(|&c| c != 0 && members(c).all(|v| references[v] == 1))
        .map(|c| c & domain)
        .filter(|&g| g != 0)
        .collect();
    groups.sort();
    groups.dedup();
    groups
}

/// Whether `s` meets every group in a prefix of the group (in node order).
fn is_prefix_form(s: Mask, groups: &[Mask]) -> bool {
    groups.iter().all(|&g| {
        let k = popcount(s & g);
        s & g == members(g).take(k).fold(0, |m, i| m | bit(i))
    })
}

/// The legacy expansion: every group that `s` meets is replaced, in all possible ways, by the
/// same number of its members.
fn expand(s: Mask, groups: &[Mask]) -> Vec<Mask> {
    let mut out = vec![
        s & !groups
            .iter()
            .filter(|&&g| s & g != 0)
            .fold(0, |m, &g| m | g),
    ];
    for &g in groups.iter().filter(|&&g| s & g != 0) {
        let k = popcount(s & g);
        let choices: Vec<Mask> = submasks(g)
            .into_iter()
            .filter(|&c| popcount(c) == k)
            .collect();
        out = out
            .iter()
            .flat_map(|&base| choices.iter().map(move |&c| base | c))
            .collect();
    }
    out
}

/// Drops duplicates and sets that strictly contain another set (node sets).
fn minimal_masks(sets: Vec<Mask>) -> Vec<Mask> {
    let unique: BTreeSet<Mask> = sets.into_iter().collect();
    unique
        .iter()
        .copied()
        .filter(|&s| !unique.iter().any(|&t| t != s && t & s == t))
        .collect()
}
/// Group assignment at one level: `group[i]` is node i's group id, `names[g]` its name.
struct Groups {
    group: Vec<usize>,
    names: Vec<String>,
}

impl Groups {
    fn nodes(keys: &[String]) -> Groups {
        Groups {
            group: (0..keys.len()).collect(),
            names: keys.to_vec(),
        }
    }

    /// Groups by a name per node (`None`: no group, the node alone); ids >= n are named groups.
    fn by_name(keys: &[String], name_of: impl Fn(usize) -> Option<String>) -> Groups {
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

    /// The legacy organization grouping (module documentation, step 9).
    fn organizations(input: &Input, keys: &[String], standard: Mask) -> Groups {
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

    fn merge(&self, set: Mask) -> BTreeSet<usize> {
        members(set).map(|i| self.group[i]).collect()
    }

    fn render(&self, set: &BTreeSet<usize>) -> Vec<String> {
        let mut v: Vec<String> = set.iter().map(|&g| self.names[g].clone()).collect();
        v.sort();
        v
    }
}

/// Drops duplicates and sets that strictly contain another set.
fn minimal_sets(sets: Vec<BTreeSet<usize>>) -> Vec<BTreeSet<usize>> {
    let unique: BTreeSet<BTreeSet<usize>> = sets.into_iter().collect();
    unique
        .iter()
        .filter(|s| !unique.iter().any(|t| t != *s && t.is_subset(s)))
        .cloned()
        .collect()
}

fn render_all(groups: &Groups, sets: &[BTreeSet<usize>]) -> (Vec<Vec<String>>, usize) {
    let mut out: Vec<Vec<String>> = sets.iter().map(|s| groups.render(s)).collect();
    out.sort();
    let min = sets.iter().map(|s| s.len()).min().unwrap_or(0);
    (out, min)
}

/// Which legacy search shortcuts the oracle reproduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Reproduce the legacy search shortcuts (module documentation, steps 7 and 9): the
    /// symmetric-node reduction of the minimal quorums and blocking sets and the heuristic
    /// splitting-set search. Without them the oracle answers the exact semantics.
    pub legacy_search: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            legacy_search: true,
        }
    }
}

/// What the legacy engine answers on `input` with the given faulty public keys.
pub fn analyze(input: &Input, faulty: &[String]) -> OracleResult {
    analyze_with(input, faulty, Options::default())
}

/// The exact answers (no legacy search shortcuts) on `input`.
pub fn analyze_exact(input: &Input, faulty: &[String]) -> OracleResult {
    analyze_with(
        input,
        faulty,
        Options {
            legacy_search: false,
        },
    )
}

pub fn analyze_with(input: &Input, faulty: &[String], options: Options) -> OracleResult {
    let net = Network::build(input);
    let keys = &net.keys;
    let quirk = options.legacy_search;
    // Per consensus cluster, the legacy engine answers exactly when the cluster is symmetric, and
    // otherwise searches with the symmetric-nodes reduction (when `quirk`).
    let reduce = |sets: Vec<Mask>, groups: &[Mask]| -> Vec<Mask> {
        sets.into_iter()
            .filter(|&s| is_prefix_form(s, groups))
            .flat_map(|s| expand(s, groups))
            .collect()
    };
    let mut mq_found: Vec<Mask> = Vec::new();
    let mut mbs_per_cluster: Vec<Vec<Mask>> = Vec::new();
    for &cluster in &net.clusters {
        let mqs = net.minimal_quorums(cluster);
        let mbs = net.minimal_blocking_sets(cluster);
        if !quirk {
            mq_found.extend(mqs);
            mbs_per_cluster.push(mbs);
        } else if net.is_symmetric_cluster(cluster) {
            mq_found.extend(mqs);
            mbs_per_cluster.push(net.legacy_symmetric_blocking_sets(cluster).unwrap_or(mbs));
        } else {
            let groups = net.symmetric_node_groups(cluster);
            mq_found.extend(reduce(mqs, &groups));
            mbs_per_cluster.push(reduce(mbs, &groups));
        }
    }
    // The legacy intersection test looks at the minimal quorums it found (step 7).
    let quorums_exist = !mq_found.is_empty();
    let has_quorum_intersection = quorums_exist
        && mq_found
            .iter()
            .all(|&a| mq_found.iter().all(|&b| a & b != 0));
    let top_tier: Mask = mq_found.iter().fold(0, |m, &q| m | q);
    let mqs = minimal_masks(mq_found);
    // blocking: one minimal blocking set per cluster, united (none when there is no cluster)
    let mut mbs: Vec<Mask> = if net.clusters.is_empty() {
        Vec::new()
    } else {
        vec![0]
    };
    for per_cluster in &mbs_per_cluster {
        mbs = mbs
            .iter()
            .flat_map(|&b| per_cluster.iter().map(move |&c| b | c))
            .collect();
    }
    let mut legacy_splitting_aborts = false;
    let mss: Vec<Mask> = match net.clusters.len() {
        0 => Vec::new(),
        1 if quirk
            && net.legacy_quorum_expanders() == 0
            && net.is_symmetric_cluster(net.clusters[0]) =>
        {
            let first = members(net.clusters[0]).next().expect("non-empty cluster");
            Network::legacy_symmetric_splitting_sets(&net.standard_qset(first))
        }
        1 if quirk => legacy_search::minimal_splitting_sets(&net).unwrap_or_else(|| {
            legacy_splitting_aborts = true;
            Vec::new()
        }),
        1 => net.minimal_splitting_sets(|_| true, |s| net.splits(s)),
        _ => vec![0],
    };
    let symmetric_top_tier = net.symmetric_top_tier();
    let faulty_mask: Mask = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| faulty.contains(k))
        .fold(0, |m, (i, _)| m | bit(i));
    let input_node = |i: usize| &input.nodes[net.order[i]];

    let level = |groups: &Groups| -> LevelResult {
        let tt = groups.merge(top_tier);
        let merge_all =
            |sets: &[Mask]| minimal_sets(sets.iter().map(|&s| groups.merge(s)).collect());
        let (blocking_sets, min_blocking_set_size) = render_all(groups, &merge_all(&mbs));
        let filtered: Vec<Mask> = mbs.iter().map(|&b| b & !faulty_mask).collect();
        let (blocking_sets_filtered, min_blocking_set_filtered_size) =
            render_all(groups, &merge_all(&filtered));
        let (splitting_sets, min_splitting_set_size) = render_all(groups, &merge_all(&mss));
        LevelResult {
            top_tier: groups.render(&tt),
            top_tier_size: tt.len(),
            blocking_sets,
            min_blocking_set_size,
            blocking_sets_filtered,
            min_blocking_set_filtered_size,
            splitting_sets,
            min_splitting_set_size,
        }
    };

    let node = level(&Groups::nodes(keys));
    let organization = level(&Groups::organizations(input, keys, net.standard));
    let country = level(&Groups::by_name(keys, |i| {
        input_node(i)
            .country
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(clean_group_name)
    }));
    let isp = level(&Groups::by_name(keys, |i| {
        input_node(i).isp.as_deref().map(clean_group_name)
    }));

    let mut minimal_quorums: Vec<Vec<String>> = mqs
        .iter()
        .map(|&q| {
            let mut v: Vec<String> = members(q).map(|i| keys[i].clone()).collect();
            v.sort();
            v
        })
        .collect();
    minimal_quorums.sort();
    OracleResult {
        has_quorum_intersection,
        has_symmetric_top_tier: symmetric_top_tier.is_some(),
        symmetric_top_tier,
        min_quorum_size: mqs.iter().map(|&q| popcount(q)).min().unwrap_or(0),
        legacy_splitting_aborts,
        minimal_quorums,
        node,
        organization,
        country,
        isp,
    }
}

/// Emulation of the legacy engine's splitting-set search (module documentation, step 9): a
/// depth-first search over candidate nodes in a fixed order that deletes them one by one and records a selection as soon as the consensus clusters changed and quorum intersection
/// is lost, pruned by a heuristic ("potential") that can cut off real splitting sets. Its answers
/// depend on the candidate order, so the order is reproduced too (a PageRank-like score plus the
/// share of nodes that can reach the candidate; ties by public key).
mod legacy_search {
    use super::*;

    struct Search<'a> {
        net: &'a Network,
        /// Standard-form quorum sets of the core nodes.
        standard: Vec<Option<QSet>>,
        scores: Vec<f64>,
        /// Symmetric node groups over all core nodes (fixed-order use, then expansion).
        groups: Vec<Mask>,
        found: Vec<Mask>,
    }

    /// The search state: the deleted ("faulty") nodes, the strongly connected components of what
    /// is left and up to two of them that contain a quorum.
    #[derive(Clone)]
    struct State {
        faulty: Mask,
        sccs: Vec<Mask>,
        clusters: Vec<Mask>,
        changed: bool,
    }

    impl<'a> Search<'a> {
        fn deleted_qsets(&self, faulty: Mask) -> Vec<Option<QSet>> {
            self.standard
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    q.as_ref()
                        .filter(|_| faulty & bit(i) == 0)
                        .map(|q| q.delete(faulty))
                })
                .collect()
        }

        fn clusters_of(&self, sccs: &[Mask], faulty: Mask) -> Vec<Mask> {
            sccs.iter()
                .copied()
                .filter(|&scc| self.net.fixpoint_with(scc, faulty) != 0)
                .take(2)
                .collect()
        }

        fn initial_state(&self) -> State {
            let satisfiable = fixpoint(&self.net.qsets, self.net.core);
            let sccs = strongly_connected_components(&self.standard, satisfiable);
            let clusters = self.clusters_of(&sccs, 0);
            State {
                faulty: 0,
                sccs,
                clusters,
                changed: true,
            }
        }

        fn assume_faulty(&self, state: &State, nodes: Mask) -> State {
            let new = nodes & !state.faulty;
            let faulty = state.faulty | new;
            let deleted = self.deleted_qsets(faulty);
            let sccs: Vec<Mask> = state
                .sccs
                .iter()
                .flat_map(|&scc| {
                    if scc & new == 0 {
                        vec![scc]
                    } else if scc & !new == 0 {
                        Vec::new()
                    } else {
                        strongly_connected_components(&deleted, scc & !new)
                    }
                })
                .collect();
            let clusters = self.clusters_of(&sccs, faulty);
            State {
                faulty,
                changed: clusters != state.clusters,
                sccs,
                clusters,
            }
        }

        /// Whether the network left after deleting `state.faulty` still has quorum intersection, as
        /// the legacy engine decides it; `None` where the legacy engine panics (no cluster left).
        fn has_quorum_intersection(&self, state: &State) -> Option<bool> {
            let cluster = match state.clusters.as_slice() {
                [] => return None,
                [c] => *c,
                _ => return Some(false),
            };
            let deleted = self.deleted_qsets(state.faulty);
            let first = members(cluster).next().expect("non-empty cluster");
            let q = deleted[first].clone().expect("cluster node");
            if q.contained() == cluster && members(cluster).all(|i| deleted[i].as_ref() == Some(&q))
            {
                return Some(!q.legacy_has_nonintersecting_quorums());
            }
            let mut order: Vec<usize> = members(cluster).collect();
            order.sort_by(|&a, &b| {
                self.scores[b]
                    .partial_cmp(&self.scores[a])
                    .unwrap()
                    .then(a.cmp(&b))
            });
            let groups = symmetric_node_groups(
                members(cluster).map(|i| deleted[i].clone().expect("cluster node")),
                cluster,
                self.net.keys.len(),
            );
            let picks = order.len() / 2;
            Some(!self.nonintersecting_step(
                &order,
                0,
                0,
                cluster,
                cluster,
                state.faulty,
                &groups,
                picks,
                true,
            ))
        }

        /// The legacy search for a quorum (a selection taken in `order`, at most `picks` nodes)
        /// whose complement in the cluster still contains a quorum.
        #[allow(clippy::too_many_arguments)]
        fn nonintersecting_step(
            &self,
            order: &[usize],
            at: usize,
            selection: Mask,
            available: Mask,
            antiselection: Mask,
            faulty: Mask,
            groups: &[Mask],
            picks: usize,
            changed: bool,
        ) -> bool {
            let net = self.net;
            if changed && selection != 0 && selection & !net.sat[(selection | faulty) as usize] == 0
            {
                return net.fixpoint_with(antiselection, faulty) != 0;
            }
            if picks == 0 || at == order.len() {
                return false;
            }
            let c = order[at];
            if non_redundant_next(groups, c, selection)
                && self.nonintersecting_step(
                    order,
                    at + 1,
                    selection | bit(c),
                    available,
                    antiselection & !bit(c),
                    faulty,
                    groups,
                    picks - 1,
                    true,
                )
            {
                return true;
            }
            let available = available & !bit(c);
            let satisfiable =
                members(selection).all(|x| net.sat[(available | faulty) as usize] & bit(x) != 0);
            satisfiable
                && self.nonintersecting_step(
                    order,
                    at + 1,
                    selection,
                    available,
                    antiselection,
                    faulty,
                    groups,
                    picks,
                    false,
                )
        }

        /// The pruning heuristic: some remaining candidate could form a quorum among the remaining
        /// candidates now but not before any deletion, or deleting all of them changes the clusters.
        fn has_potential(&self, remaining: Mask, state: &State) -> bool {
            let net = self.net;
            members(remaining).any(|r| {
                net.sat[(remaining | state.faulty) as usize] & bit(r) != 0
                    && (state.faulty == 0 || net.sat[remaining as usize] & bit(r) == 0)
            }) || self.assume_faulty(state, remaining).changed
        }

        /// Returns false when the legacy engine would panic.
        fn step(&mut self, order: &[usize], at: usize, selection: Mask, mut state: State) -> bool {
            let remaining = order[at..].iter().fold(0, |m, &i| m | bit(i));
            if state.clusters.is_empty() && !self.has_potential(remaining, &state) {
                return true;
            }
            if state.changed {
                match self.has_quorum_intersection(&state) {
                    None => return false,
                    Some(false) => {
                        self.found.push(selection);
                        return true;
                    }
                    Some(true) => {}
                }
            }
            if at == order.len() {
                return true;
            }
            let c = order[at];
            state.changed = false;
            if non_redundant_next(&self.groups, c, selection) {
                let next = self.assume_faulty(&state, bit(c));
                if !self.step(order, at + 1, selection | bit(c), next) {
                    return false;
                }
            }
            if self.has_potential(remaining & !bit(c), &state)
                && !self.step(order, at + 1, selection, state)
            {
                return false;
            }
            true
        }
    }

    /// The legacy rule for using symmetric nodes in a fixed order: a group member may only join
    /// the selection when all group members before it (in node order) are in it.
    fn non_redundant_next(groups: &[Mask], node: usize, selection: Mask) -> bool {
        match groups.iter().find(|&&g| g & bit(node) != 0) {
            Some(&g) => members(g & !selection).next() == Some(node),
            None => true,
        }
    }

    /// The legacy ranking: 100 rounds of spreading each cluster node's score evenly over the nodes
    /// its quorum set contains (counting only cluster nodes as receivers), plus, per node, the
    /// share of core nodes that can reach it.
    fn scores(standard: &[Option<QSet>], core: Mask, cluster: Mask) -> Vec<f64> {
        let n = standard.len();
        let trusted: Vec<Mask> = standard
            .iter()
            .map(|q| q.as_ref().map_or(0, |q| q.contained()))
            .collect();
        let start = 1.0 / popcount(cluster) as f64;
        let mut scores: Vec<f64> = (0..n)
            .map(|i| if core & bit(i) != 0 { start } else { 0.0 })
            .collect();
        for _ in 0..100 {
            let last = std::mem::replace(&mut scores, vec![0.0; n]);
            for node in members(cluster) {
                let l = popcount(trusted[node]) as f64;
                for t in members(trusted[node] & cluster) {
                    scores[t] += last[node] / l;
                }
            }
        }
        // nodes that can reach each node (including itself)
        let mut reach: Vec<Mask> = trusted.clone();
        for k in 0..n {
            for i in 0..n {
                if reach[i] & bit(k) != 0 {
                    reach[i] |= reach[k];
                }
            }
        }
        let size = popcount(core) as f64;
        (0..n)
            .map(|i| {
                let affected = members(core)
                    .filter(|&j| j == i || reach[j] & bit(i) != 0)
                    .count();
                scores[i] + affected as f64 / size
            })
            .collect()
    }

    /// The legacy minimal splitting sets for a network with exactly one consensus cluster that is
    /// not handled by the symmetric-cluster shortcut: search, keep the minimal sets found, expand
    /// symmetric nodes. `None` where the legacy engine panics.
    pub(super) fn minimal_splitting_sets(net: &Network) -> Option<Vec<Mask>> {
        let standard: Vec<Option<QSet>> = (0..net.keys.len())
            .map(|i| (net.core & bit(i) != 0).then(|| net.standard_qset(i)))
            .collect();
        let cluster = net.clusters[0];
        let scores = scores(&standard, net.core, cluster);
        let mut order: Vec<usize> = members(cluster | net.legacy_quorum_expanders()).collect();
        order.sort_by(|&a, &b| scores[b].partial_cmp(&scores[a]).unwrap().then(a.cmp(&b)));
        let groups = net.symmetric_node_groups(net.core);
        let mut search = Search {
            net,
            standard,
            scores,
            groups,
            found: Vec::new(),
        };
        let state = search.initial_state();
        if !search.step(&order, 0, 0, state) {
            return None;
        }
        let groups = search.groups.clone();
        Some(
            minimal_masks(search.found)
                .into_iter()
                .flat_map(|s| expand(s, &groups))
                .collect(),
        )
    }
}
