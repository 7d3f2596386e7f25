//! Reproducible synthetic networks, by family, size and seed, for the benchmarks and the tests.
//!
//! Everything here is pure and deterministic: the same family, size and seed always give the
//! same [`Input`] (drawn with [`Rng`], no I/O). Sizes count
//! organizations; every organization of the top tier has three validators.
//!
//! | Family | Shape |
//! |---|---|
//! | [`symmetric`](Family::AlmostSymmetric) | N organizations, one quorum set: ⌈0.67·N⌉ of their 2-of-3 sets |
//! | [`almost-symmetric`](Family::AlmostSymmetric) | python-fbas' `almost_symmetric_network_*` |
//! | [`core-style`](Family::CoreStyle) | stellar-core's "interconnected organizations" tests |
//! | [`tiered`](Family::Tiered) | a symmetric top tier plus 5·N validators and watchers around it |
//! | [`broken-split`](Family::PlantedSplit) | two halves that each contain a quorum |
//! | [`broken-blocking`](Family::PlantedBlocking) | a planted organization that blocks alone |
//!
//! Countries and ISPs are drawn from small skewed pools (a home country and ISP per
//! organization, with some validators elsewhere), so the merged analyses are not trivial.
//! [`stellarbeat`](crate::stellarbeat) writes a generated input as the files the parsers (and
//! the legacy engine's harness) read.

use crate::Rng;
use fbas_core::{Input, InputNode, InputOrganization, InputQuorumSet};
use std::fmt;

/// A family of networks. Sizes are numbers of (top-tier) organizations.
#[derive(Debug, Clone, PartialEq)]
pub enum Family {
    /// N organizations × 3 validators; each organization is an inner set 2-of-3; every
    /// validator of organization i has the top-level quorum set
    /// `min(⌈0.67·N⌉, r)`-of-(the r organization sets left after each of the N references was
    /// deleted independently with probability `delete_prob`). As in python-fbas'
    /// `almost_symmetric_network_N_orgs_delete_prob_factor_F` files (where the probability is
    /// F/N): deletions are drawn per organization (its three validators share one quorum set),
    /// the organization's reference to itself can be deleted too, and the threshold is capped
    /// by what is left. An organization left with no reference keeps the one to itself.
    /// With `delete_prob` 0 it is the `symmetric` family: every validator has the same quorum
    /// set, ⌈0.67·N⌉-of-(all N organizations' 2-of-3 sets).
    AlmostSymmetric { delete_prob: f64 },
    /// stellar-core's quorum-intersection test shape ("interconnected organizations"): each
    /// organization of 3 validators has the flat set `⌈67%⌉`-of-(its own validators plus, for
    /// every other organization it depends on, that organization as an inner set `⌈51%⌉`-of-3);
    /// organization i depends on j ≠ i with probability `connect_prob` (1, the default: fully
    /// connected, the symmetric shape stellar-core's checker is known to struggle with).
    CoreStyle { connect_prob: f64 },
    /// A symmetric top tier (N organizations × 3, ⌈0.67·N⌉ of the organizations' 2-of-3 sets,
    /// like the real network's core), plus 5·N others: 3·N validators and 2·N watchers trusting
    /// a few top-tier organizations (some validators also list other non-top-tier validators,
    /// a few watchers have no quorum set). About one top-tier organization in seven has a
    /// validator that is not validating; watchers are never validating.
    Tiered,
    /// Two copies of the base family with N/2 and N - N/2 organizations, each copy's sets also
    /// listing about half of the other copy's organizations without raising any threshold:
    /// each half still contains a quorum, so quorum intersection fails by construction.
    PlantedSplit(Box<Family>),
    /// The base family with every quorum set Q replaced by 2-of-{`hub`, Q}, where `hub` is the
    /// 2-of-3 set of a planted organization whose validators have the same wrapper around a
    /// top-tier validator's set; the hub's first validator is not validating. Two hub validators
    /// block every node while (since every base family stays a quorum without any one node) no
    /// single node does: see [`Planted::Blocking`].
    PlantedBlocking(Box<Family>),
}

