//! fbas-core against the brute-force oracle (`fbas_testkit::oracle`, exact semantics) on
//! random small networks: every number of `analyze`, every list of the session, and the
//! node-level lists of the direct search and of `node_lists` (with the filtered blocking sets
//! derived from the blocking list).
//!
//! The smallest splitting set does not depend on the hint (`analyses::splitting`'s first call,
//! under a slice of the budget) nor on the pair clauses (added once a search outlasts a short
//! slice, which these small networks' searches never do): with the hint's slice over before it
//! starts and the pair clauses from the start, the search alone finds the same minimum as the
//! session (hint included, pair clauses not) and as the oracle, at every level, and its witness
//! splits.
//!
//! `FBAS_CASES` (default 1500) sets the number of cases, `FBAS_SEED` the seed.

use fbas_core::analyses::bounds::Relaxed;
use fbas_core::analyses::direct::{self, Enumerated};
use fbas_core::analyses::intersection::{self, Intersection};
use fbas_core::analyses::levels;
use fbas_core::analyses::node_lists;
use fbas_core::analyses::orbits::Effort;
use fbas_core::analyses::quotient::Quotient;
use fbas_core::analyses::splitting::{self, delete, min_splitting_with_hint, Split};
use fbas_core::analyses::top_tier::top_tier;
use fbas_core::analyses::units::Units;
use fbas_core::clock::Instant;
use fbas_core::network::fbas::Fbas;
use fbas_core::network::grouping::Grouping;
use fbas_core::network::preprocess::legacy_core;
use fbas_core::network::quorum_set::NodeId;
use fbas_core::outcome::{Failure, Minimum};
use fbas_core::{analyze, Bound, Budget, Input, Level, Options};
use fbas_core::{GroupSets, Network};
use fbas_testkit::compare;
use fbas_testkit::oracle::{self, Lvl, OracleResult, LEVELS};
use fbas_testkit::random;
use std::time::Duration;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn level_of(l: Lvl) -> Level {
    match l {
        Lvl::Node => Level::Node,
        Lvl::Organization => Level::Organization,
        Lvl::Country => Level::Country,
        Lvl::Isp => Level::Isp,
    }
}

/// Lists compared as sets of sets of names.
fn normalized(sets: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = sets
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.sort();
            s
        })
        .collect();
    out.sort();
    out
}

/// A list by name, as the explorer shows it.
struct Named {
    sets: Vec<Vec<String>>,
    min: Bound,
    complete: bool,
}

fn named(net: &Network, level: Level, sets: &GroupSets) -> Named {
    Named {
        sets: sets.named(net.grouping(level)),
        min: sets.min,
        complete: sets.complete,
    }
}

