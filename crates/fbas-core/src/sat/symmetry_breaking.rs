//! Symmetries of the network, and symmetry breaking for the encodings.
//!
//! A symmetry is a permutation of the nodes that maps the network onto itself (the quorum set of
//! each node's image is the image of its quorum set) and preserves what an analysis counts (its
//! labels, and its groups as a partition). Three kinds are found, each a swap of node pairs:
//!
//! - *interchangeable nodes*: the same quorum set, appearing with the same multiplicity in
//!   exactly the same quorum sets of the network's nodes (validators of one organization
//!   typically are);
//! - *interchangeable blocks*: the validators of two disjoint inner sets without inner sets of
//!   their own (organizations), paired in the order of their indices, when that swap maps the
//!   network onto itself (the organizations of a symmetric top tier are, and so are those of
//!   stellar-core's fully interconnected organizations);
//! - *transposable nodes*: two nodes with different quorum sets whose swap maps the network onto
//!   itself, as when every validator lists all the others but not itself (MobileCoin's
//!   network of 2021: each of ten validators has 7 of the other nine).
//!
//! On a quotient by units ([`crate::analyses::quotient`]), a unit's node and its stand-ins form
//! one group, so none of these swaps moves a unit; [`swaps_with_companions`] swaps two
//! interchangeable or transposable unit nodes each with its stand-ins.
//!
//! The two sides of a split (two disjoint quorums) can also trade places, a symmetry of the
//! encoding rather than of the network ([`break_side_swap`]).
//!
//! Every answer is invariant under a symmetry, so an encoding may keep only the
//! lexicographically largest assignment of each orbit: [`break_symmetry`] requires, for every
//! swap, the assignment to be at least its image, under one order of the variables for all
//! swaps (kind by kind, then by node index), which keeps the constraints of different swaps
//! compatible (lex-leader).

use crate::network::fbas::Fbas;
use crate::network::quorum_set::{NodeId, Qset, QsetId};
use crate::sat::solver::{Sat, SatLit as Lit};
use std::collections::HashMap;
use std::hash::Hash;

/// A symmetry made of disjoint transpositions `(a, b)`, `a < b`, sorted by `a`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swap {
    pub pairs: Vec<(NodeId, NodeId)>,
}

impl Swap {
    fn new(xs: &[NodeId], ys: &[NodeId]) -> Swap {
        let mut pairs: Vec<(NodeId, NodeId)> = xs
            .iter()
            .zip(ys)
            .map(|(&x, &y)| (x.min(y), x.max(y)))
            .collect();
        pairs.sort_unstable();
        Swap { pairs }
    }

    /// The permutation of `0..n` this swap is.
    fn permutation(&self, n: usize) -> Vec<NodeId> {
        let mut image: Vec<NodeId> = (0..n).collect();
        for &(a, b) in &self.pairs {
            image[a] = b;
            image[b] = a;
        }
        image
    }

    /// Whether every node keeps its label and the groups (`groups[v]` per node) are mapped
    /// onto groups.
    fn preserves<L: Eq>(&self, groups: &[usize], label: &impl Fn(NodeId) -> L) -> bool {
        let moved = self.permutation(groups.len());
        let mut fixed = vec![false; groups.iter().max().map_or(0, |&g| g + 1)];
        for v in (0..groups.len()).filter(|&v| moved[v] == v) {
            fixed[groups[v]] = true;
        }
        let mut image: HashMap<usize, usize> = HashMap::new();
        for &(a, b) in &self.pairs {
            if label(a) != label(b) {
                return false;
            }
            for (v, w) in [(a, b), (b, a)] {
                let (g, h) = (groups[v], groups[w]);
                if (fixed[g] && g != h) || *image.entry(g).or_insert(h) != h {
                    return false;
                }
            }
        }
        let mut targets: Vec<usize> = image.values().copied().collect();
        targets.sort_unstable();
        targets.dedup();
        targets.len() == image.len()
            && targets
                .iter()
                .all(|&h| !fixed[h] || image.get(&h) == Some(&h))
    }
}

