//! Node-level lists of minimal sets by direct search, without a solver: minimal quorums,
//! minimal blocking sets and minimal splitting sets, with the definitions of [`quorums`],
//! [`blocking`] and [`splitting`].
//!
//! Each list is found up to interchangeable nodes on the bitmask network ([`BitFbas`]):
//! [`Orbits::minimal_monotone`] for quorums and blocking sets (containing a quorum and blocking
//! hold for every superset), per strongly connected cluster; [`Orbits::minimal`] for splitting
//! sets. Every set is re-checked by plain code before it is returned: a
//! minimal quorum is a quorum that loses every quorum when any one member leaves; a minimal
//! blocking set leaves no quorum and stops blocking when any one member is taken out of it; a
//! splitting set comes with its two disjoint quorums after the delete. (Minimality of a
//! splitting set, which is not monotone, rests on the search order alone, as in the solver's
//! enumeration it rests on the solver's "no smaller one".)
//!
//! The contract is the solver enumerations' — up to `limit` sets, each sorted, the list sorted,
//! and whether that is all; a spent budget is a [`Failure::Stopped`], never a short list — plus
//! `Ok(None)` when the direct search does not apply: more than [`NodeSet::CAPACITY`] nodes, or
//! more work than the [`Effort`] allows.
//!
//! [`quorums`]: crate::analyses::quorums
//! [`blocking`]: crate::analyses::blocking
//! [`splitting`]: crate::analyses::splitting

use crate::analyses::orbits::{Effort, Halt, Orbits, Representatives};
use crate::network::bitset::{BitFbas, NodeSet};
use crate::network::fbas::Fbas;
use crate::network::quorum_set::NodeId;
use crate::outcome::Failure;
use std::ops::ControlFlow;

/// Up to the caller's limit of minimal sets (each sorted, the list sorted), and whether that is
/// all of them.
pub type Enumerated = (Vec<Vec<NodeId>>, bool);

/// All minimal quorums (up to `limit`), cluster by cluster: each lies in one strongly connected
/// component of the trust graph.
pub fn minimal_quorums(
    fbas: &Fbas,
    limit: usize,
    effort: &mut Effort,
) -> Result<Option<Enumerated>, Failure> {
    let Some(bits) = BitFbas::new(fbas) else {
        return Ok(None);
    };
    let contains_quorum =
        |s: NodeSet, e: &mut Effort| counted(&bits, e, || !bits.greatest_quorum_in(s).is_empty());
    let recheck = |q: NodeSet, _: &(), _: &[NodeId]| bits.is_minimal_quorum(q);
    let mut all = Vec::new();
    let mut complete = true;
    for cluster in clusters(fbas, &bits, bits.all()) {
        let search = Search {
            orbits: &Orbits::new(fbas, cluster),
            limit: limit - all.len(),
            what: "a minimal quorum",
        };
        let Some((sets, done)) = search.monotone(effort, contains_quorum, recheck)? else {
            return Ok(None);
        };
        all.extend(sets);
        complete &= done;
        if !complete {
            break;
        }
    }
    Ok(Some(listed(all, complete)))
}

/// All minimal blocking sets (up to `limit`): minimal sets whose failure leaves no quorum. They
/// lie in the top tier, which `top_tier` must contain; with no quorum in it, the one minimal
/// blocking set is the empty set. The minimal quorums of different clusters are disjoint, so
/// the minimal blocking sets are the unions of one minimal blocking set per cluster.
pub fn minimal_blocking_sets(
    fbas: &Fbas,
    top_tier: &[NodeId],
    limit: usize,
    effort: &mut Effort,
) -> Result<Option<Enumerated>, Failure> {
    let Some(bits) = BitFbas::new(fbas) else {
        return Ok(None);
    };
    let domain = NodeSet::of(top_tier);
    // Blocking within `among`, and minimal so.
    let blocks = |among: NodeSet, b: NodeSet| bits.greatest_quorum_in(among - b).is_empty();
    let minimal = |among: NodeSet, b: NodeSet| {
        b.is_subset(among)
            && blocks(among, b)
            && b.iter().all(|v| !blocks(among, b - NodeSet::single(v)))
    };
    let clusters = clusters(fbas, &bits, domain);
    let mut per_cluster = Vec::with_capacity(clusters.len());
    let mut complete = true;
    for &cluster in &clusters {
        let search = Search {
            orbits: &Orbits::new(fbas, cluster),
            limit,
            what: "a minimal blocking set",
        };
        let property = |b: NodeSet, e: &mut Effort| counted(&bits, e, || blocks(cluster, b));
        let recheck = |b: NodeSet, _: &(), _: &[NodeId]| minimal(cluster, b);
        let Some((sets, done)) = search.monotone(effort, property, recheck)? else {
            return Ok(None);
        };
        per_cluster.push(sets);
        complete &= done;
    }
    // The unions, cut at `limit` (each cluster's list holds at least one set).
    let mut unions = vec![NodeSet::EMPTY];
    for sets in &per_cluster {
        unions = unions
            .iter()
            .flat_map(|&u| sets.iter().map(move |&b| u | b))
            .take(limit.saturating_add(1))
            .collect();
    }
    complete &= unions.len() <= limit;
    unions.truncate(limit);
    if clusters != [domain] {
        for &b in &unions {
            if let Err(halt) = effort.tick() {
                return halted(halt);
            }
            if !minimal(domain, b) {
                return Err(not_a(b, "a minimal blocking set"));
            }
        }
    }
    Ok(Some(listed(unions, complete)))
}