/// What a planted family's answer is, by construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Planted {
    /// Two disjoint quorums: status split, every minimum splitting set size 0.
    Split,
    /// Minimum blocking set sizes.
    Blocking {
        node: usize,
        organization: usize,
        filtered_node: usize,
        filtered_organization: usize,
    },
}

/// Default deletion probability of [`Family::AlmostSymmetric`] in [`Family::parse`].
pub const DEFAULT_DELETE_PROB: f64 = 0.1;
/// Default connection probability of [`Family::CoreStyle`] in [`Family::parse`].
pub const DEFAULT_CONNECT_PROB: f64 = 1.0;

impl Family {
    /// Parse a family name: `symmetric` (`almost-symmetric=0`), `almost-symmetric[=P]`,
    /// `core-style[=P]`, `tiered`,
    /// `broken-split[:BASE]`, `broken-blocking[:BASE]` (base `almost-symmetric` by default).
    pub fn parse(s: &str) -> Result<Family, String> {
        let prob = |v: Option<&str>, default: f64| -> Result<f64, String> {
            match v {
                None => Ok(default),
                Some(v) => match v.parse::<f64>() {
                    Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
                    _ => Err(format!("`{v}` is not a probability in [0, 1]")),
                },
            }
        };
        let (head, base) = match s.split_once(':') {
            Some((h, b)) => (h, Some(b)),
            None => (s, None),
        };
        let (name, param) = match head.split_once('=') {
            Some((n, p)) => (n, Some(p)),
            None => (head, None),
        };
        let base_family = || -> Result<Box<Family>, String> {
            Ok(Box::new(match base {
                Some(b) => Family::parse(b)?,
                None => Family::AlmostSymmetric {
                    delete_prob: DEFAULT_DELETE_PROB,
                },
            }))
        };
        let family = match name {
            "symmetric" => Family::AlmostSymmetric { delete_prob: 0.0 },
            "almost-symmetric" => Family::AlmostSymmetric {
                delete_prob: prob(param, DEFAULT_DELETE_PROB)?,
            },
            "core-style" => Family::CoreStyle {
                connect_prob: prob(param, DEFAULT_CONNECT_PROB)?,
            },
            "tiered" => Family::Tiered,
            "broken-split" => Family::PlantedSplit(base_family()?),
            "broken-blocking" => Family::PlantedBlocking(base_family()?),
            _ => {
                return Err(format!(
                "unknown family `{s}` (symmetric, almost-symmetric[=P], core-style[=P], tiered, \
                     broken-split[:BASE], broken-blocking[:BASE])"
            ))
            }
        };
        let takes_param = matches!(name, "almost-symmetric" | "core-style");
        if param.is_some() && !takes_param {
            return Err(format!("family `{name}` takes no parameter"));
        }
        if base.is_some() && !name.starts_with("broken-") {
            return Err(format!("family `{name}` takes no base family"));
        }
        Ok(family)
    }

    /// The answer known by construction, for the planted families.
    pub fn planted(&self) -> Option<Planted> {
        match self {
            Family::PlantedSplit(_) => Some(Planted::Split),
            Family::PlantedBlocking(_) => Some(Planted::Blocking {
                node: 2,
                organization: 1,
                filtered_node: 1,
                filtered_organization: 1,
            }),
            _ => None,
        }
    }
}

impl fmt::Display for Family {
    /// The name [`Family::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Family::AlmostSymmetric { delete_prob } if *delete_prob == 0.0 => {
                write!(f, "symmetric")
            }
            Family::AlmostSymmetric { delete_prob } if *delete_prob == DEFAULT_DELETE_PROB => {
                write!(f, "almost-symmetric")
            }
            Family::AlmostSymmetric { delete_prob } => write!(f, "almost-symmetric={delete_prob}"),
            Family::CoreStyle { connect_prob } if *connect_prob == DEFAULT_CONNECT_PROB => {
                write!(f, "core-style")
            }
            Family::CoreStyle { connect_prob } => write!(f, "core-style={connect_prob}"),
            Family::Tiered => write!(f, "tiered"),
            Family::PlantedSplit(base) | Family::PlantedBlocking(base) => {
                let name = match self {
                    Family::PlantedSplit(_) => "broken-split",
                    _ => "broken-blocking",
                };
                if **base
                    == (Family::AlmostSymmetric {
                        delete_prob: DEFAULT_DELETE_PROB,
                    })
                {
                    write!(f, "{name}")
                } else {
                    write!(f, "{name}:{base}")
                }
            }
        }
    }
}

