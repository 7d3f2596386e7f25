//! Transposable nodes (`sat::symmetry_breaking::transposable_nodes`): validators that list all
//! the others but not themselves have pairwise different quorum sets, yet any two of them can be
//! swapped. The orbits found, and every answer of `analyze` with those swaps broken, against the
//! brute-force oracle on small networks of that shape with perturbations.

use fbas_core::sat::symmetry_breaking::transposable_nodes;
use fbas_core::{analyze, Input, InputNode, InputOrganization, InputQuorumSet, Network, Options};
use fbas_testkit::Rng;
use fbas_testkit::{compare, oracle};

/// `n` validators `v0..`; validator i trusts `threshold[i]` of all validators but
/// `left_out[i]` (itself, when `left_out[i] == i`; nobody when it is `n` or more).
/// Organizations of two consecutive validators when `orgs`; countries and ISPs as `place` says.
fn network(
    threshold: &[u64],
    left_out: &[usize],
    orgs: bool,
    place: impl Fn(usize) -> Option<usize>,
) -> Input {
    let n = threshold.len();
    let key = |i: usize| format!("v{i}");
    let nodes = (0..n)
        .map(|i| InputNode {
            public_key: key(i),
            name: Some(key(i)),
            quorum_set: Some(InputQuorumSet {
                threshold: threshold[i],
                validators: (0..n).filter(|&j| j != left_out[i]).map(key).collect(),
                inner_quorum_sets: vec![],
            }),
            country: place(i).map(|p| format!("country {p}")),
            isp: place(i).map(|p| format!("isp {}", p % 2)),
            is_validating: Some(i != 1),
            history_archive_has_error: None,
        })
        .collect();
    let organizations = if orgs {
        (0..n.div_ceil(2))
            .map(|o| InputOrganization {
                id: format!("org{o}"),
                name: Some(format!("Org {o}")),
                validators: (2 * o..(2 * o + 2).min(n)).map(key).collect(),
            })
            .collect()
    } else {
        vec![]
    };
    Input {
        nodes,
        organizations,
    }
}

#[test]
fn validators_listing_all_the_others_are_one_orbit() {
    // MobileCoin's shape: ten validators, each 7 of the other nine.
    let themselves: Vec<usize> = (0..10).collect();
    let input = network(&[7; 10], &themselves, false, |_| None);
    let net = Network::new(input).unwrap();
    assert_eq!(
        transposable_nodes(net.fbas()),
        &[(0..10).collect::<Vec<_>>()]
    );
    // One validator asking for more: it is fixed, the other nine still swap.
    let mut threshold = [7; 10];
    threshold[4] = 8;
    let net = Network::new(network(&threshold, &themselves, false, |_| None)).unwrap();
    let fbas = net.fbas();
    let v4 = fbas.keys.iter().position(|k| k == "v4").unwrap();
    let orbits = transposable_nodes(fbas);
    assert_eq!(orbits.len(), 1);
    assert_eq!(orbits[0].len(), 9);
    assert!(!orbits[0].contains(&v4));
    // Listing themselves too, all share one quorum set: interchangeable, not transposable.
    let net = Network::new(network(&[7; 10], &[10; 10], false, |_| None)).unwrap();
    assert!(transposable_nodes(net.fbas()).is_empty());
}

#[test]
fn analyses_with_transposed_nodes_agree_with_brute_force() {
    let mut rng = Rng::new(0x7A05_905E);
    let (mut cases, mut with_orbits) = (0, 0);
    let mut failures = vec![];
    for _ in 0..400 {
        let n = rng.range(3, 9);
        let base = rng.range(1, n) as u64;
        let threshold: Vec<u64> = (0..n)
            .map(|_| match rng.chance(0.15) {
                true => rng.range(0, n) as u64,
                false => base,
            })
            .collect();
        // Mostly itself; sometimes nobody, sometimes another validator.
        let left_out: Vec<usize> = (0..n)
            .map(|i| match rng.below(10) {
                0 => n,
                1 | 2 => rng.below(n),
                _ => i,
            })
            .collect();
        let orgs = rng.chance(0.5);
        let spread = rng.range(1, 3);
        let place = move |i: usize| (i % 4 != 3).then_some(i % spread);
        let input = network(&threshold, &left_out, orgs, place);
        let net = Network::new(input.clone()).unwrap();
        if !transposable_nodes(net.fbas()).is_empty() {
            with_orbits += 1;
        }
        let faulty = input.not_validating();
        let o = oracle::analyze_exact(&input, &faulty);
        let report = analyze(&input, &faulty, &Options::default()).unwrap();
        let errors = compare::differences(&report, &o);
        if !errors.is_empty() {
            failures.push(format!(
                "thresholds {threshold:?}, left out {left_out:?}, orgs {orgs}, \
                 spread {spread}: {}",
                errors.join("; ")
            ));
        }
        cases += 1;
    }
    assert!(
        with_orbits > cases / 2,
        "only {with_orbits} of {cases} had orbits"
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} networks differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