/// Classes (sorted, at least two nodes each) of pairwise interchangeable nodes, refined so that
/// nodes of one class also share `label` (e.g. their group, or whether they are faulty).
pub fn interchangeable<L: Eq + Hash>(fbas: &Fbas, label: impl Fn(NodeId) -> L) -> Vec<Vec<NodeId>> {
    // Only the sets some node's quorum set reaches count: the arena also keeps sets of nodes
    // that preprocessing removed.
    let mut reachable = vec![false; fbas.arena.len()];
    let mut stack: Vec<QsetId> = fbas.qsets.clone();
    while let Some(id) = stack.pop() {
        if !std::mem::replace(&mut reachable[id], true) {
            stack.extend_from_slice(&fbas.arena.get(id).inner);
        }
    }
    let mut appearances: Vec<Vec<QsetId>> = vec![Vec::new(); fbas.len()];
    for id in (0..fbas.arena.len()).filter(|&id| reachable[id]) {
        for &v in &fbas.arena.get(id).validators {
            appearances[v].push(id);
        }
    }
    let mut classes: HashMap<(QsetId, Vec<QsetId>, L), Vec<NodeId>> = HashMap::new();
    for (v, mut seen) in appearances.into_iter().enumerate() {
        seen.sort_unstable();
        classes
            .entry((fbas.qsets[v], seen, label(v)))
            .or_default()
            .push(v);
    }
    let mut out: Vec<Vec<NodeId>> = classes.into_values().filter(|c| c.len() > 1).collect();
    out.sort();
    out
}

/// The sorted validators of an inner set without inner sets (an organization, typically).
pub type Block = Vec<NodeId>;

/// Orbits (at least two blocks each, sorted by first node) of interchangeable blocks: sorted
/// validator lists of inner sets without inner sets, any two of one orbit swapped by a symmetry
/// of the network (labels and groups aside).
/// Computed once per network and kept with it.
pub fn interchangeable_blocks(fbas: &Fbas) -> &[Vec<Block>] {
    fbas.block_orbits(block_orbits)
}

/// [`interchangeable_blocks`], computed.
fn block_orbits(fbas: &Fbas) -> Vec<Vec<Block>> {
    let mut blocks: Vec<Block> = Vec::new();
    for id in 0..fbas.arena.len() {
        for &i in &fbas.arena.get(id).inner {
            let q = fbas.arena.get(i);
            let mut block = q.validators.clone();
            block.dedup();
            if q.inner.is_empty() && block.len() >= 2 && block.len() == q.validators.len() {
                blocks.push(block);
            }
        }
    }
    blocks.sort();
    blocks.dedup();
    let used = fbas.arena.reachable(&fbas.qsets);
    // An invariant of the orbit, to compare only blocks that may be swapped: the size, how
    // many nodes list the first node, and the shape of its quorum set.
    let listed = listed(fbas);
    let key = |block: &Block| {
        let q = fbas.qset(block[0]);
        (block.len(), listed[block[0]], q.threshold, q.members())
    };
    let swaps = |rep: &Block, block: &Block| {
        rep.iter().all(|v| block.binary_search(v).is_err())
            && is_symmetry(fbas, &used, &Swap::new(rep, block))
    };
    join_orbits(blocks, key, swaps, usize::MAX)
}

/// Orbits (at least two items each, sorted) of `items`, compared only within a bucket of one
/// `key` of at most `max_bucket` items: each item joins the first orbit of its bucket whose
/// first item `swaps` with it, or starts one.
fn join_orbits<T: Ord, K: Eq + Hash>(
    items: Vec<T>,
    key: impl Fn(&T) -> K,
    swaps: impl Fn(&T, &T) -> bool,
    max_bucket: usize,
) -> Vec<Vec<T>> {
    let mut buckets: HashMap<K, Vec<T>> = HashMap::new();
    for item in items {
        buckets.entry(key(&item)).or_default().push(item);
    }
    let mut out: Vec<Vec<T>> = Vec::new();
    for bucket in buckets.into_values().filter(|b| b.len() <= max_bucket) {
        let mut orbits: Vec<Vec<T>> = Vec::new();
        for item in bucket {
            match orbits.iter_mut().find(|orbit| swaps(&orbit[0], &item)) {
                Some(orbit) => orbit.push(item),
                None => orbits.push(vec![item]),
            }
        }
        out.extend(orbits.into_iter().filter(|orbit| orbit.len() > 1));
    }
    out.sort();
    out
}

