//! Seeded generators of small random [`Input`]s for differential tests.
//!
//! Two families:
//! - [`random_input`]: 2..=10 nodes with arbitrary quorum sets (nested up to depth 2), thresholds
//!   from 0 to members + 1 (mostly majority-ish ones), dangling references, `quorum_set: None`,
//!   duplicated validators, self-references, random organizations (some nodes in none, sometimes a
//!   node in two, sometimes duplicated names), random country / ISP names that need the legacy
//!   clean-up (commas, trailing dots, empty strings) and random `is_validating`;
//! - [`structured_input`]: 6..=12 nodes shaped like the real Stellar network (organizations of
//!   mostly 3 validators, each node requiring a majority of organizations, each organization an
//!   inner 2-of-3 set), with random perturbations.
//!
//! And [`unit_input`]: organizations that are units of the network (see `fbas_core`'s
//! `analyses::units`), as python-fbas generates them, for the searches that rely on that shape.
//!
//! Everything is drawn with [`Rng`]: [`case`]`(seed, i)` is the same input for ever.

use crate::Rng;
use fbas_core::{Input, InputNode, InputOrganization, InputQuorumSet};

/// Country names: the clean-up removes every ',' and one trailing '.', so several of these collide.
const COUNTRIES: &[&str] = &[
    "United States",
    "United States",
    "Germany",
    "Germany",
    "Finland",
    "Korea, Republic of",
    "Korea Republic of",
    "Korea, Republic of.",
    "U.S.",
    "U.S",
    "U.S..",
    "",
    ",",
    ".",
];

/// ISP names, same clean-up; the empty string is an ordinary ISP name in the legacy engine.
const ISPS: &[&str] = &[
    "Amazon.com, Inc.",
    "Amazon.com Inc",
    "Amazon.com Inc.",
    "Hetzner Online GmbH",
    "Hetzner Online GmbH",
    "OVH SAS",
    "DigitalOcean, LLC",
    "DigitalOcean LLC.",
    "Google LLC..",
    "",
    ",",
];