/// All minimal splitting sets (up to `limit`): minimal sets S such that after Mazières' delete
/// of S two disjoint quorums exist (a set splits when its members are satisfied by it together
/// with S, as in [`splitting`](crate::analyses::splitting)).
pub fn minimal_splitting_sets(
    fbas: &Fbas,
    limit: usize,
    effort: &mut Effort,
) -> Result<Option<Enumerated>, Failure> {
    let Some(bits) = BitFbas::new(fbas) else {
        return Ok(None);
    };
    let orbits = Orbits::new(fbas, bits.all());
    let property = |s: NodeSet, effort: &mut Effort| split(&bits, &orbits, s, effort);
    let recheck = |s: NodeSet, &(q1, q2): &(NodeSet, NodeSet), map: &[NodeId]| {
        let image = |q: NodeSet| {
            q.iter()
                .fold(NodeSet::EMPTY, |m, v| m | NodeSet::single(map[v]))
        };
        let (q1, q2) = (image(q1), image(q2));
        (q1 & q2).is_empty()
            && ((q1 | q2) & s).is_empty()
            && bits.is_quorum_with(q1, s)
            && bits.is_quorum_with(q2, s)
    };
    let search = Search {
        orbits: &orbits,
        limit,
        what: "a minimal splitting set",
    };
    Ok(search
        .general(effort, property, recheck)?
        .map(|(sets, complete)| listed(sets, complete)))
}

/// The strongly connected components of the trust graph within `domain` that contain a quorum,
/// each cut down to the greatest quorum inside it: every minimal quorum inside `domain` lies in
/// one of them.
fn clusters(fbas: &Fbas, bits: &BitFbas, domain: NodeSet) -> Vec<NodeSet> {
    let within: Vec<bool> = (0..fbas.len()).map(|v| domain.contains(v)).collect();
    fbas.strongly_connected_components(&within)
        .iter()
        .map(|component| bits.greatest_quorum_in(NodeSet::of(component)))
        .filter(|quorum| !quorum.is_empty())
        .collect()
}

/// Run `check`, spending one unit of `effort` per quorum set it evaluated.
fn counted<T>(bits: &BitFbas, effort: &mut Effort, check: impl FnOnce() -> T) -> Result<T, Halt> {
    let before = bits.evaluations();
    let result = check();
    effort.spend(bits.evaluations() - before)?;
    Ok(result)
}

/// The sets (none containing another) as sorted lists, in order.
fn listed(mut sets: Vec<NodeSet>, complete: bool) -> Enumerated {
    sets.sort_unstable_by_key(|s| s.antichain_order_key());
    (sets.into_iter().map(NodeSet::to_vec).collect(), complete)
}

/// A search that halted: `None` when out of effort (the solver takes over), a stop otherwise.
fn halted<T>(halt: Halt) -> Result<Option<T>, Failure> {
    match halt {
        Halt::OutOfEffort => Ok(None),
        Halt::Stopped(stop) => Err(Failure::Stopped(stop)),
    }
}

/// The internal error of a set that failed its re-check.
fn not_a(set: NodeSet, what: &str) -> Failure {
    Failure::Internal(format!("direct search: {:?} is not {what}", set.to_vec()))
}

