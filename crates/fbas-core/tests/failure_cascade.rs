//! The two encodings of "the failure cascade fails every node" (`sat::encode`: the unrolled
//! [`encode::cascade`] and the ranking [`encode::everyone_fails`]) against plain code on small
//! random networks: for every set of initially failed nodes, each encoding is satisfiable
//! exactly when no quorum is left among the other nodes (`FBAS_CASES`, default 1500, and
//! `FBAS_SEED`).

use fbas_core::network::fbas::Fbas;
use fbas_core::network::preprocess::legacy_core;
use fbas_core::sat::encode;
use fbas_core::sat::solver::{Sat, SatLit};
use fbas_core::Budget;
use fbas_testkit::random;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Whether failing `failed` (a bitmask) leaves no quorum, by plain code.
fn blocks(fbas: &Fbas, failed: u32) -> bool {
    let alive: Vec<bool> = (0..fbas.len()).map(|v| failed & (1 << v) == 0).collect();
    !fbas.contains_quorum(&alive)
}

/// Whether `encoding` says every node fails from `failed`, asked by assumptions on one solver.
fn encoded(fbas: &Fbas, encoding: fn(&mut Sat, &Fbas, &[SatLit])) -> Vec<bool> {
    let mut sat = Sat::new(&Budget::unlimited());
    let initially: Vec<SatLit> = (0..fbas.len()).map(|_| sat.lit()).collect();
    encoding(&mut sat, fbas, &initially);
    (0..1u32 << fbas.len())
        .map(|failed| {
            let assumptions: Vec<SatLit> = (0..fbas.len())
                .map(|v| match failed & (1 << v) {
                    0 => !initially[v],
                    _ => initially[v],
                })
                .collect();
            sat.solve(&assumptions).unwrap()
        })
        .collect()
}

fn unrolled(sat: &mut Sat, fbas: &Fbas, initially: &[SatLit]) {
    for f in encode::cascade(sat, fbas, initially) {
        sat.clause(&[f]);
    }
}

/// Whether case `i` was a non-empty network (each encoding checked against plain code).
fn check_case(seed: u64, i: usize) -> bool {
    let (input, _) = random::case(seed, i);
    let fbas = legacy_core(&Fbas::from_input(&input).unwrap()).fbas;
    if fbas.is_empty() {
        return false;
    }
    let plain: Vec<bool> = (0..1u32 << fbas.len()).map(|f| blocks(&fbas, f)).collect();
    assert_eq!(
        encoded(&fbas, unrolled),
        plain,
        "case {i}: unrolled cascade"
    );
    assert_eq!(
        encoded(&fbas, encode::everyone_fails),
        plain,
        "case {i}: ranking"
    );
    true
}

#[test]
fn both_encodings_agree_with_plain_code() {
    let cases = env_number("FBAS_CASES", 1500) as usize;
    let seed = env_number("FBAS_SEED", 1);
    // The cases split between the machine's cores (every subset of each network is a solve).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let checked: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..cases)
                        .step_by(threads)
                        .filter(|&i| check_case(seed, i))
                        .count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert!(checked > cases / 2, "only {checked} non-empty networks");
}
