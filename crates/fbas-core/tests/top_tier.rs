//! The top tier's plain-code passes (`analyses::top_tier`): on the planted-split family, whose
//! two almost-symmetric halves have every node in a minimal quorum, and on the core-style family,
//! whose organizations all depend on each other, they decide every node, so that no solver is
//! needed (a solver would be stopped at once by the clause cap given here).

use fbas_core::analyses::top_tier::top_tier;
use fbas_core::{Budget, Network};
use fbas_testkit::generate::{generate, Family};

#[test]
fn the_greedy_passes_decide_planted_split_and_core_style_networks_without_a_solver() {
    let no_solver = Budget {
        max_clauses: Some(1),
        ..Budget::default()
    };
    let split = Family::PlantedSplit(Box::new(Family::AlmostSymmetric { delete_prob: 0.1 }));
    let core = Family::CoreStyle { connect_prob: 1.0 };
    for (family, orgs, seed) in [
        (&split, 25, 1),
        (&split, 50, 1),
        (&split, 50, 2),
        (&split, 50, 3),
        (&core, 200, 1),
    ] {
        let net = Network::new(generate(family, orgs, seed)).expect("generated input is valid");
        let top = top_tier(net.fbas(), &no_solver).expect("no internal error");
        assert!(
            top.is_complete() && top.members.len() == net.fbas().len(),
            "{family:?} {orgs}, seed {seed}: {} members, {} undecided of {} nodes",
            top.members.len(),
            top.undecided.len(),
            net.fbas().len()
        );
    }
}
