//! The shortcuts the structural bounds allow (`analyses::bounds`: minima counted in groups, a
//! symmetric top tier's minima at every grouping level, the history-critical set) against the
//! brute-force oracle on small symmetric networks of organizations with every kind of geography,
//! and against the minima that follow from counting on larger ones.

use fbas_core::{analyze, Bound, Input, InputNode, InputOrganization, InputQuorumSet, Options};
use fbas_testkit::{compare, oracle};

/// Where an organization's validators are.
#[derive(Debug, Clone, Copy)]
enum Geo {
    /// Organization i in country and ISP i mod k: groups of whole organizations.
    OrgPerGroup(usize),
    /// Validator j of organization i in country and ISP (i + j) mod k: every organization
    /// spread over several groups.
    Spread(usize),
    /// The first validator of every organization without country and ISP, the others as
    /// `OrgPerGroup`.
    Partial(usize),
}

/// Organizations of `sizes[i]` validators, each an inner set `inner(size)`-of-size; every node
/// trusts `t` of the organizations. The first two validators of each organization publish
/// history, the others do not; the last validator of the first organization is not validating.
fn symmetric(sizes: &[usize], inner: fn(usize) -> usize, t: usize, geo: Geo) -> Input {
    let orgs: Vec<Vec<String>> = sizes
        .iter()
        .enumerate()
        .map(|(i, &s)| (0..s).map(|j| format!("o{i}v{j}")).collect())
        .collect();
    let qset = InputQuorumSet {
        threshold: t as u64,
        validators: vec![],
        inner_quorum_sets: orgs
            .iter()
            .map(|o| InputQuorumSet {
                threshold: inner(o.len()) as u64,
                validators: o.clone(),
                inner_quorum_sets: vec![],
            })
            .collect(),
    };
    let mut nodes = vec![];
    for (i, o) in orgs.iter().enumerate() {
        for (j, key) in o.iter().enumerate() {
            let place = match geo {
                Geo::OrgPerGroup(k) => Some(i % k),
                Geo::Spread(k) => Some((i + j) % k),
                Geo::Partial(k) => (j > 0).then_some(i % k),
            };
            nodes.push(InputNode {
                public_key: key.clone(),
                name: Some(key.clone()),
                quorum_set: Some(qset.clone()),
                country: place.map(|p| format!("country {p}")),
                isp: place.map(|p| format!("isp {}", (p + 1) % 3)),
                is_validating: Some(!(i == 0 && j + 1 == o.len())),
                history_archive_has_error: Some(j >= 2),
            });
        }
    }
    Input {
        nodes,
        organizations: orgs
            .iter()
            .enumerate()
            .map(|(i, o)| InputOrganization {
                id: format!("org{i}"),
                name: Some(format!("org {i}")),
                validators: o.clone(),
            })
            .collect(),
    }
}

fn majority(size: usize) -> usize {
    size / 2 + 1
}

fn two_thirds(size: usize) -> usize {
    (2 * size).div_ceil(3)
}

/// The smallest number of publishing members of a minimal quorum, by brute force over the
/// oracle's minimal quorums.
fn history_by_oracle(input: &Input, o: &oracle::OracleResult) -> usize {
    let publishes = |key: &String| {
        input
            .nodes
            .iter()
            .any(|n| &n.public_key == key && n.history_archive_has_error == Some(false))
    };
    o.minimal_quorums
        .iter()
        .map(|q| q.iter().filter(|k| publishes(k)).count())
        .min()
        .unwrap_or(0)
}

#[test]
fn symmetric_networks_agree_with_brute_force_at_every_level() {
    let shapes: [&[usize]; 5] = [
        &[3, 3],
        &[3, 3, 3],
        &[2, 3, 4],
        &[3, 3, 3, 3],
        &[2, 2, 3, 2, 3],
    ];
    let mut failures = vec![];
    let mut cases = 0;
    for sizes in shapes {
        for inner in [majority as fn(usize) -> usize, two_thirds] {
            for t in 1..=sizes.len() {
                for geo in [Geo::OrgPerGroup(2), Geo::Spread(3), Geo::Partial(2)] {
                    let input = symmetric(sizes, inner, t, geo);
                    let faulty = input.not_validating();
                    let o = oracle::analyze_exact(&input, &faulty);
                    let report = analyze(&input, &faulty, &Options::default()).unwrap();
                    let mut errors = compare::differences(&report, &o);
                    let history = history_by_oracle(&input, &o);
                    if report.history_critical_set_size != Some(Bound::Exact(history)) {
                        errors.push(format!(
                            "history: fbas-sat {:?}, oracle {history}",
                            report.history_critical_set_size
                        ));
                    }
                    if !errors.is_empty() {
                        failures.push(format!("{sizes:?} t={t} {geo:?}: {}", errors.join("; ")));
                    }
                    cases += 1;
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} networks differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// N organizations of 3 validators (2-of-3) trusting t of them: a quorum takes two validators
/// of t organizations; blocking takes N − t + 1 organizations (two validators each); two
/// quorums after deleting D organizations need 2t − |D| ≤ N, and one deleted validator per
/// organization already lets its other two serve one side each. Two validators of each
/// organization publish history, so each of the t organizations of a quorum has one there.
#[test]
fn symmetric_top_tier_minima_follow_from_counting() {
    for (n, geo) in [
        (20usize, Geo::OrgPerGroup(4)),
        (34, Geo::Spread(5)),
        (50, Geo::Partial(3)),
    ] {
        let t = (67 * n).div_ceil(100);
        let input = symmetric(&vec![3; n], two_thirds, t, geo);
        let report = analyze(&input, &[], &Options::default()).unwrap();
        let exact = |b: Option<Bound>| b.and_then(Bound::exact);
        assert_eq!(exact(report.min_quorum_size), Some(2 * t), "{n}");
        assert_eq!(exact(report.history_critical_set_size), Some(t), "{n}");
        assert_eq!(
            exact(report.node.blocking_sets_min_size),
            Some(2 * (n - t + 1))
        );
        assert_eq!(
            exact(report.organization.blocking_sets_min_size),
            Some(n - t + 1)
        );
        assert_eq!(exact(report.node.splitting_sets_min_size), Some(2 * t - n));
        assert_eq!(
            exact(report.organization.splitting_sets_min_size),
            Some(2 * t - n)
        );
        for level in [report.country, report.isp] {
            assert!(exact(level.blocking_sets_min_size).is_some(), "{n} {geo:?}");
            assert!(
                exact(level.splitting_sets_min_size).is_some(),
                "{n} {geo:?}"
            );
        }
    }
}
