//! The smallest splitting set does not depend on the hint (`analyses::splitting`'s first call,
//! under a slice of the budget): with the hint's slice over before it starts, the search alone
//! finds the same minimum as the session (hint included) and as the brute-force oracle, at every
//! grouping level, on random small networks.

use fbas_core::analyses::intersection::Intersection;
use fbas_core::analyses::splitting::min_splitting_with_hint;
use fbas_core::clock::Instant;
use fbas_core::outcome::Minimum;
use fbas_core::{Budget, Level, Network};
use fbas_testkit::oracle::{self, Lvl, LEVELS};
use fbas_testkit::random;

fn level_of(l: Lvl) -> Level {
    match l {
        Lvl::Node => Level::Node,
        Lvl::Organization => Level::Organization,
        Lvl::Country => Level::Country,
        Lvl::Isp => Level::Isp,
    }
}

fn size<W>(m: Minimum<W>) -> Option<usize> {
    match m {
        Minimum::Found { size, .. } => Some(size),
        Minimum::NoneExists => None,
        Minimum::Unknown { .. } => panic!("unknown under an unlimited budget"),
    }
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
            let alone =
                min_splitting_with_hint(net.fbas(), net.grouping(level), &bound, &budget, spent)
                    .unwrap();
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
