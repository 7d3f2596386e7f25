//! Brute-force oracle: what the legacy engine (`@stellarbeat/stellar_analysis_nodejs@0.6.2`,
//! i.e. fbas_analyzer 0.7.3, driven through `tools/legacy/analyze.js`) answers, computed by
//! enumerating node subsets as bitmasks (at most [`MAX_NODES`] nodes). It never calls
//! fbas-core's analysis code; it only reads fbas-core's input types.
//!
//! Two layers, one module each:
//! - `exact.rs`: the legacy engine's definitions (preprocessing, quorums, top tier, symmetric
//!   top tier, blocking and splitting sets, merging by organization, country and ISP),
//!   including the rules no specification states. fbas-sat computes these;
//!   [`analyze_exact`] answers them and `tests/brute_force.rs` compares the two.
//! - `legacy_shortcuts.rs`: the legacy engine's search shortcuts, which are wrong on some
//!   networks and which fbas-sat deliberately does not reproduce. [`analyze`] answers with them,
//!   as the legacy engine does; `tests/oracle_vs_legacy.rs` checks it against the engine itself.

mod exact;
mod legacy_shortcuts;

use exact::{
    bit, clean_group_name, members, minimal_masks, minimal_sets, popcount, render_all, Groups,
    Mask, Network,
};
use fbas_core::Input;

/// The most nodes an input may have: node sets are 32-bit masks, and every subset of the core
/// is enumerated.
pub const MAX_NODES: usize = 16;

/// A quorum set with public keys, validators and inner sets sorted (for comparing sets).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct NormQSet {
    pub threshold: u64,
    pub validators: Vec<String>,
    pub inner: Vec<NormQSet>,
}

impl NormQSet {
    /// Parses the legacy JSON form `{threshold, validators?, innerQuorumSets?}` and normalises it.
    pub fn from_legacy_json(v: &serde_json::Value) -> Option<NormQSet> {
        let threshold = v.get("threshold")?.as_u64()?;
        let mut validators: Vec<String> = match v.get("validators") {
            Some(a) => a
                .as_array()?
                .iter()
                .map(|s| s.as_str().map(str::to_string))
                .collect::<Option<_>>()?,
            None => Vec::new(),
        };
        validators.sort();
        let mut inner: Vec<NormQSet> = match v.get("innerQuorumSets") {
            Some(a) => a
                .as_array()?
                .iter()
                .map(NormQSet::from_legacy_json)
                .collect::<Option<_>>()?,
            None => Vec::new(),
        };
        inner.sort();
        Some(NormQSet {
            threshold,
            validators,
            inner,
        })
    }
}

/// The merge levels of the legacy engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lvl {
    Node,
    Organization,
    Country,
    Isp,
}

pub const LEVELS: [Lvl; 4] = [Lvl::Node, Lvl::Organization, Lvl::Country, Lvl::Isp];

impl Lvl {
    pub fn name(self) -> &'static str {
        match self {
            Lvl::Node => "node",
            Lvl::Organization => "organization",
            Lvl::Country => "country",
            Lvl::Isp => "isp",
        }
    }
}

/// The legacy values at one merge level. Sets are lists of group names (one entry per group, so a
/// name can repeat when two organizations share it), each sorted, the list sorted.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LevelResult {
    pub top_tier: Vec<String>,
    pub top_tier_size: usize,
    pub blocking_sets: Vec<Vec<String>>,
    pub min_blocking_set_size: usize,
    pub blocking_sets_filtered: Vec<Vec<String>>,
    pub min_blocking_set_filtered_size: usize,
    pub splitting_sets: Vec<Vec<String>>,
    pub min_splitting_set_size: usize,
}

/// The values of the legacy engine's 18 calls (and its minimal quorums and symmetric top tier), as
/// the oracle computes them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OracleResult {
    pub has_quorum_intersection: bool,
    pub has_symmetric_top_tier: bool,
    pub symmetric_top_tier: Option<NormQSet>,
    /// Minimal quorums (public keys, sorted).
    pub minimal_quorums: Vec<Vec<String>>,
    /// Size of the smallest minimal quorum, 0 when there is none.
    pub min_quorum_size: usize,
    /// The legacy splitting-set search aborts on this input (it asks for the quorum intersection
    /// of a network left without any consensus cluster); the splitting sets are then empty here.
    pub legacy_splitting_aborts: bool,
    pub node: LevelResult,
    pub organization: LevelResult,
    pub country: LevelResult,
    pub isp: LevelResult,
}

impl OracleResult {
    pub fn level(&self, l: Lvl) -> &LevelResult {
        match l {
            Lvl::Node => &self.node,
            Lvl::Organization => &self.organization,
            Lvl::Country => &self.country,
            Lvl::Isp => &self.isp,
        }
    }
}

