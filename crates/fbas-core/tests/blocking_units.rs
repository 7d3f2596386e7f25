//! Node-level smallest blocking sets searched over units (`analyses/units.rs`) against the
//! brute-force oracle, on Stellar-like random networks: organizations as inner 2-of-3 sets, with
//! perturbations that keep the unit conditions or break them (a validator listed directly, one
//! node of an organization with another quorum set), with and without faulty nodes (which make
//! the units' prices unequal), and almost-symmetric top tiers of 3 or 4 organizations. Every witness is re-checked by the plain fixpoint.
//!
//! `FBAS_CASES` (default 1500) sets the number of cases, `FBAS_SEED` the seed.

use fbas_core::analyses::top_tier::top_tier;
use fbas_core::analyses::units::Units;
use fbas_core::outcome::Minimum;
use fbas_core::{Budget, Level, Network};
use fbas_testkit::generate::{generate, Family};
use fbas_testkit::oracle;
use fbas_testkit::random;
use fbas_testkit::Rng;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn node_blocking_over_units_matches_the_oracle() {
    let cases = env_number("FBAS_CASES", 1500);
    let seed = env_number("FBAS_SEED", 11);
    let budget = Budget::unlimited();
    // Cases whose top tier has a unit of several nodes, by whether the prices were equal.
    let (mut uniform, mut unequal) = (0, 0);
    let mut errors = Vec::new();
    for i in 0..cases {
        let mut rng = Rng::new(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        // Every other case an almost-symmetric top tier of 3 or 4 organizations, where units
        // usually hold throughout, faulty nodes only sometimes.
        let input = if i % 2 == 0 {
            random::structured_input(&mut rng)
        } else {
            let family = Family::AlmostSymmetric { delete_prob: 0.3 };
            generate(&family, rng.range(3, 4), rng.next_u64())
        };
        let faulty = if i % 4 == 1 {
            vec![]
        } else {
            random::random_faulty(&mut rng, &input)
        };
        let net = Network::new(input.clone()).expect("generated input is valid");
        if net.fbas().is_empty() {
            continue;
        }
        let o = oracle::analyze_exact(&input, &faulty);
        let tt = top_tier(net.fbas(), &budget).expect("no internal error");
        let tt_fbas = net.fbas().select(&tt.members);
        let units = Units::find(&tt_fbas);
        let faulty = net.faulty(&faulty);
        let no_faulty = vec![false; faulty.len()];
        for (f, expected) in [
            (&no_faulty, o.node.min_blocking_set_size),
            (&faulty, o.node.min_blocking_set_filtered_size),
        ] {
            if units.any_shared() {
                let tt_faulty: Vec<bool> = tt.members.iter().map(|&v| f[v]).collect();
                match units.uniform_cost(&tt_faulty) {
                    Some(_) => uniform += 1,
                    None => unequal += 1,
                }
            }
            match net.min_blocking(Level::Node, f, &budget) {
                Ok(Minimum::Found { size, witness }) => {
                    let alive: Vec<bool> = (0..f.len())
                        .map(|v| !f[v] && !witness.contains(&v))
                        .collect();
                    if size != expected
                        || witness.len() != size
                        || net.fbas().contains_quorum(&alive)
                    {
                        errors.push(format!("case {i}: {size} ({witness:?}), oracle {expected}"));
                    }
                }
                Ok(Minimum::NoneExists) if expected == 0 => {}
                other => errors.push(format!("case {i}: {other:?}, oracle {expected}")),
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The searches over units ran, at equal and at unequal prices.
    assert!(
        uniform >= cases / 20 && unequal >= cases / 20,
        "units at equal prices {uniform}, at unequal prices {unequal}"
    );
}
