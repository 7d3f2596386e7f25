//! The legacy engine's search shortcuts: faster searches that are wrong on some networks. The
//! oracle reproduces them only so that it can be checked against the legacy engine itself
//! (`tests/oracle_vs_legacy.rs`); fbas-sat deliberately does not, and answers the definitions
//! of `exact.rs`. Each shortcut works on the network those definitions preprocess.
//!
//! 1. Symmetric nodes. In a consensus cluster that is not a symmetric cluster (`exact.rs`, step
//!    6), the searches for minimal quorums and minimal blocking sets treat as interchangeable the
//!    nodes of every "validator-containing" set (a standard-form set with validators or without
//!    inner sets, else recursively its inner sets) that is, together with all its nodes,
//!    referenced by no other such set: they only consider sets meeting each group in a prefix
//!    (in public-key order) and then replace that prefix by every same-size subset of the group.
//!    When the group's nodes do not really play the same role (e.g. an organization whose
//!    members have different quorum sets), true minimal quorums / blocking sets go missing and
//!    sets that are not quorums / not blocking appear. The oracle filters the true sets to the
//!    prefix form and expands them ([`is_prefix_form`], [`expand`]); the top tier is then the
//!    union of the expanded minimal quorums, and the legacy intersection test looks at these.
//! 2. Symmetric clusters. The blocking sets of a symmetric cluster whose common quorum set names
//!    a node twice come from a slice formula with a faulty minimality test
//!    ([`Network::legacy_symmetric_blocking_sets`]); with exactly one cluster, symmetric and
//!    without "quorum expanders", the splitting sets are the slices of a second formula
//!    ([`Network::legacy_symmetric_splitting_sets`]).
//! 3. Splitting sets of any other single cluster: a heuristic depth-first search
//!    ([`splitting_search`]) whose answers differ from the exact ones in about 1% of random
//!    networks: it uses the symmetric nodes of item 1, decides intersection after each deletion
//!    with shortcuts of its own (a greedy slice pairing for symmetric clusters that also pairs an
//!    empty slice, a quorum search limited to half the cluster with its own symmetric-node
//!    groups) and prunes branches with an unsound "potential" test, so it misses some minimal
//!    splitting sets (reporting supersets or nothing). On some inputs it aborts (it asks for the
//!    intersection of a network left without any cluster).

use super::exact::{
    bit, fixpoint, members, minimal_masks, popcount, strongly_connected_components, submasks, Mask,
    Network, QSet,
};
use std::collections::BTreeSet;

/// The minimal quorums and minimal blocking sets the legacy engine finds in `cluster`: the true
/// ones in a symmetric cluster (but for the blocking sets of item 2), else the true ones in
/// prefix form over the symmetric-node groups, expanded (item 1).
pub(super) fn cluster_sets(net: &Network, cluster: Mask) -> (Vec<Mask>, Vec<Mask>) {
    let quorums = net.minimal_quorums(cluster);
    let blocking = net.minimal_blocking_sets(cluster);
    if net.is_symmetric_cluster(cluster) {
        let blocking = net
            .legacy_symmetric_blocking_sets(cluster)
            .unwrap_or(blocking);
        return (quorums, blocking);
    }
    let groups = net.symmetric_node_groups(cluster);
    let reduce = |sets: Vec<Mask>| -> Vec<Mask> {
        sets.into_iter()
            .filter(|&s| is_prefix_form(s, &groups))
            .flat_map(|s| expand(s, &groups))
            .collect()
    };
    (reduce(quorums), reduce(blocking))
}

/// The minimal splitting sets the legacy engine reports for a network with exactly one
/// consensus cluster (items 2 and 3); `None` where it aborts.
pub(super) fn splitting_sets(net: &Network) -> Option<Vec<Mask>> {
    let cluster = net.clusters[0];
    if net.legacy_quorum_expanders() == 0 && net.is_symmetric_cluster(cluster) {
        let first = members(cluster).next().expect("non-empty cluster");
        Some(Network::legacy_symmetric_splitting_sets(
            &net.standard_qset(first),
        ))
    } else {
        splitting_search::minimal_splitting_sets(net)
    }
}

impl QSet {
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
}

impl Network {
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

    /// The legacy engine's test for a "symmetric cluster": every node of `cluster` has the same
    /// standard-form quorum set, and that set contains exactly `cluster`.
    fn is_symmetric_cluster(&self, cluster: Mask) -> bool {
        let Some(first) = members(cluster).next() else {
            return false;
        };
        let q = self.standard_qset(first);
        q.contained() == cluster && members(cluster).all(|i| self.standard_qset(i) == q)
    }

    /// The legacy engine's "symmetric nodes" among `domain` (item 1): groups of nodes
    /// that are only ever referenced through one and the same validator-containing quorum set.
    fn symmetric_node_groups(&self, domain: Mask) -> Vec<Mask> {
        symmetric_node_groups(
            members(domain).map(|i| self.standard_qset(i)),
            domain,
            self.keys.len(),
        )
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

/// Emulation of the legacy engine's splitting-set search (item 3): a depth-first search over
/// candidate nodes in a fixed order that deletes them one by one and records a selection as soon
/// as the consensus clusters changed and quorum intersection is lost, pruned by a heuristic ("potential") that can cut off real splitting sets. Its answers
/// depend on the candidate order, so the order is reproduced too (a PageRank-like score plus the
/// share of nodes that can reach the candidate; ties by public key).
mod splitting_search {
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