/// What the legacy engine answers on `input` with the given faulty public keys.
pub fn analyze(input: &Input, faulty: &[String]) -> OracleResult {
    answers(input, faulty, true)
}

/// The exact answers (the definitions of `exact.rs`, no legacy search shortcuts) on `input`.
pub fn analyze_exact(input: &Input, faulty: &[String]) -> OracleResult {
    answers(input, faulty, false)
}

/// Every value on `input`, with the legacy engine's search shortcuts or without.
fn answers(input: &Input, faulty: &[String], legacy_search: bool) -> OracleResult {
    let net = Network::build(input);
    let keys = &net.keys;
    let mut mq_found: Vec<Mask> = Vec::new();
    let mut mbs_per_cluster: Vec<Vec<Mask>> = Vec::new();
    for &cluster in &net.clusters {
        let (mqs, mbs) = if legacy_search {
            legacy_shortcuts::cluster_sets(&net, cluster)
        } else {
            (
                net.minimal_quorums(cluster),
                net.minimal_blocking_sets(cluster),
            )
        };
        mq_found.extend(mqs);
        mbs_per_cluster.push(mbs);
    }
    // The intersection test looks at the minimal quorums found.
    let quorums_exist = !mq_found.is_empty();
    let has_quorum_intersection = quorums_exist
        && mq_found
            .iter()
            .all(|&a| mq_found.iter().all(|&b| a & b != 0));
    let top_tier: Mask = mq_found.iter().fold(0, |m, &q| m | q);
    let mqs = minimal_masks(mq_found);
    // blocking: one minimal blocking set per cluster, united (none when there is no cluster)
    let mut mbs: Vec<Mask> = if net.clusters.is_empty() {
        Vec::new()
    } else {
        vec![0]
    };
    for per_cluster in &mbs_per_cluster {
        mbs = mbs
            .iter()
            .flat_map(|&b| per_cluster.iter().map(move |&c| b | c))
            .collect();
    }
    let mut legacy_splitting_aborts = false;
    let mss: Vec<Mask> = match net.clusters.len() {
        0 => Vec::new(),
        1 if legacy_search => legacy_shortcuts::splitting_sets(&net).unwrap_or_else(|| {
            legacy_splitting_aborts = true;
            Vec::new()
        }),
        1 => net.minimal_splitting_sets(),
        _ => vec![0],
    };
    let symmetric_top_tier = net.symmetric_top_tier();
    let faulty_mask: Mask = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| faulty.contains(k))
        .fold(0, |m, (i, _)| m | bit(i));
    let input_node = |i: usize| &input.nodes[net.order[i]];

    let level = |groups: &Groups| -> LevelResult {
        let tt = groups.merge(top_tier);
        let merge_all =
            |sets: &[Mask]| minimal_sets(sets.iter().map(|&s| groups.merge(s)).collect());
        let (blocking_sets, min_blocking_set_size) = render_all(groups, &merge_all(&mbs));
        let filtered: Vec<Mask> = mbs.iter().map(|&b| b & !faulty_mask).collect();
        let (blocking_sets_filtered, min_blocking_set_filtered_size) =
            render_all(groups, &merge_all(&filtered));
        let (splitting_sets, min_splitting_set_size) = render_all(groups, &merge_all(&mss));
        LevelResult {
            top_tier: groups.render(&tt),
            top_tier_size: tt.len(),
            blocking_sets,
            min_blocking_set_size,
            blocking_sets_filtered,
            min_blocking_set_filtered_size,
            splitting_sets,
            min_splitting_set_size,
        }
    };

    let node = level(&Groups::nodes(keys));
    let organization = level(&Groups::organizations(input, keys, net.standard));
    let country = level(&Groups::by_name(keys, |i| {
        input_node(i)
            .country
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(clean_group_name)
    }));
    let isp = level(&Groups::by_name(keys, |i| {
        input_node(i).isp.as_deref().map(clean_group_name)
    }));

    let mut minimal_quorums: Vec<Vec<String>> = mqs
        .iter()
        .map(|&q| {
            let mut v: Vec<String> = members(q).map(|i| keys[i].clone()).collect();
            v.sort();
            v
        })
        .collect();
    minimal_quorums.sort();
    OracleResult {
        has_quorum_intersection,
        has_symmetric_top_tier: symmetric_top_tier.is_some(),
        symmetric_top_tier,
        min_quorum_size: mqs.iter().map(|&q| popcount(q)).min().unwrap_or(0),
        legacy_splitting_aborts,
        minimal_quorums,
        node,
        organization,
        country,
        isp,
    }
}