/// The network of `family` with `orgs` organizations (at least 1; 2 for a planted split),
/// drawn from `seed`.
pub fn generate(family: &Family, orgs: usize, seed: u64) -> Input {
    build(family, orgs.max(1), seed, "").into_input()
}

/// A network under construction: its nodes, organizations, and which organizations form the
/// top tier (the ones top-level quorum sets reference), by index into `orgs`.
struct Net {
    nodes: Vec<InputNode>,
    orgs: Vec<InputOrganization>,
    top_orgs: Vec<usize>,
}

impl Net {
    fn into_input(self) -> Input {
        Input {
            nodes: self.nodes,
            organizations: self.orgs,
        }
    }

    /// The 2-of-3 (⌈51%⌉) inner set of organization `o`.
    fn org_set(&self, o: usize) -> InputQuorumSet {
        let validators = self.orgs[o].validators.clone();
        InputQuorumSet {
            threshold: pct(validators.len(), 51) as u64,
            validators,
            inner_quorum_sets: vec![],
        }
    }
}

/// ⌈x·p/100⌉, as stellar-core's `roundUpPct` (and python-fbas' `ceil(0.67·N)`) compute it.
fn pct(x: usize, p: usize) -> usize {
    (x * p).div_ceil(100)
}

const COUNTRIES: [&str; 12] = [
    "United States",
    "Germany",
    "Finland",
    "Ireland",
    "Canada",
    "Singapore",
    "Brazil",
    "Japan",
    "Netherlands",
    "France",
    "United Kingdom",
    "India",
];

const ISPS: [&str; 10] = [
    "Amazon.com, Inc.",
    "Hetzner Online GmbH",
    "Google LLC",
    "DigitalOcean, LLC",
    "OVH SAS",
    "Microsoft Corporation",
    "Linode, LLC",
    "Scaleway",
    "Vultr Holdings LLC",
    "Oracle Corporation",
];

/// Where one organization's validators run: a home country and ISP, each validator staying
/// home with probability 0.6 and otherwise drawn from the whole (skewed) pool.
struct Geo {
    country: usize,
    isp: usize,
}

impl Geo {
    fn draw(rng: &mut Rng) -> Geo {
        Geo {
            country: rng.skewed(COUNTRIES.len()),
            isp: rng.skewed(ISPS.len()),
        }
    }

    fn place(&self, rng: &mut Rng) -> (Option<String>, Option<String>) {
        let country = if rng.chance(0.6) {
            self.country
        } else {
            rng.skewed(COUNTRIES.len())
        };
        let isp = if rng.chance(0.6) {
            self.isp
        } else {
            rng.skewed(ISPS.len())
        };
        (Some(COUNTRIES[country].into()), Some(ISPS[isp].into()))
    }
}

fn node(
    key: String,
    name: String,
    quorum_set: Option<InputQuorumSet>,
    (country, isp): (Option<String>, Option<String>),
    validating: bool,
) -> InputNode {
    InputNode {
        public_key: key,
        name: Some(name),
        quorum_set,
        country,
        isp,
        is_validating: Some(validating),
        history_archive_has_error: Some(false),
    }
}

/// `count` organizations of 3 validators named `{prefix}org{i}v{j}` (no nodes yet).
fn top_orgs(prefix: &str, count: usize) -> Vec<InputOrganization> {
    (0..count)
        .map(|i| InputOrganization {
            id: format!("{prefix}org{i}"),
            name: Some(format!("{prefix}org{i}")),
            validators: (0..3).map(|j| format!("{prefix}org{i}v{j}")).collect(),
        })
        .collect()
}