/// Two disjoint quorums after the delete of `s`, if there are: a quorum `q1` (searched for
/// among the sets that are prefix-form in each class of interchangeable nodes outside `s`, which
/// loses nothing: swapping such nodes maps the deleted network onto itself) and the greatest
/// quorum outside it.
fn split(
    bits: &BitFbas,
    orbits: &Orbits,
    s: NodeSet,
    effort: &mut Effort,
) -> Result<Option<(NodeSet, NodeSet)>, Halt> {
    let (within, may) = counted(bits, effort, || {
        let within = bits.greatest_quorum_with(bits.all() - s, s);
        (within, bits.may_have_disjoint_quorums(within, s))
    })?;
    if !may {
        return Ok(None);
    }
    quorum_beside_another(bits, orbits, s, within, NodeSet::EMPTY, within, effort)
}

/// A quorum (after the delete of `s`) `q1` with `chosen ⊆ q1 ⊆ allowed`, `chosen` prefix-form
/// in every class, such that `within` minus `q1` still contains a quorum; with that quorum.
fn quorum_beside_another(
    bits: &BitFbas,
    orbits: &Orbits,
    s: NodeSet,
    within: NodeSet,
    chosen: NodeSet,
    allowed: NodeSet,
    effort: &mut Effort,
) -> Result<Option<(NodeSet, NodeSet)>, Halt> {
    let (allowed, other, unsatisfied) = counted(bits, effort, || {
        let allowed = bits.greatest_quorum_with(allowed, s);
        let other = bits.greatest_quorum_with(within - chosen, s);
        (allowed, other, chosen - bits.satisfied(chosen, chosen | s))
    })?;
    if !chosen.is_subset(allowed) || other.is_empty() {
        return Ok(None);
    }
    // Grow `chosen` by a node that some unsatisfied member needs (any node to start with).
    let candidate = match unsatisfied.min() {
        Some(u) => (bits.trusted_by(u) & (allowed - chosen)).min(),
        None if !chosen.is_empty() => return Ok(Some((chosen, other))),
        None => allowed.min(),
    };
    let Some(y) = candidate else {
        return Ok(None);
    };
    // Within `allowed`, the rest of y's class is all or nothing of it: take its first node, or
    // none of it.
    let rest_of_class = orbits.class_mask(y) & (allowed - chosen);
    let first = NodeSet::single(rest_of_class.min().unwrap_or(y));
    let grown = chosen | first;
    if let Some(found) = quorum_beside_another(bits, orbits, s, within, grown, allowed, effort)? {
        return Ok(Some(found));
    }
    let rest = allowed - rest_of_class - first;
    quorum_beside_another(bits, orbits, s, within, chosen, rest, effort)
}

/// One direct enumeration: the orbits to search and the caller's limit.
struct Search<'a> {
    orbits: &'a Orbits,
    limit: usize,
    /// What a set of the list is, for the internal error of a failed re-check.
    what: &'static str,
}

/// The minimal sets found, re-checked (`None`: out of effort), and whether that is all.
type Searched = Result<Option<(Vec<NodeSet>, bool)>, Failure>;

