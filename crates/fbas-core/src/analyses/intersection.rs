//! Quorum intersection: whether every two quorums share a node.

use crate::analyses::bounds::Relaxed;
use crate::analyses::quotient::Quotient;
use crate::budget::Budget;
use crate::network::fbas::Fbas;
use crate::network::quorum_set::NodeId;
use crate::outcome::Failure;
use crate::sat::encode;
use crate::sat::solver::Sat;
use crate::sat::symmetry_breaking;

/// The three outcomes of the intersection check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intersection {
    /// At least one quorum exists and every two quorums intersect.
    Intersecting,
    /// Two disjoint quorums (each re-checked).
    Split([Vec<NodeId>; 2]),
    /// There is no quorum at all.
    NoQuorum,
}

/// Decide quorum intersection: are there two disjoint non-empty quorums? When no two nodes'
/// quorum sets can be satisfied by disjoint node sets (the splitting bound is positive: even the
/// empty set cannot split), every two quorums intersect without a solver call; otherwise one
/// SAT call decides, on the network's quotient by its units when it has one (python-fbas'
/// `top_tier_orgs_32_seed_1`: 30-55 ms on the network).
///
/// `splitting_bound` is [`crate::analyses::bounds::splitting`] at node level (every node its own group).
pub fn check(
    fbas: &Fbas,
    splitting_bound: &Relaxed,
    budget: &Budget,
) -> Result<Intersection, Failure> {
    // Every quorum lies in the greatest one.
    let all = fbas.greatest_quorum_in(&vec![true; fbas.len()]);
    if !all.contains(&true) {
        return Ok(Intersection::NoQuorum);
    }
    if splitting_bound.lower >= 1 {
        return Ok(Intersection::Intersecting);
    }
    if let Some(why) = budget.check() {
        return Err(Failure::Stopped(why));
    }
    // Two strongly connected components that each contain a quorum: a split, found in linear time.
    let inside: Vec<Vec<bool>> = fbas
        .strongly_connected_components(&vec![true; fbas.len()])
        .iter()
        .map(|component| fbas.greatest_quorum_in(&fbas.set_of(component)))
        .filter(|q| q.contains(&true))
        .take(2)
        .collect();
    if let [a, b] = inside.as_slice() {
        return Ok(Intersection::Split([Fbas::members(a), Fbas::members(b)]));
    }
    // A minimal quorum (shrunk greedily) whose complement still holds a quorum: a split.
    if let Some(q1) = fbas.a_minimal_quorum() {
        let rest: Vec<bool> = q1.iter().map(|&b| !b).collect();
        let q2 = fbas.greatest_quorum_in(&rest);
        if q1.contains(&true) && q2.contains(&true) {
            return Ok(Intersection::Split([
                Fbas::members(q1),
                Fbas::members(&q2),
            ]));
        }
    }
    // On the quotient by units when there is one (a third of the nodes, no inner sets): each
    // network's two disjoint quorums give the other's, as a split deleting nothing
    // ([`crate::analyses::quotient`]).
    let quotient = Quotient::of_units(fbas);
    let net = quotient.as_ref().map_or(fbas, |q| &q.fbas);
    let mut sat = Sat::new(budget);
    let x = encode::quorum(&mut sat, net);
    let y = encode::quorum(&mut sat, net);
    encode::non_empty(&mut sat, &x);
    encode::non_empty(&mut sat, &y);
    for v in 0..net.len() {
        sat.clause(&[!x[v], !y[v]]);
    }
    let mut swaps = symmetry_breaking::symmetries(net, &vec![0; net.len()], |_| ());
    if let Some(q) = &quotient {
        swaps.extend(q.unit_swaps(|_| ()));
    }
    symmetry_breaking::break_symmetry(&mut sat, &swaps, &[&x, &y]);
    if !sat.solve(&[])? {
        return Ok(Intersection::Intersecting);
    }
    let [mut a, mut b] = [&x, &y].map(|lits| lits.iter().map(|&l| sat.value(l)).collect::<Vec<bool>>());
    if let Some(q) = &quotient {
        let sides = [Fbas::members(&a), Fbas::members(&b)];
        [a, b] = q.split_back(fbas.len(), &[], &sides).1;
    }
    let disjoint = (0..fbas.len()).all(|v| !(a[v] && b[v]));
    if !(disjoint && fbas.is_quorum(&a) && fbas.is_quorum(&b)) {
        return Err(Failure::Internal(
            "intersection: the two quorums found are not disjoint quorums".into(),
        ));
    }
    Ok(Intersection::Split([Fbas::members(&a), Fbas::members(&b)]))
}