/// Add the validators of every organization of `net` (all of them top tier), organization
/// `o`'s validators getting `qset_of(o)`.
fn add_org_nodes(net: &mut Net, rng: &mut Rng, qsets: Vec<InputQuorumSet>) {
    for (o, qset) in qsets.into_iter().enumerate() {
        let geo = Geo::draw(rng);
        for (j, key) in net.orgs[o].validators.clone().into_iter().enumerate() {
            let name = format!("{} {j}", net.orgs[o].id);
            let place = geo.place(rng);
            net.nodes
                .push(node(key, name, Some(qset.clone()), place, true));
        }
    }
}

fn build(family: &Family, n: usize, seed: u64, prefix: &str) -> Net {
    let mut rng = Rng::new(seed);
    match family {
        Family::AlmostSymmetric { delete_prob } => {
            almost_symmetric(n, *delete_prob, &mut rng, prefix)
        }
        Family::CoreStyle { connect_prob } => core_style(n, *connect_prob, &mut rng, prefix),
        Family::Tiered => tiered(n, &mut rng, prefix),
        Family::PlantedSplit(base) => planted_split(base, n, &mut rng, prefix),
        Family::PlantedBlocking(base) => planted_blocking(base, n, &mut rng, prefix),
    }
}

fn almost_symmetric(n: usize, delete_prob: f64, rng: &mut Rng, prefix: &str) -> Net {
    let mut net = Net {
        nodes: vec![],
        orgs: top_orgs(prefix, n),
        top_orgs: (0..n).collect(),
    };
    let threshold = pct(n, 67);
    let qsets = (0..n)
        .map(|i| {
            let mut refs: Vec<usize> = (0..n).filter(|_| !rng.chance(delete_prob)).collect();
            if refs.is_empty() {
                refs.push(i);
            }
            InputQuorumSet {
                threshold: threshold.min(refs.len()) as u64,
                validators: vec![],
                inner_quorum_sets: refs.iter().map(|&j| net.org_set(j)).collect(),
            }
        })
        .collect();
    add_org_nodes(&mut net, rng, qsets);
    net
}

fn core_style(n: usize, connect_prob: f64, rng: &mut Rng, prefix: &str) -> Net {
    let mut net = Net {
        nodes: vec![],
        orgs: top_orgs(prefix, n),
        top_orgs: (0..n).collect(),
    };
    let qsets = (0..n)
        .map(|i| {
            let deps: Vec<usize> = (0..n)
                .filter(|&j| j != i && rng.chance(connect_prob))
                .collect();
            let own = net.orgs[i].validators.clone();
            InputQuorumSet {
                threshold: pct(own.len() + deps.len(), 67) as u64,
                validators: own,
                inner_quorum_sets: deps.iter().map(|&j| net.org_set(j)).collect(),
            }
        })
        .collect();
    add_org_nodes(&mut net, rng, qsets);
    net
}

fn tiered(n: usize, rng: &mut Rng, prefix: &str) -> Net {
    let mut net = Net {
        nodes: vec![],
        orgs: top_orgs(prefix, n),
        top_orgs: (0..n).collect(),
    };
    let top = InputQuorumSet {
        threshold: pct(n, 67) as u64,
        validators: vec![],
        inner_quorum_sets: (0..n).map(|j| net.org_set(j)).collect(),
    };
    add_org_nodes(&mut net, rng, vec![top; n]);
    // About one organization in seven runs a validator that is not validating.
    for o in 0..n {
        if rng.chance(1.0 / 7.0) {
            let j = rng.below(3);
            net.nodes[3 * o + j].is_validating = Some(false);
        }
    }
    // 5·N others: per five, three validators and two watchers.
    let mut validators: Vec<String> = vec![];
    for i in 0..5 * n {
        let watcher = i % 5 >= 3;
        let k = rng.range(n.min(3), n.min(12));
        let trusted = rng.sample(n, k);
        let listed: Vec<String> = if watcher || validators.is_empty() {
            vec![]
        } else {
            let m = rng.below(3).min(validators.len());
            rng.sample(validators.len(), m)
                .into_iter()
                .map(|v| validators[v].clone())
                .collect()
        };
        let qset = InputQuorumSet {
            threshold: pct(k, 67) as u64,
            validators: listed,
            inner_quorum_sets: trusted.iter().map(|&o| net.org_set(o)).collect(),
        };
        let geo = Geo::draw(rng);
        let place = geo.place(rng);
        if watcher {
            let qset = (!rng.chance(0.15)).then_some(qset);
            let key = format!("{prefix}watcher{i}");
            net.nodes.push(node(key.clone(), key, qset, place, false));
        } else {
            let key = format!("{prefix}validator{i}");
            net.nodes.push(node(
                key.clone(),
                key.clone(),
                Some(qset),
                place,
                !rng.chance(0.1),
            ));
            validators.push(key);
        }
    }
    // Non-top-tier validators come in organizations of two, or alone.
    let mut i = 0;
    while i < validators.len() {
        if i + 1 < validators.len() && rng.chance(0.5) {
            let id = format!("{prefix}tier2-org{}", net.orgs.len());
            net.orgs.push(InputOrganization {
                id: id.clone(),
                name: Some(id),
                validators: validators[i..i + 2].to_vec(),
            });
            i += 2;
        } else {
            i += 1;
        }
    }
    net
}