/// Per node, how many nodes' quorum sets list it (at any depth, once per set).
fn listed(fbas: &Fbas) -> Vec<usize> {
    let mut listed = vec![0usize; fbas.len()];
    let mut trees: HashMap<QsetId, Vec<NodeId>> = HashMap::new();
    for &q in &fbas.qsets {
        let tree = trees
            .entry(q)
            .or_insert_with(|| fbas.arena.contained_nodes(q));
        for &w in tree.iter() {
            listed[w] += 1;
        }
    }
    listed
}

/// Orbits (at least two nodes each, sorted) of transposable nodes: nodes listed by some quorum
/// set and not interchangeable with another node, any two of one orbit swapped by a symmetry of
/// the network (labels and groups aside). Computed once per network and kept with it.
pub fn transposable_nodes(fbas: &Fbas) -> &[Vec<NodeId>] {
    fbas.node_orbits(node_orbits)
}

/// The most nodes compared pairwise in one bucket of [`node_orbits`]: larger buckets (9 000
/// watchers in a ring, each trusting the next, look alike) are skipped, which bounds the work
/// to about `MAX_BUCKET`² / 2 quorum-set comparisons per bucket.
const MAX_BUCKET: usize = 256;

/// [`transposable_nodes`], computed: nodes are compared only within a bucket of one invariant
/// (how many nodes list it, the threshold and member count of its quorum set), each joining
/// the first orbit whose first node a it can be swapped with. Any two nodes b, c of that orbit
/// can then be swapped too: (b c) = (a b)(a c)(a b). The swap of a and v must map a's quorum
/// set onto v's, which is checked first, on those two sets alone.
fn node_orbits(fbas: &Fbas) -> Vec<Vec<NodeId>> {
    let used = fbas.arena.reachable(&fbas.qsets);
    let listed = listed(fbas);
    let mut alone = vec![true; fbas.len()];
    for class in interchangeable(fbas, |_| ()) {
        for v in class {
            alone[v] = false;
        }
    }
    let candidates: Vec<NodeId> = (0..fbas.len())
        .filter(|&v| alone[v] && listed[v] > 0)
        .collect();
    let key = |&v: &NodeId| {
        let q = fbas.qset(v);
        (listed[v], q.threshold, q.members())
    };
    let swaps = |&a: &NodeId, &v: &NodeId| {
        swapped(fbas, fbas.qsets[a], a, v) == Some(fbas.qsets[v])
            && is_symmetry(fbas, &used, &Swap::new(&[a], &[v]))
    };
    join_orbits(candidates, key, swaps, MAX_BUCKET)
}

/// The image of arena set `id` when nodes `a` and `b` swap, if it is a set of the network.
fn swapped(fbas: &Fbas, id: QsetId, a: NodeId, b: NodeId) -> Option<QsetId> {
    let q = fbas.arena.get(id);
    let inner = q
        .inner
        .iter()
        .map(|&i| swapped(fbas, i, a, b))
        .collect::<Option<Vec<QsetId>>>()?;
    let image = |v: NodeId| match v {
        _ if v == a => b,
        _ if v == b => a,
        _ => v,
    };
    fbas.arena.find(&Qset {
        threshold: q.threshold,
        validators: q.validators.iter().map(|&v| image(v)).collect(),
        inner,
    })
}