fn compare_lists(errors: &mut Vec<String>, input: &Input, faulty: &[String], o: &OracleResult) {
    let prepared = Network::new(input.clone()).expect("generated input is valid");
    let budget = Budget::unlimited();
    // The quorum found by plain code that the smallest-quorum and history searches start from:
    // one of the minimal quorums, or none when there is none.
    let fbas = prepared.fbas();
    if let Some(first) = fbas.a_minimal_quorum() {
        let keys = by_key(fbas, &[Fbas::members(first)]).remove(0);
        let known = normalized(&o.minimal_quorums);
        let fine = match keys.is_empty() {
            true => known.is_empty(),
            false => known.contains(&keys),
        };
        if !fine {
            errors.push(format!("a_minimal_quorum: {keys:?}, oracle {known:?}"));
        }
        // The smallest quorum's shortcut: it is the only one iff the oracle finds no other.
        let only = fbas.is_the_only_minimal_quorum(first);
        if !keys.is_empty() && only != (known.len() == 1) {
            errors.push(format!("the only minimal quorum: {only}, oracle {known:?}"));
        }
    }
    let mut check = |what: String, ours: &Named, theirs: &[Vec<String>], min: usize| {
        if !ours.complete || normalized(&ours.sets) != normalized(theirs) {
            errors.push(format!(
                "{what}: fbas-sat {:?}, oracle {theirs:?}",
                ours.sets
            ));
        }
        if ours.min != Bound::Exact(min) {
            errors.push(format!("{what}.min: fbas-sat {:?}, oracle {min}", ours.min));
        }
    };
    let quorums = prepared
        .minimal_quorums(Level::Node, 10_000, &budget)
        .unwrap();
    let quorums = named(&prepared, Level::Node, &quorums);
    check(
        "minimalQuorums".into(),
        &quorums,
        &o.minimal_quorums,
        o.min_quorum_size,
    );
    for l in LEVELS {
        let level = level_of(l);
        let theirs = o.level(l);
        let name = l.name();
        let mut tt = prepared.top_tier_names(level, &budget).unwrap();
        tt.sort();
        let mut expected = theirs.top_tier.clone();
        expected.sort();
        let tt = Named {
            sets: vec![tt],
            min: Bound::Exact(0),
            complete: true,
        };
        check(format!("{name}.topTier"), &tt, &[expected], 0);
        let no_faulty = vec![false; prepared.keys().len()];
        let blocking = prepared
            .minimal_blocking_sets(level, &no_faulty, 10_000, &budget)
            .unwrap();
        let blocking = named(&prepared, level, &blocking);
        check(
            format!("{name}.blockingSets"),
            &blocking,
            &theirs.blocking_sets,
            theirs.min_blocking_set_size,
        );
        let filtered = prepared
            .minimal_blocking_sets(level, &prepared.faulty(faulty), 10_000, &budget)
            .unwrap();
        let filtered = named(&prepared, level, &filtered);
        check(
            format!("{name}.blockingSetsFiltered"),
            &filtered,
            &theirs.blocking_sets_filtered,
            theirs.min_blocking_set_filtered_size,
        );
        let splitting = prepared
            .minimal_splitting_sets(level, 10_000, &budget)
            .unwrap();
        let splitting = named(&prepared, level, &splitting);
        check(
            format!("{name}.splittingSets"),
            &splitting,
            &theirs.splitting_sets,
            theirs.min_splitting_set_size,
        );
    }
}

/// Node sets by public key, each sorted, the list sorted.
fn by_key(fbas: &Fbas, sets: &[Vec<NodeId>]) -> Vec<Vec<String>> {
    let named: Vec<Vec<String>> = sets
        .iter()
        .map(|s| s.iter().map(|&v| fbas.keys[v].clone()).collect())
        .collect();
    normalized(&named)
}

/// The node-level lists of the direct search and of `node_lists` against the oracle's.
fn compare_node_lists(
    errors: &mut Vec<String>,
    input: &Input,
    faulty: &[String],
    o: &OracleResult,
) {
    let fbas = legacy_core(&Fbas::from_input(input).expect("generated input is valid")).fbas;
    if fbas.is_empty() {
        // No quorum: nothing to list (the blocking lists would be the empty set, the legacy
        // engine's none).
        return;
    }
    let budget = Budget::unlimited();
    let tt = top_tier(&fbas, &budget).expect("no internal error");
    assert!(tt.is_complete());
    let faulty: Vec<bool> = fbas.keys.iter().map(|k| faulty.contains(k)).collect();
    let mut check = |what: &str,
                     ours: Result<Option<Enumerated>, Failure>,
                     theirs: &[Vec<String>]| {
        match ours {
            Ok(Some((sets, true))) if by_key(&fbas, &sets) == normalized(theirs) => {}
            other => errors.push(format!("{what}: fbas-sat {other:?}, oracle {theirs:?}")),
        }
    };
    let unbounded = || Effort::new(None, &budget);
    let blocking = direct::minimal_blocking_sets(&fbas, &tt.members, usize::MAX, &mut unbounded());
    if let Ok(Some((sets, _))) = &blocking {
        let filtered = node_lists::filtered_blocking_sets(sets, &faulty);
        check(
            "direct filtered blocking sets",
            Ok(Some((filtered, true))),
            &o.node.blocking_sets_filtered,
        );
    }
    check("direct blocking sets", blocking, &o.node.blocking_sets);
    check(
        "direct minimal quorums",
        direct::minimal_quorums(&fbas, usize::MAX, &mut unbounded()),
        &o.minimal_quorums,
    );
    check(
        "direct splitting sets",
        direct::minimal_splitting_sets(&fbas, usize::MAX, &mut unbounded()),
        &o.node.splitting_sets,
    );
    check(
        "minimal quorums",
        node_lists::minimal_quorums(&fbas, 10_000, &budget).map(Some),
        &o.minimal_quorums,
    );
    check(
        "blocking sets",
        node_lists::minimal_blocking_sets(&fbas, &tt.members, 10_000, &budget).map(Some),
        &o.node.blocking_sets,
    );
    check(
        "splitting sets",
        node_lists::minimal_splitting_sets(&fbas, 10_000, &budget).map(Some),
        &o.node.splitting_sets,
    );
}