fn planted_split(base: &Family, n: usize, rng: &mut Rng, prefix: &str) -> Net {
    let n = n.max(2);
    let sizes = [n / 2, n - n / 2];
    let halves: Vec<Net> = (0..2)
        .map(|h| {
            let seed = rng.next_u64();
            build(base, sizes[h], seed, &format!("{prefix}{}-", ["A", "B"][h]))
        })
        .collect();
    // Cross links: each quorum set also lists about half of the other half's top-tier
    // organizations, threshold unchanged, so each half still satisfies its own sets.
    let links: Vec<Vec<InputQuorumSet>> = (0..2)
        .map(|h| {
            let other = &halves[1 - h];
            other.top_orgs.iter().map(|&o| other.org_set(o)).collect()
        })
        .collect();
    let mut net = Net {
        nodes: vec![],
        orgs: vec![],
        top_orgs: vec![],
    };
    for (h, half) in halves.into_iter().enumerate() {
        let offset = net.orgs.len();
        for mut v in half.nodes {
            if let Some(q) = &mut v.quorum_set {
                for link in &links[h] {
                    if rng.chance(0.5) {
                        q.inner_quorum_sets.push(link.clone());
                    }
                }
            }
            net.nodes.push(v);
        }
        net.orgs.extend(half.orgs);
        net.top_orgs
            .extend(half.top_orgs.into_iter().map(|o| o + offset));
    }
    net
}