/// Whether `swap` maps the network onto itself: the image of every node's quorum set is the
/// quorum set of the node's image. `used[id]`: whether arena set `id` is in some node's tree
/// (the image of such a set must be a set of the network, which settles most swaps early).
fn is_symmetry(fbas: &Fbas, used: &[bool], swap: &Swap) -> bool {
    let image = swap.permutation(fbas.len());
    // Per arena set, the id of its image (`None`: not a set of the network), computed in id
    // order (inner sets first); sets that neither list a moved node nor contain a moved set
    // map to themselves.
    let mut mapped: Vec<Option<QsetId>> = Vec::with_capacity(fbas.arena.len());
    // Multiplicities, all zero between uses: a set whose members the swap permutes among
    // themselves (same multiplicities) is its own image, found without a look-up.
    let mut node_count = vec![0isize; fbas.len()];
    let mut set_count = vec![0isize; fbas.arena.len()];
    for (id, &in_use) in used.iter().enumerate() {
        let q = fbas.arena.get(id);
        let untouched = q.validators.iter().all(|&v| image[v] == v)
            && q.inner.iter().all(|&i| mapped[i] == Some(i));
        if untouched {
            mapped.push(Some(id));
            continue;
        }
        let inner: Option<Vec<QsetId>> = q.inner.iter().map(|&i| mapped[i]).collect();
        let found = match inner {
            None => None,
            Some(inner)
                if same_multiset(
                    &q.validators,
                    q.validators.iter().map(|&v| image[v]),
                    &mut node_count,
                ) && same_multiset(&q.inner, inner.iter().copied(), &mut set_count) =>
            {
                Some(id)
            }
            Some(inner) => fbas.arena.find(&Qset {
                threshold: q.threshold,
                validators: q.validators.iter().map(|&v| image[v]).collect(),
                inner,
            }),
        };
        if found.is_none() && in_use {
            return false;
        }
        mapped.push(found);
    }
    (0..fbas.len()).all(|v| mapped[fbas.qsets[v]] == Some(fbas.qsets[image[v]]))
}

/// Whether `xs` and `ys` (as long as `xs`) are the same multiset. `count` (indexed by element)
/// is all zero before and after.
fn same_multiset(
    xs: &[usize],
    ys: impl Iterator<Item = usize> + Clone,
    count: &mut [isize],
) -> bool {
    for &x in xs {
        count[x] += 1;
    }
    for y in ys.clone() {
        count[y] -= 1;
    }
    // Equal lengths: if no element of `xs` is left over, no element of `ys` is either.
    let same = xs.iter().all(|&x| count[x] == 0);
    for y in xs.iter().copied().chain(ys) {
        count[y] = 0;
    }
    same
}

/// The symmetries to break: swaps of consecutive interchangeable nodes (of one group, or each
/// alone in its group) and of consecutive interchangeable blocks of each orbit, each keeping
/// `label` and mapping the groups (`groups[v]` per node) onto groups.
pub fn symmetries<L: Eq + Hash>(
    fbas: &Fbas,
    groups: &[usize],
    label: impl Fn(NodeId) -> L,
) -> Vec<Swap> {
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for &g in groups {
        *sizes.entry(g).or_default() += 1;
    }
    let node_label = |v: NodeId| (label(v), (sizes[&groups[v]] > 1).then_some(groups[v]));
    let mut swaps: Vec<Swap> = interchangeable(fbas, node_label)
        .iter()
        .flat_map(|class| class.windows(2).map(|w| Swap::new(&w[..1], &w[1..])))
        .collect();
    let blocks = interchangeable_blocks(fbas).iter().flat_map(|orbit| {
        orbit
            .windows(2)
            .map(|pair| Swap::new(&pair[0], &pair[1]))
    });
    let nodes = transposable_nodes(fbas)
        .iter()
        .flat_map(|orbit| orbit.windows(2).map(|pair| Swap::new(&pair[..1], &pair[1..])));
    swaps.extend(blocks.chain(nodes).filter(|swap| swap.preserves(groups, &label)));
    swaps
}