const KEY_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `n` distinct random public keys ("G" + 4 characters), so key order differs from input order.
pub fn random_keys(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(n);
    while keys.len() < n {
        let mut k = String::from("G");
        for _ in 0..4 {
            k.push(*rng.pick(KEY_CHARS) as char);
        }
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

fn dangling_key(rng: &mut Rng) -> String {
    format!("GUNKNOWN{}", rng.below(3))
}

/// A threshold for `m` members: mostly a sensible (majority-ish) one, sometimes anything in
/// `0..=m+1`.
fn threshold_for(rng: &mut Rng, m: usize) -> u64 {
    if m > 0 && rng.chance(0.75) {
        let t = match rng.below(4) {
            0 => m / 2 + 1,
            1 => (2 * m).div_ceil(3),
            2 => m,
            _ => m.div_ceil(2),
        };
        t.max(1) as u64
    } else {
        rng.range(0, m + 1) as u64
    }
}

fn random_qset(rng: &mut Rng, keys: &[String], own: usize, depth: usize) -> InputQuorumSet {
    let n = keys.len();
    let mut idx: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut idx);
    let k = if depth == 0 {
        rng.range(1, n.min(6))
    } else {
        rng.range(0, n.min(3))
    };
    let mut validators: Vec<String> = idx[..k].iter().map(|&i| keys[i].clone()).collect();
    if depth == 0 && !validators.contains(&keys[own]) && rng.chance(0.6) {
        validators.push(keys[own].clone()); // self-reference
    }
    if rng.chance(0.06) {
        validators.push(dangling_key(rng));
    }
    if !validators.is_empty() && rng.chance(0.06) {
        let dup = rng.pick(&validators).clone();
        validators.push(dup);
    }
    rng.shuffle(&mut validators);
    let mut inner_quorum_sets = Vec::new();
    if depth < 2 && rng.chance(if depth == 0 { 0.35 } else { 0.15 }) {
        for _ in 0..rng.range(1, 2) {
            inner_quorum_sets.push(random_qset(rng, keys, own, depth + 1));
        }
    }
    let threshold = threshold_for(rng, validators.len() + inner_quorum_sets.len());
    InputQuorumSet {
        threshold,
        validators,
        inner_quorum_sets,
    }
}

fn random_country(rng: &mut Rng) -> Option<String> {
    if rng.chance(0.15) {
        None
    } else {
        Some(rng.pick(COUNTRIES).to_string())
    }
}

fn random_isp(rng: &mut Rng) -> Option<String> {
    if rng.chance(0.15) {
        None
    } else {
        Some(rng.pick(ISPS).to_string())
    }
}

fn random_validating(rng: &mut Rng) -> Option<bool> {
    match rng.below(10) {
        0 => None,
        1 | 2 => Some(false),
        _ => Some(true),
    }
}

/// Organizations over `keys`: each node joins at most one organization (some none), with rare
/// quirks: a node in two organizations, an unknown validator, a duplicated organization name, an
/// organization named like a node, an organization without validators, a `None` name.
fn random_organizations(rng: &mut Rng, keys: &[String]) -> Vec<InputOrganization> {
    let count = rng.range(0, 3);
    let mut orgs: Vec<InputOrganization> = (0..count)
        .map(|i| InputOrganization {
            id: format!("org-{i}"),
            name: Some(format!("Org {i}")),
            validators: Vec::new(),
        })
        .collect();
    if orgs.is_empty() {
        return orgs;
    }
    for key in keys {
        if rng.chance(0.7) {
            let o = rng.below(orgs.len());
            orgs[o].validators.push(key.clone());
        }
    }
    for i in 0..orgs.len() {
        if rng.chance(0.05) {
            let k = rng.pick(keys).clone();
            orgs[i].validators.push(k); // possibly a node that is in another organization too
        }
        if rng.chance(0.04) {
            let k = dangling_key(rng);
            orgs[i].validators.push(k);
        }
        if i > 0 && rng.chance(0.06) {
            orgs[i].name = orgs[rng.below(i)].name.clone(); // duplicated name
        }
        if rng.chance(0.02) {
            orgs[i].name = Some(rng.pick(keys).clone()); // named like a node
        }
        if rng.chance(0.02) {
            orgs[i].name = None; // the legacy engine aborts on this
        }
        rng.shuffle(&mut orgs[i].validators);
    }
    orgs
}

/// A random input with 2..=10 nodes (see the module documentation).
pub fn random_input(rng: &mut Rng) -> Input {
    let n = rng.range(2, 10);
    let keys = random_keys(rng, n);
    let nodes = (0..n)
        .map(|i| InputNode {
            public_key: keys[i].clone(),
            name: if rng.chance(0.8) {
                Some(format!("node {i}"))
            } else {
                None
            },
            quorum_set: if rng.chance(0.05) {
                None
            } else {
                Some(random_qset(rng, &keys, i, 0))
            },
            country: random_country(rng),
            isp: random_isp(rng),
            is_validating: random_validating(rng),
            history_archive_has_error: None,
        })
        .collect();
    Input {
        nodes,
        organizations: random_organizations(rng, &keys),
    }
}

/// A Stellar-like input with 6..=12 nodes: 2..=4 organizations of (mostly) 3 validators; every
/// node's quorum set requires a majority of the organizations, each organization being an inner
/// 2-of-3 set. Random perturbations: changed thresholds, a dropped or reordered inner set, a
/// missing member, an extra direct validator, a dangling reference, a node without quorum set.
pub fn structured_input(rng: &mut Rng) -> Input {
    let org_count = rng.range(2, 4);
    let mut sizes: Vec<usize> = (0..org_count)
        .map(|_| if rng.chance(0.2) { 2 } else { 3 })
        .collect();
    while sizes.iter().sum::<usize>() < 6 {
        sizes[0] += 1;
    }
    let n: usize = sizes.iter().sum();
    let keys = random_keys(rng, n);
    let mut members: Vec<Vec<String>> = Vec::new();
    let mut at = 0;
    for &s in &sizes {
        members.push(keys[at..at + s].to_vec());
        at += s;
    }
    let org_country: Vec<Option<String>> = (0..org_count).map(|_| random_country(rng)).collect();
    let org_isp: Vec<Option<String>> = (0..org_count).map(|_| random_isp(rng)).collect();
    let base_threshold =
        (2 * org_count).div_ceil(3) + usize::from(org_count == 3 && rng.chance(0.3));
    let mut nodes = Vec::with_capacity(n);
    for (o, org_members) in members.iter().enumerate() {
        for key in org_members {
            let mut inner: Vec<InputQuorumSet> = members
                .iter()
                .map(|m| InputQuorumSet {
                    threshold: (m.len() as u64 + 2) / 2,
                    validators: m.clone(),
                    inner_quorum_sets: Vec::new(),
                })
                .collect();
            let mut threshold = base_threshold as u64;
            let mut validators = Vec::new();
            if rng.chance(0.1) {
                threshold = rng.range(0, org_count + 1) as u64;
            }
            if rng.chance(0.08) {
                let i = rng.below(inner.len());
                inner.remove(i);
            }
            if rng.chance(0.1) && !inner.is_empty() {
                let i = rng.below(inner.len());
                let q = &mut inner[i];
                q.threshold = rng.range(0, q.validators.len() + 1) as u64;
            }
            if rng.chance(0.08) && !inner.is_empty() {
                let i = rng.below(inner.len());
                let q = &mut inner[i];
                if !q.validators.is_empty() {
                    let j = rng.below(q.validators.len());
                    q.validators.remove(j);
                }
            }
            if rng.chance(0.08) {
                validators.push(rng.pick(&keys).clone());
                threshold += u64::from(rng.chance(0.5));
            }
            if rng.chance(0.05) {
                let i = rng.below(inner.len().max(1));
                if let Some(q) = inner.get_mut(i) {
                    q.validators.push(dangling_key(rng));
                }
            }
            if rng.chance(0.3) {
                rng.shuffle(&mut inner);
            }
            for q in inner.iter_mut() {
                if rng.chance(0.3) {
                    rng.shuffle(&mut q.validators);
                }
            }
            let quorum_set = if rng.chance(0.04) {
                None
            } else {
                Some(InputQuorumSet {
                    threshold,
                    validators,
                    inner_quorum_sets: inner,
                })
            };
            nodes.push(InputNode {
                public_key: key.clone(),
                name: Some(format!("org {o} node")),
                quorum_set,
                country: if rng.chance(0.15) {
                    random_country(rng)
                } else {
                    org_country[o].clone()
                },
                isp: if rng.chance(0.15) {
                    random_isp(rng)
                } else {
                    org_isp[o].clone()
                },
                is_validating: random_validating(rng),
                history_archive_has_error: None,
            });
        }
    }
    rng.shuffle(&mut nodes);
    let mut organizations: Vec<InputOrganization> = members
        .iter()
        .enumerate()
        .filter(|_| rng.chance(0.9))
        .map(|(o, m)| InputOrganization {
            id: format!("org-{o}"),
            name: Some(format!("Org {o}")),
            validators: m.clone(),
        })
        .collect();
    if rng.chance(0.05) && organizations.len() > 1 {
        let name = organizations[0].name.clone();
        organizations[1].name = name;
    }
    Input {
        nodes,
        organizations,
    }
}

/// A top tier of organizations that are units (python-fbas' generator's shape, and Stellar's):
/// 3..=`max_orgs` organizations of 3, 4 or 5 validators with a majority threshold (2-of-3, 3-of-4,
/// 3- or 4-of-5) and sometimes a lone validator as an organization of its own. All validators of
/// an organization share one quorum set: a threshold over some of the organizations (each an
/// inner set, a lone validator listed directly; the organization itself listed or not), now and
/// then with the organizations split between two inner sets, now and then one set for all.
pub fn unit_input(rng: &mut Rng, max_orgs: usize) -> Input {
    let org_count = rng.range(3, max_orgs.max(3));
    let sizes: Vec<usize> = (0..org_count)
        .map(|_| *rng.pick(&[1, 3, 3, 3, 3, 4, 5]))
        .collect();
    let keys = random_keys(rng, sizes.iter().sum());
    let mut members: Vec<Vec<String>> = Vec::new();
    let mut at = 0;
    for &size in &sizes {
        members.push(keys[at..at + size].to_vec());
        at += size;
    }
    let threshold = |n: usize, rng: &mut Rng| match n {
        3 => 2,
        4 => 3,
        _ => rng.range(3, 4) as u64,
    };
    let over = |orgs: &[usize], rng: &mut Rng| -> InputQuorumSet {
        let mut validators = Vec::new();
        let mut inner_quorum_sets = Vec::new();
        for &o in orgs {
            if members[o].len() == 1 {
                validators.push(members[o][0].clone());
            } else {
                inner_quorum_sets.push(InputQuorumSet {
                    threshold: threshold(members[o].len(), rng),
                    validators: members[o].clone(),
                    inner_quorum_sets: vec![],
                });
            }
        }
        InputQuorumSet {
            threshold: rng.range(1, orgs.len()) as u64,
            validators,
            inner_quorum_sets,
        }
    };
    // Now and then one quorum set for all, over all: organizations of different sizes are
    // then interchangeable in the network seen by organizations.
    let all: Vec<usize> = (0..org_count).collect();
    let shared = rng.chance(0.25).then(|| over(&all, rng));
    let mut nodes = Vec::new();
    for (o, org_members) in members.iter().enumerate() {
        let mut listed: Vec<usize> = (0..org_count)
            .filter(|&p| p != o && rng.chance(0.7))
            .collect();
        if rng.chance(0.5) {
            listed.push(o);
        }
        if listed.is_empty() {
            listed.push((o + 1) % org_count);
        }
        let quorum_set = if let Some(shared) = &shared {
            shared.clone()
        } else if listed.len() >= 4 && rng.chance(0.2) {
            let half = listed.len() / 2;
            InputQuorumSet {
                threshold: 2,
                validators: vec![],
                inner_quorum_sets: vec![over(&listed[..half], rng), over(&listed[half..], rng)],
            }
        } else {
            over(&listed, rng)
        };
        for key in org_members {
            nodes.push(InputNode {
                public_key: key.clone(),
                name: None,
                quorum_set: Some(quorum_set.clone()),
                country: None,
                isp: None,
                is_validating: Some(true),
                history_archive_has_error: None,
            });
        }
    }
    rng.shuffle(&mut nodes);
    let organizations = members
        .iter()
        .enumerate()
        .map(|(o, m)| InputOrganization {
            id: format!("org-{o}"),
            name: Some(format!("Org {o}")),
            validators: m.clone(),
        })
        .collect();
    Input {
        nodes,
        organizations,
    }
}

/// Faulty nodes for the filtered blocking sets: the input's not-validating nodes, a random subset
/// of the nodes, sometimes nothing, sometimes with a key unknown to the network.
pub fn random_faulty(rng: &mut Rng, input: &Input) -> Vec<String> {
    let mut faulty = match rng.below(10) {
        0..=3 => input.not_validating(),
        4..=7 => input
            .nodes
            .iter()
            .filter(|_| rng.chance(0.25))
            .map(|n| n.public_key.clone())
            .collect(),
        _ => Vec::new(),
    };
    if rng.chance(0.1) {
        faulty.push(dangling_key(rng));
    }
    faulty
}

/// Case `i` of a test run with seed `seed`: mostly [`random_input`], sometimes
/// [`structured_input`]; returns the input and its faulty nodes.
pub fn case(seed: u64, i: usize) -> (Input, Vec<String>) {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
    let mut rng = rng.fork();
    let input = if rng.chance(0.35) {
        structured_input(&mut rng)
    } else {
        random_input(&mut rng)
    };
    let faulty = random_faulty(&mut rng, &input);
    (input, faulty)
}