fn planted_blocking(base: &Family, n: usize, rng: &mut Rng, prefix: &str) -> Net {
    let mut net = build(base, n, rng.next_u64(), prefix);
    let hub_keys: Vec<String> = (0..3).map(|j| format!("{prefix}hub-v{j}")).collect();
    let hub_set = InputQuorumSet {
        threshold: 2,
        validators: hub_keys.clone(),
        inner_quorum_sets: vec![],
    };
    let wrap = |q: InputQuorumSet| InputQuorumSet {
        threshold: 2,
        validators: vec![],
        inner_quorum_sets: vec![hub_set.clone(), q],
    };
    let first_top = net.orgs[net.top_orgs[0]].validators[0].clone();
    let template = net
        .nodes
        .iter()
        .find(|v| v.public_key == first_top)
        .and_then(|v| v.quorum_set.clone())
        .unwrap_or_default();
    for v in &mut net.nodes {
        v.quorum_set = v.quorum_set.take().map(wrap);
    }
    let geo = Geo::draw(rng);
    for (j, key) in hub_keys.iter().enumerate() {
        let place = geo.place(rng);
        net.nodes.push(node(
            key.clone(),
            format!("{prefix}hub {j}"),
            Some(wrap(template.clone())),
            place,
            j != 0,
        ));
    }
    net.orgs.push(InputOrganization {
        id: format!("{prefix}hub"),
        name: Some(format!("{prefix}hub")),
        validators: hub_keys,
    });
    net.top_orgs.push(net.orgs.len() - 1);
    net
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stellarbeat;
    use fbas_core::{analyze, parse, parse_organizations, Bound, Options, Status};

    fn families() -> Vec<Family> {
        [
            "symmetric",
            "almost-symmetric",
            "almost-symmetric=0.5",
            "core-style",
            "core-style=0.5",
            "tiered",
            "broken-split",
            "broken-split:core-style",
            "broken-split:tiered",
            "broken-blocking",
            "broken-blocking:core-style=0.5",
            "broken-blocking:tiered",
        ]
        .iter()
        .map(|s| Family::parse(s).unwrap())
        .collect()
    }

    fn faulty(input: &Input) -> Vec<String> {
        input.not_validating()
    }

    #[test]
    fn names_round_trip() {
        for f in families() {
            assert_eq!(Family::parse(&f.to_string()).unwrap(), f, "{f}");
        }
        assert!(Family::parse("tiered=0.5").is_err());
        assert!(Family::parse("almost-symmetric=2").is_err());
        assert!(Family::parse("core-style:tiered").is_err());
        assert!(Family::parse("nope").is_err());
    }

    #[test]
    fn same_seed_same_network_other_seed_other_network() {
        for f in families() {
            let a = generate(&f, 12, 7);
            assert_eq!(a, generate(&f, 12, 7), "{f}");
            let keys: std::collections::HashSet<_> =
                a.nodes.iter().map(|v| &v.public_key).collect();
            assert_eq!(keys.len(), a.nodes.len(), "{f}: duplicate keys");
            assert_ne!(a, generate(&f, 12, 8), "{f}");
        }
    }

    #[test]
    fn sizes() {
        let a = generate(&Family::parse("almost-symmetric").unwrap(), 10, 1);
        assert_eq!((a.nodes.len(), a.organizations.len()), (30, 10));
        let t = generate(&Family::Tiered, 10, 1);
        assert_eq!(t.nodes.len(), 30 + 50);
        let s = generate(&Family::parse("broken-split").unwrap(), 11, 1);
        assert_eq!((s.nodes.len(), s.organizations.len()), (33, 11));
        let b = generate(&Family::parse("broken-blocking").unwrap(), 10, 1);
        assert_eq!((b.nodes.len(), b.organizations.len()), (33, 11));
    }

    /// python-fbas' statistics: per-organization sets, mean share of references kept close to
    /// 1 - p, threshold min(⌈0.67·N⌉, references).
    #[test]
    fn almost_symmetric_statistics() {
        let n = 60;
        let input = generate(&Family::AlmostSymmetric { delete_prob: 0.3 }, n, 3);
        let mut kept = 0;
        for org in input.organizations.chunks(1) {
            let sets: Vec<_> = input
                .nodes
                .iter()
                .filter(|v| org[0].validators.contains(&v.public_key))
                .map(|v| v.quorum_set.clone().unwrap())
                .collect();
            assert!(sets.iter().all(|q| *q == sets[0]));
            let refs = sets[0].inner_quorum_sets.len();
            assert_eq!(sets[0].threshold as usize, pct(n, 67).min(refs));
            kept += refs;
        }
        let share = kept as f64 / (n * n) as f64;
        assert!((share - 0.7).abs() < 0.03, "kept {share}");
    }

    /// `symmetric` is what its name says: N organizations of 3 validators, every validator with
    /// the one quorum set ⌈0.67·N⌉-of-(each organization's validators, 2-of-3), and the
    /// organizations written out.
    #[test]
    fn symmetric_is_one_quorum_set_over_all_organizations() {
        let family = Family::parse("symmetric").unwrap();
        assert_eq!(family, Family::AlmostSymmetric { delete_prob: 0.0 });
        for n in [1, 4, 25, 200] {
            let input = generate(&family, n, 1);
            assert_eq!(input.organizations.len(), n);
            assert_eq!(input.nodes.len(), 3 * n);
            let qset = input.nodes[0].quorum_set.clone().unwrap();
            assert!(input
                .nodes
                .iter()
                .all(|v| v.quorum_set.as_ref() == Some(&qset)));
            assert_eq!(qset.threshold as usize, pct(n, 67), "{n}");
            assert!(qset.validators.is_empty());
            let inner: Vec<_> = qset.inner_quorum_sets.iter().collect();
            assert_eq!(inner.len(), n);
            for (set, org) in inner.iter().zip(&input.organizations) {
                assert_eq!(set.threshold, 2);
                assert_eq!(set.validators, org.validators);
                assert_eq!(org.validators.len(), 3);
                assert!(set.inner_quorum_sets.is_empty());
            }
        }
    }

    /// The writer's output reads back as the same network.
    #[test]
    fn stellarbeat_round_trip() {
        for f in families() {
            let input = generate(&f, 6, 11);
            let nodes = stellarbeat::nodes(&input).to_string();
            let orgs = stellarbeat::organizations(&input).to_string();
            let mut back = parse(&nodes).unwrap();
            back.organizations = parse_organizations(&orgs).unwrap();
            assert_eq!(back, input, "{f}");
        }
    }

    fn exact(b: Option<Bound>) -> Option<usize> {
        b.and_then(Bound::exact)
    }

    #[test]
    fn planted_split_is_found() {
        for f in families()
            .into_iter()
            .filter(|f| f.planted() == Some(Planted::Split))
        {
            for (n, seed) in [(6, 1), (9, 2), (12, 3)] {
                let input = generate(&f, n, seed);
                let mut options = Options::default();
                options.analyses.min_quorum = false;
                options.analyses.top_tier = false;
                options.analyses.blocking = false;
                let report = analyze(&input, &faulty(&input), &options).unwrap();
                assert_eq!(report.status, Status::Split, "{f} {n} {seed}");
                assert_eq!(report.has_quorum_intersection, Some(false));
                assert_eq!(exact(report.node.splitting_sets_min_size), Some(0));
                assert_eq!(exact(report.organization.splitting_sets_min_size), Some(0));
            }
        }
    }

    #[test]
    fn planted_blocking_set_is_the_minimum() {
        for f in families() {
            let Some(Planted::Blocking {
                node,
                organization,
                filtered_node,
                filtered_organization,
            }) = f.planted()
            else {
                continue;
            };
            for (n, seed) in [(5, 1), (8, 2)] {
                let input = generate(&f, n, seed);
                let mut options = Options::default();
                options.analyses.splitting = false;
                let report = analyze(&input, &faulty(&input), &options).unwrap();
                let at = format!("{f} {n} {seed}");
                assert_eq!(report.status, Status::Intersecting, "{at}");
                for (what, value, want) in [
                    ("node", report.node.blocking_sets_min_size, node),
                    (
                        "organization",
                        report.organization.blocking_sets_min_size,
                        organization,
                    ),
                    (
                        "filtered node",
                        report.node.blocking_sets_filtered_min_size,
                        filtered_node,
                    ),
                    (
                        "filtered organization",
                        report.organization.blocking_sets_filtered_min_size,
                        filtered_organization,
                    ),
                ] {
                    assert_eq!(exact(value), Some(want), "{at}: {what}");
                }
            }
        }
    }

    /// Without deletions the almost-symmetric network is symmetric with threshold t of N
    /// organizations: the top tier is everything, N - t + 1 organizations (two validators each)
    /// block, and 2t - N deleted nodes, one per organization, split it (a deleted validator
    /// lowers its organization's set to 1-of-2, which the two sides can then share).
    #[test]
    fn symmetric_answers_by_construction() {
        for n in [4, 7, 10] {
            let input = generate(&Family::parse("symmetric").unwrap(), n, 5);
            let report = analyze(&input, &[], &Options::default()).unwrap();
            let t = pct(n, 67);
            assert_eq!(report.status, Status::Intersecting, "{n}");
            assert_eq!(report.has_symmetric_top_tier, Some(true), "{n}");
            assert_eq!(exact(report.node.top_tier_size), Some(3 * n), "{n}");
            assert_eq!(exact(report.organization.top_tier_size), Some(n), "{n}");
            assert_eq!(
                exact(report.organization.blocking_sets_min_size),
                Some(n - t + 1),
                "{n}"
            );
            assert_eq!(
                exact(report.node.blocking_sets_min_size),
                Some(2 * (n - t + 1)),
                "{n}"
            );
            assert_eq!(
                exact(report.node.splitting_sets_min_size),
                Some(2 * t - n),
                "{n}"
            );
            assert_eq!(
                exact(report.organization.splitting_sets_min_size),
                Some(2 * t - n),
                "{n}"
            );
        }
    }
}