/// Swaps of two nodes each carrying its companions along, where `companions(v)` are nodes with
/// v's quorum set that no quorum set lists, moving with v (a quotient's stand-ins, grouped with
/// the node they stand in for, so that [`symmetries`] never swaps such a node alone). When the
/// swap of u and w maps the network onto itself (they are interchangeable, or transposable), so
/// does the swap of u and w together with their companions paired in order: the companions
/// are listed nowhere, and have u's and w's quorum sets. Each swap keeps `label`; only nodes
/// with as many companions, at least one, are paired.
pub fn swaps_with_companions<'c, L: Eq + Hash>(
    fbas: &Fbas,
    companions: impl Fn(NodeId) -> &'c [NodeId],
    label: impl Fn(NodeId) -> L,
) -> Vec<Swap> {
    let key = |v: NodeId| (companions(v).len(), label(v));
    let interchangeable = interchangeable(fbas, key);
    interchangeable
        .iter()
        .chain(transposable_nodes(fbas))
        .flat_map(|class| class.windows(2))
        .filter(|w| !companions(w[0]).is_empty() && key(w[0]) == key(w[1]))
        .map(|w| {
            let with = |v: NodeId| [&[v][..], companions(v)].concat();
            Swap::new(&with(w[0]), &with(w[1]))
        })
        .collect()
}

/// The orbits of the nodes under the symmetries of the network (labels and groups aside): per
/// node, the sorted nodes it can be mapped to (itself included).
pub fn orbits(fbas: &Fbas) -> Vec<Vec<NodeId>> {
    let n = fbas.len();
    let mut parent: Vec<NodeId> = (0..n).collect();
    fn root(parent: &mut [NodeId], mut v: NodeId) -> NodeId {
        while parent[v] != v {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        v
    }
    for swap in symmetries(fbas, &vec![0; n], |_| ()) {
        for (a, b) in swap.pairs {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut members: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
    for v in 0..n {
        let r = root(&mut parent, v);
        members.entry(r).or_default().push(v);
    }
    (0..n)
        .map(|v| members[&root(&mut parent, v)].clone())
        .collect()
}

/// Keep only the assignments whose first node (by index) on either side of two disjoint
/// quorums is on side 0: the sides can trade places. `sides` holds one literal per node for
/// each side, never both true. This is the lex-leader constraint of that trade under the order
/// of [`break_symmetry`] when its `vars` list side 0 before side 1 (the kinds the trade keeps,
/// such as deleted nodes, anywhere), so the two combine: the lexicographically largest
/// assignment of every orbit satisfies both.
pub fn break_side_swap(sat: &mut Sat, sides: [&[Lit]; 2]) {
    // `earlier` implies that some node before the current one is on side 0.
    let mut earlier = !sat.true_lit();
    for (&on_0, &on_1) in sides[0].iter().zip(sides[1]) {
        sat.clause(&[!on_1, earlier]);
        let next = sat.lit();
        sat.clause(&[!next, earlier, on_0]);
        earlier = next;
    }
}

/// For every swap, require the assignment of `vars` (one literal per node for each kind of
/// variable) to be lexicographically at least its image: over the kinds in order, then over the
/// pairs `(a, b)` in order, the first pair whose literals differ has `a`'s true.
pub fn break_symmetry(sat: &mut Sat, swaps: &[Swap], vars: &[&[Lit]]) {
    for swap in swaps {
        let positions: Vec<(Lit, Lit)> = vars
            .iter()
            .flat_map(|lits| swap.pairs.iter().map(move |&(a, b)| (lits[a], lits[b])))
            .collect();
        // `equal` stands for "the assignment and its image agree on every position before
        // this one".
        let mut equal = sat.true_lit();
        for (i, &(a, b)) in positions.iter().enumerate() {
            sat.clause(&[!equal, a, !b]);
            if i + 1 < positions.len() {
                let next = sat.lit();
                sat.clause(&[!equal, a, b, next]);
                sat.clause(&[!equal, !a, !b, next]);
                equal = next;
            }
        }
    }
}