impl Search<'_> {
    /// The minimal sets of a monotone `property` ([`Orbits::minimal_monotone`]).
    fn monotone(
        &self,
        effort: &mut Effort,
        property: impl FnMut(NodeSet, &mut Effort) -> Result<bool, Halt>,
        recheck: impl Fn(NodeSet, &(), &[NodeId]) -> bool,
    ) -> Searched {
        let found = self.orbits.minimal_monotone(self.limit, effort, property);
        self.listed(found, effort, recheck)
    }

    /// The minimal sets of any `property` ([`Orbits::minimal`]).
    fn general<W>(
        &self,
        effort: &mut Effort,
        property: impl FnMut(NodeSet, &mut Effort) -> Result<Option<W>, Halt>,
        recheck: impl Fn(NodeSet, &W, &[NodeId]) -> bool,
    ) -> Searched {
        let found = self.orbits.minimal(self.limit, effort, property);
        self.listed(found, effort, recheck)
    }

    /// List the orbits of the representatives `found` up to the limit, re-checking every set
    /// with `recheck` (given the set, what the property returned for its representative, and
    /// the automorphism taking the representative to it). `None`: out of effort. Listing
    /// spends no allowance (the limit bounds it) but checks the budget ([`Effort::tick`]).
    fn listed<W>(
        &self,
        found: Result<Representatives<W>, Halt>,
        effort: &mut Effort,
        recheck: impl Fn(NodeSet, &W, &[NodeId]) -> bool,
    ) -> Searched {
        let found = match found {
            Ok(found) => found,
            Err(halt) => return halted(halt),
        };
        let mut sets: Vec<NodeSet> = Vec::new();
        let mut failed = None;
        let mut halt = None;
        for (rep, witness) in &found.sets {
            let flow = self.orbits.for_each_image(*rep, |image, map| {
                if sets.len() == self.limit {
                    return ControlFlow::Break(());
                }
                if let Err(h) = effort.tick() {
                    halt = Some(h);
                    return ControlFlow::Break(());
                }
                if !recheck(image, witness, map) {
                    failed = Some(image);
                    return ControlFlow::Break(());
                }
                sets.push(image);
                ControlFlow::Continue(())
            });
            if flow.is_break() {
                break;
            }
        }
        match (failed, halt) {
            (Some(set), _) => Err(not_a(set, self.what)),
            (None, Some(h)) => halted(h),
            (None, None) => Ok(Some((sets, found.complete))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::top_tier::top_tier;
    use crate::budget::{Budget, Stop};
    use crate::network::quorum_set::Qset;
    use std::time::Instant;

    /// `orgs` organizations of three validators, each an inner set 2-of-3, every validator
    /// with `threshold`-of-the-organizations; and its top tier.
    fn network(orgs: usize, threshold: usize) -> (Fbas, Vec<NodeId>) {
        let mut fbas = Fbas::default();
        let inner: Vec<_> = (0..orgs)
            .map(|o| {
                fbas.arena.intern(Qset {
                    threshold: 2,
                    validators: (3 * o..3 * o + 3).collect(),
                    inner: vec![],
                })
            })
            .collect();
        let top = fbas.arena.intern(Qset {
            threshold,
            validators: vec![],
            inner,
        });
        for v in 0..3 * orgs {
            fbas.keys.push(format!("n{v:02}"));
            fbas.qsets.push(top);
        }
        let tt = top_tier(&fbas, &Budget::default()).unwrap().members;
        (fbas, tt)
    }

    type Lister<'a> = Box<dyn Fn(usize, &mut Effort) -> Result<Option<Enumerated>, Failure> + 'a>;

    fn listers<'a>(fbas: &'a Fbas, tt: &'a [NodeId]) -> Vec<(&'static str, Lister<'a>)> {
        vec![
            ("quorums", Box::new(|l, e| minimal_quorums(fbas, l, e))),
            (
                "blocking",
                Box::new(move |l, e| minimal_blocking_sets(fbas, tt, l, e)),
            ),
            (
                "splitting",
                Box::new(|l, e| minimal_splitting_sets(fbas, l, e)),
            ),
        ]
    }

    #[test]
    fn a_limit_cuts_the_list_and_says_so() {
        let (fbas, tt) = network(4, 3);
        let budget = Budget::default();
        for (what, list) in listers(&fbas, &tt) {
            let (all, complete) = list(usize::MAX, &mut Effort::new(None, &budget))
                .unwrap()
                .unwrap();
            assert!(complete && all.len() > 2, "{what}: {} sets", all.len());
            for limit in [0, 1, all.len() - 1, all.len(), all.len() + 1] {
                let (cut, complete) = list(limit, &mut Effort::new(None, &budget))
                    .unwrap()
                    .unwrap();
                assert_eq!(cut.len(), limit.min(all.len()), "{what} limit {limit}");
                assert_eq!(complete, limit >= all.len(), "{what} limit {limit}");
                assert!(cut.iter().all(|s| all.contains(s)), "{what} limit {limit}");
                assert!(cut.windows(2).all(|w| w[0] < w[1]), "{what}: sorted");
            }
        }
    }

    #[test]
    fn a_spent_budget_is_reported_and_an_allowance_gives_up() {
        let (fbas, tt) = network(4, 3);
        let spent = Budget {
            deadline: Some(Instant::now()),
            ..Budget::default()
        };
        for (what, list) in listers(&fbas, &tt) {
            let stopped = list(usize::MAX, &mut Effort::new(None, &spent));
            assert_eq!(stopped, Err(Failure::Stopped(Stop::Deadline)), "{what}");
            let budget = Budget::default();
            let gave_up = list(usize::MAX, &mut Effort::new(Some(3), &budget));
            assert_eq!(gave_up, Ok(None), "{what}");
        }
    }
}