#[test]
fn random_networks_agree_with_brute_force() {
    let cases = env_number("FBAS_CASES", 1500) as usize;
    let seed = env_number("FBAS_SEED", 0xB1A5_F0CE);
    let mut failures = Vec::new();
    for i in 0..cases {
        let (input, faulty) = random::case(seed, i);
        let o = oracle::analyze_exact(&input, &faulty);
        let report = analyze(&input, &faulty, &Options::default()).expect("valid input");
        let mut errors = Vec::new();
        errors.extend(compare::differences(&report, &o));
        compare_lists(&mut errors, &input, &faulty, &o);
        compare_node_lists(&mut errors, &input, &faulty, &o);
        // An organization without a name makes the legacy engine fail every organization-level
        // call; fbas-sat names it by its id, the oracle by "": nothing to compare there.
        if input.organizations.iter().any(|org| org.name.is_none()) {
            errors.retain(|e| !e.starts_with("organization."));
        }
        if !errors.is_empty() {
            failures.push(format!(
                "case {i}: {}\n  input: {input:?}",
                errors.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases differ (seed {seed}):\n{}",
        failures.len(),
        failures
            .iter()
            .take(8)
            .map(|f| f.chars().take(600).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Under clause caps that stop some searches and not others, every blocking and splitting value
/// the analysis reports, its bounds moved between the levels (`analyses::levels`), still holds
/// the exact minimum: an exact value is it, an unknown one's bounds contain it. The caps are
/// chosen so that many cases have one level exact and another stopped, which is where the
/// levels lend each other bounds.
#[test]
fn bounds_shared_across_levels_hold_the_minima() {
    let mut failures = Vec::new();
    let mut lent = 0;
    for i in 0..400 {
        let (input, faulty) = random::case(0x001E_7E15, i);
        let o = oracle::analyze_exact(&input, &faulty);
        let budget = Budget {
            max_clauses: Some(30 + 30 * (i % 20)),
            ..Budget::default()
        };
        let options = Options {
            budget,
            ..Options::default()
        };
        let report = analyze(&input, &faulty, &options).expect("valid input");
        let mut exact = [false; 3];
        let mut unknown = [false; 3];
        for l in LEVELS {
            let (ours, theirs) = (compare::level(&report, l), o.level(l));
            let values = [
                (ours.blocking_sets_min_size, theirs.min_blocking_set_size),
                (
                    ours.blocking_sets_filtered_min_size,
                    theirs.min_blocking_set_filtered_size,
                ),
                (ours.splitting_sets_min_size, theirs.min_splitting_set_size),
            ];
            for (k, (ours, theirs)) in values.into_iter().enumerate() {
                if k == 2 && o.legacy_splitting_aborts {
                    continue;
                }
                // Intersecting with a splitting minimum of 0: no set splits (the legacy 0).
                let none_splits = k == 2 && o.has_quorum_intersection && theirs == 0;
                let holds = match ours {
                    Some(Bound::Exact(v)) => {
                        exact[k] = true;
                        v == theirs
                    }
                    Some(Bound::Unknown { lower, upper }) => {
                        unknown[k] = true;
                        if none_splits {
                            upper.is_none()
                        } else {
                            lower <= theirs && upper.is_none_or(|u| theirs <= u)
                        }
                    }
                    None => false,
                };
                if !holds {
                    failures.push(format!(
                        "case {i}, {} value {k}: {ours:?}, oracle {theirs}",
                        l.name()
                    ));
                }
            }
        }
        lent += (0..3).filter(|&k| exact[k] && unknown[k]).count();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        lent >= 5,
        "only {lent} values exact at one level and unknown at another"
    );
}

/// The tightening across levels (`analyses::levels`) on the real exact answers of random
/// networks: each level in turn is made unknown (no bound, no witness) while the others stay
/// exact, and what the others lend it must hold its exact minimum, with a witness that really
/// blocks or splits and touches as many groups as its upper bound says.
#[test]
fn levels_lend_each_other_sound_bounds() {
    let budget = Budget::unlimited();
    let (mut lowered, mut settled) = (0, 0);
    for case in 0..300 {
        let (input, faulty) = random::case(0x001E_7E15, case);
        let net = Network::new(input).expect("generated input is valid");
        let fbas = net.fbas();
        let faulty = net.faulty(&faulty);
        let groupings: Vec<&Grouping> = LEVELS.iter().map(|&l| net.grouping(level_of(l))).collect();
        let blocking: Vec<_> = LEVELS
            .iter()
            .map(|&l| net.min_blocking(level_of(l), &faulty, &budget).unwrap())
            .collect();
        let splitting: Vec<_> = LEVELS
            .iter()
            .map(|&l| net.min_splitting(level_of(l), &budget).unwrap())
            .collect();
        for i in 0..LEVELS.len() {
            let blocks = |groups: &[usize]| {
                let alive: Vec<bool> = (0..fbas.len())
                    .map(|v| !faulty[v] && groups.binary_search(&groupings[i].of_node[v]).is_err())
                    .collect();
                !fbas.contains_quorum(&alive)
            };
            let mut b = blocking.clone();
            b[i] = unknown();
            let mut levels: Vec<_> = groupings.iter().copied().zip(b.iter_mut()).collect();
            levels::tighten_blocking(&mut levels, &faulty).unwrap();
            let exact = size(blocking[i].clone());
            let (s, w) = check_lent(&b[i], exact, case, &mut lowered, &mut settled);
            if let Some(w) = w {
                assert!(blocks(w) && w.len() == s, "case {case}, level {i}: {w:?}");
            }
            let mut sp = splitting.clone();
            sp[i] = unknown();
            let mut levels: Vec<_> = groupings.iter().copied().zip(sp.iter_mut()).collect();
            levels::tighten_splitting(&mut levels).unwrap();
            let exact = size(splitting[i].clone());
            let (s, w) = check_lent(&sp[i], exact, case, &mut lowered, &mut settled);
            if let Some(w) = w {
                assert_splits(fbas, groupings[i], w, s, case);
            }
        }
    }
    assert!(
        lowered > 60 && settled > 300,
        "lowered {lowered}, settled {settled}"
    );
}

fn unknown<W>() -> Minimum<W> {
    Minimum::Unknown {
        lower: 0,
        upper: None,
        witness: None,
        stop: fbas_core::Stop::Deadline,
    }
}

/// What the other levels lent `lent` holds the `exact` minimum (`None`: no set exists); the
/// size its witness must have, and the witness. Counts raised lower bounds and settled values.
fn check_lent<'a, W>(
    lent: &'a Minimum<W>,
    exact: Option<usize>,
    case: usize,
    lowered: &mut usize,
    settled: &mut usize,
) -> (usize, Option<&'a W>) {
    match (lent, exact) {
        (Minimum::Found { size, witness }, Some(e)) => {
            assert_eq!(*size, e, "case {case}");
            *settled += 1;
            (*size, Some(witness))
        }
        (
            Minimum::Unknown {
                lower,
                upper,
                witness,
                ..
            },
            Some(e),
        ) => {
            assert!(*lower <= e && upper.is_none_or(|u| e <= u), "case {case}");
            *lowered += usize::from(*lower > 0);
            (upper.unwrap_or(0), witness.as_ref())
        }
        (Minimum::NoneExists, None) => (0, None),
        (other, _) => panic!(
            "case {case}: {:?} lent where the minimum is {exact:?}",
            other.bound()
        ),
    }
}

/// The smallest splitting sets found on the quotient by units (`analyses::quotient`, which
/// `splitting::min_splitting` takes when it applies), at node level (counting the network's
/// nodes) and organization level, equal the ones found on the network itself, and the oracle's
/// on the small networks: 600 networks whose organizations are units (3-7 organizations of 1, 3,
/// 4 or 5 validators). Quorum intersection and the top tier, which `intersection::check` and
/// `top_tier` decide on the same quotient, equal the oracle's there too.
#[test]
fn the_quotient_by_units_keeps_the_smallest_splitting_sets() {
    let budget = Budget::unlimited();
    let (mut quotients, mut with_oracle, mut intersections) = ([0; 2], [0; 2], [0; 2]);
    let (mut top_tiers, mut cheap_units) = (0, 0);
    for i in 0..600 {
        let input = random::unit_input(&mut fbas_testkit::Rng::new(0x0A17_5EED ^ i), 7);
        let net = Network::new(input.clone()).expect("generated input is valid");
        let fbas = net.fbas();
        let o = (input.nodes.len() <= 12).then(|| oracle::analyze_exact(&input, &[]));
        // Intersection, decided on the quotient: without the splitting bound, which would
        // answer first, every intersecting network reaches the solver.
        if let (Some(o), Some(_)) = (&o, Quotient::of_units(fbas)) {
            let answer = intersection::check(fbas, &Relaxed::none(), &budget).unwrap();
            if answer != Intersection::NoQuorum {
                let intersecting = answer == Intersection::Intersecting;
                assert_eq!(
                    intersecting, o.has_quorum_intersection,
                    "case {i}: {input:?}"
                );
                intersections[usize::from(intersecting)] += 1;
            }
            let top = top_tier(fbas, &budget).unwrap();
            let keys = by_key(fbas, std::slice::from_ref(&top.members));
            let expected = normalized(std::slice::from_ref(&o.node.top_tier));
            assert!(top.is_complete() && keys == expected, "case {i}: {input:?}");
            top_tiers += usize::from(top.members.len() < fbas.len());
        }
        for (k, (level, l)) in [
            (Level::Node, Lvl::Node),
            (Level::Organization, Lvl::Organization),
        ]
        .into_iter()
        .enumerate()
        {
            let groups = net.grouping(level);
            let applies = match level {
                Level::Node => Quotient::of_units(fbas).is_some(),
                _ => Quotient::new(fbas, groups).is_some(),
            };
            if !applies {
                continue;
            }
            quotients[k] += 1;
            let bound = net.splitting_bound(level, &budget).unwrap();
            if level == Level::Organization {
                let m = splitting::min_splitting(fbas, groups, &bound, &budget).unwrap();
                if let Some(split) = m.witness() {
                    cheap_units += members_deleted_at_node_cost(fbas, split, i as usize);
                }
            }
            let by_units = by_units(fbas, groups, &bound, i as usize);
            assert_eq!(
                by_units,
                directly(fbas, groups, &bound),
                "case {i}, {}: {input:?}",
                l.name()
            );
            if let (Some(o), Some(s)) = (&o, by_units) {
                if !o.legacy_splitting_aborts {
                    assert_eq!(
                        s,
                        o.level(l).min_splitting_set_size,
                        "case {i}, {}",
                        l.name()
                    );
                    with_oracle[k] += 1;
                }
            }
        }
    }
    assert!(
        quotients.iter().all(|&q| q > 250) && with_oracle.iter().all(|&w| w > 100),
        "{quotients:?} quotients, {with_oracle:?} against the oracle"
    );
    assert!(
        intersections.iter().all(|&c| c > 30),
        "{intersections:?} split and intersecting networks decided on the quotient"
    );
    assert!(
        top_tiers > 30,
        "{top_tiers} top tiers short of the network found on the quotient"
    );
    assert!(
        cheap_units > 30,
        "{cheap_units} units deleted at 2t - n by organization-level witnesses"
    );
}

/// An organization-level split found on the units, read as a set of nodes, deletes of each unit
/// it touches only what the node level would count ([`Quotient::with_stand_ins`]): 2t − n
/// members where the unit's quorum set is satisfied by each side with the deleted nodes (n − t
/// members then stand on each side), else t. Returns how many units cost 2t − n.
fn members_deleted_at_node_cost(fbas: &Fbas, split: &Split, case: usize) -> usize {
    let units = Units::find(fbas);
    let deleted = fbas.set_of(&split.nodes);
    let mut cheap = 0;
    for u in (0..units.members.len()).filter(|&u| units.members[u].len() > 1) {
        let members = &units.members[u];
        let gone = members.iter().filter(|&&v| deleted[v]).count();
        if gone == 0 {
            continue;
        }
        let (n, t) = (members.len(), units.threshold[u]);
        let satisfied_by = |side: &[NodeId]| {
            let mut present = deleted.clone();
            for &v in side {
                present[v] = true;
            }
            fbas.arena.satisfied(fbas.qsets[members[0]], &present)
        };
        let both = split.quorums.iter().all(|side| satisfied_by(side));
        let cost = if both { 2 * t - n } else { t };
        assert_eq!(gone, cost, "case {case}: unit {members:?} (t = {t})");
        cheap += usize::from(both);
    }
    cheap
}

/// Units of different sizes under one quorum set for all: in the quotient their nodes are
/// interchangeable, but deleting them costs different numbers of nodes, so the node-level search
/// must not treat them as symmetric. Every order of the units (a symmetry breaking that ignores
/// the costs keeps the first or the last unit of an orbit) and every top threshold; the
/// quotient's answer must equal the search on the network and the oracle's.
#[test]
fn interchangeable_units_of_different_costs_stay_apart() {
    use fbas_core::{InputNode, InputOrganization, InputQuorumSet};
    let budget = Budget::unlimited();
    // (validators, threshold): costs (2t − n, t) are (2, 3), (1, 2), (1, 2) and (3, 4), (1, 3).
    let unit_sets: [&[(usize, u64)]; 2] = [&[(4, 3), (3, 2), (3, 2)], &[(5, 4), (5, 3), (1, 1)]];
    let mut compared = 0;
    for units in unit_sets {
        for order in [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]] {
            for top in 1..=3 {
                let members: Vec<Vec<String>> = order
                    .iter()
                    .map(|&u| (0..units[u].0).map(|i| format!("u{u}v{i}")).collect())
                    .collect();
                let mut shared = InputQuorumSet {
                    threshold: top,
                    validators: vec![],
                    inner_quorum_sets: vec![],
                };
                for (m, &u) in members.iter().zip(&order) {
                    match units[u] {
                        (1, _) => shared.validators.push(m[0].clone()),
                        (_, t) => shared.inner_quorum_sets.push(InputQuorumSet {
                            threshold: t,
                            validators: m.clone(),
                            inner_quorum_sets: vec![],
                        }),
                    }
                }
                let input = Input {
                    nodes: members
                        .iter()
                        .flatten()
                        .map(|key| InputNode {
                            public_key: key.clone(),
                            name: None,
                            quorum_set: Some(shared.clone()),
                            country: None,
                            isp: None,
                            is_validating: Some(true),
                            history_archive_has_error: None,
                        })
                        .collect(),
                    organizations: members
                        .iter()
                        .enumerate()
                        .map(|(o, m)| InputOrganization {
                            id: format!("org-{o}"),
                            name: None,
                            validators: m.clone(),
                        })
                        .collect(),
                };
                let case = format!("units {units:?}, order {order:?}, top threshold {top}");
                let net = Network::new(input.clone()).expect("valid input");
                let (fbas, groups) = (net.fbas(), net.grouping(Level::Node));
                assert!(Quotient::of_units(fbas).is_some(), "{case}: no quotient");
                let bound = net.splitting_bound(Level::Node, &budget).unwrap();
                // Without the network's bound too: no hint, so the search itself decides.
                let [hinted, unhinted] =
                    [bound.clone(), Relaxed::none()].map(|b| by_units(fbas, groups, &b, 0));
                assert_eq!(hinted, unhinted, "{case}");
                assert_eq!(hinted, directly(fbas, groups, &bound), "{case}");
                let o = oracle::analyze_exact(&input, &[]);
                if let (false, Some(s)) = (o.legacy_splitting_aborts, hinted) {
                    assert_eq!(s, o.level(Lvl::Node).min_splitting_set_size, "{case}");
                    compared += usize::from(s > 0);
                }
            }
        }
    }
    assert!(
        compared >= 8,
        "{compared} non-empty smallest splitting sets checked"
    );
}

/// The smallest splitting set's size by `splitting::min_splitting` (on the quotient by units
/// where it applies), its witness checked.
fn by_units(fbas: &Fbas, groups: &Grouping, bound: &Relaxed, case: usize) -> Option<usize> {
    let m = splitting::min_splitting(fbas, groups, bound, &Budget::unlimited()).unwrap();
    if let Minimum::Found { size, witness } = &m {
        assert_splits(fbas, groups, witness, *size, case);
    }
    size(m)
}

/// The smallest splitting set's size by the search on the network itself, the hint's slice over
/// before it starts.
fn directly(fbas: &Fbas, groups: &Grouping, bound: &Relaxed) -> Option<usize> {
    let budget = Budget::unlimited();
    let found =
        min_splitting_with_hint(fbas, groups, bound, &budget, Instant::now(), Duration::ZERO);
    size(found.unwrap())
}

fn size<W>(m: Minimum<W>) -> Option<usize> {
    match m {
        Minimum::Found { size, .. } => Some(size),
        Minimum::NoneExists => None,
        Minimum::Unknown { .. } => panic!("unknown under an unlimited budget"),
    }
}

/// `split` (the search's witness, made smaller by plain code after the model) leaves two
/// disjoint quorums once its nodes are deleted, and touches `size` groups of `grouping`.
fn assert_splits(fbas: &Fbas, grouping: &Grouping, split: &Split, size: usize, case: usize) {
    let after = delete(fbas, &fbas.set_of(&split.nodes));
    let [a, b] = split.quorums.clone().map(|side| fbas.set_of(&side));
    assert!(after.is_quorum(&a) && after.is_quorum(&b), "case {case}");
    assert!((0..fbas.len()).all(|v| !(a[v] && b[v])), "case {case}");
    assert_eq!(
        split.groups,
        grouping.groups_of(&split.nodes),
        "case {case}"
    );
    assert_eq!(split.groups.len(), size, "case {case}");
}

#[test]
fn search_without_the_hint_agrees() {
    let spent = Instant::now();
    let budget = Budget::unlimited();
    let mut searched = 0;
    for i in 0..300 {
        let (input, faulty) = random::case(0x5EED_5917, i);
        let net = Network::new(input.clone()).expect("generated input is valid");
        if net.intersection(&budget).unwrap() != Intersection::Intersecting {
            continue;
        }
        let o = oracle::analyze_exact(&input, &faulty);
        for l in LEVELS {
            let level = level_of(l);
            let bound = net.splitting_bound(level, &budget).unwrap();
            let (fbas, grouping) = (net.fbas(), net.grouping(level));
            let alone =
                min_splitting_with_hint(fbas, grouping, &bound, &budget, spent, Duration::ZERO)
                    .unwrap();
            if let Minimum::Found { size, witness } = &alone {
                assert_splits(net.fbas(), net.grouping(level), witness, *size, i);
            }
            let alone = size(alone);
            let session = size(net.min_splitting(level, &budget).unwrap());
            assert_eq!(alone, session, "case {i}, {}", l.name());
            if let Some(s) = alone {
                assert_eq!(
                    s,
                    o.level(l).min_splitting_set_size,
                    "case {i}, {}",
                    l.name()
                );
                searched += 1;
            }
        }
    }
    assert!(searched > 100, "only {searched} searches found a split");
}
