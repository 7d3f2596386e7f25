//! The TypeScript types of the API, declared for `index.d.ts` only: the functions take and return
//! plain JS values (checked by fbas-core's parser, answered as JSON), so none of these structs is
//! converted at run time.

#![allow(dead_code, clippy::upper_case_acronyms)]

use napi::bindgen_prelude::{Either, Null};
use napi_derive::napi;

/// A quorum set, as the backend's `FbasMapper` builds it.
#[napi(object, js_name = "FBASAnalysisQuorumSet")]
pub struct FBASAnalysisQuorumSet {
    /// A non-negative integer.
    pub threshold: u32,
    pub validators: Vec<String>,
    pub inner_quorum_sets: Vec<FBASAnalysisQuorumSet>,
}

/// `geoData` of a node.
#[napi(object)]
pub struct FbasAnalysisGeoData {
    pub country_name: Either<String, Null>,
}

/// A node, as the backend's `FbasMapper` builds it. `quorumSet: null` is a node that can never
/// be satisfied.
#[napi(object)]
pub struct FbasAnalysisNode {
    pub public_key: String,
    pub name: Either<String, Null>,
    pub quorum_set: Either<FBASAnalysisQuorumSet, Null>,
    pub geo_data: Either<FbasAnalysisGeoData, Null>,
    pub isp: Either<String, Null>,
}

/// An organization: its `name` labels the group when merging by organization (the `id` when
/// the name is null). Validators that are not nodes are ignored.
#[napi(object)]
pub struct FbasAnalysisOrganization {
    pub id: String,
    pub name: Either<String, Null>,
    pub validators: Vec<String>,
}

/// The optional last argument of every method.
#[napi(object)]
pub struct AnalysisOptions {
    /// Give up after this many milliseconds: reject with `code: 'TIMEOUT'` (or, with `partial`,
    /// resolve with what is known).
    pub timeout_ms: Option<f64>,
    /// Abort the analysis: reject with `code: 'ABORTED'` (or, with `partial`, resolve with what is
    /// known).
    #[napi(ts_type = "AbortSignal")]
    pub signal: Option<String>,
    /// List at most this many minimal sets (default 10 000); a cut list carries
    /// `complete: false`. The minimum is always exact.
    pub max_sets: Option<u32>,
    /// The most clauses one SAT instance may grow to (default 1 500 000, about 200 MB; `Infinity`:
    /// no cap). An analysis whose encoding would be larger is unknown (`code: 'CLAUSE_CAP'`, or
    /// with `partial` a `null` value), instead of taking gigabytes.
    pub max_clauses: Option<f64>,
    /// On timeout or abort, resolve with the values known (the others `null`) and
    /// `complete: false` instead of rejecting.
    pub partial: Option<bool>,
}

/// `analyzeTopTier`'s answer (the legacy engine's JSON).
#[napi(object)]
pub struct TopTierAnalysis {
    /// Public keys sorted, or group names in the order of their first (sorted) node.
    #[napi(js_name = "top_tier")]
    pub top_tier: Vec<String>,
    /// `null` only in a partial answer.
    #[napi(js_name = "top_tier_size")]
    pub top_tier_size: u32,
    /// Always `false`: nothing is cached.
    #[napi(js_name = "cache_hit")]
    pub cache_hit: bool,
    /// Present (`false`) only in a partial answer.
    #[napi(ts_type = "false")]
    pub complete: Option<bool>,
}

/// The symmetric top tier's quorum set; `innerQuorumSets` is left out when empty.
#[napi(object)]
pub struct SymmetricQuorumSet {
    pub threshold: u32,
    pub validators: Vec<String>,
    pub inner_quorum_sets: Option<Vec<SymmetricQuorumSet>>,
}

/// `analyzeSymmetricTopTier`'s answer.
#[napi(object)]
pub struct SymmetricTopTierAnalysis {
    #[napi(js_name = "symmetric_top_tier")]
    pub symmetric_top_tier: Either<SymmetricQuorumSet, Null>,
}

/// `analyzeBlockingSets`' answer.
#[napi(object)]
pub struct BlockingSetsAnalysis {
    /// The minimal sets, by public key or group name.
    pub result: Vec<Vec<String>>,
    /// Size of the smallest set (0 when there is none).
    pub min: u32,
    /// Number of sets listed.
    pub size: u32,
    #[napi(js_name = "quorum_intersection")]
    pub quorum_intersection: Null,
    /// Present (`false`) only when the list was cut at `maxSets` or the budget ran out.
    #[napi(ts_type = "false")]
    pub complete: Option<bool>,
}

/// `analyzeSplittingSets`' answer.
#[napi(object)]
pub struct SplittingSetsAnalysis {
    pub result: Vec<Vec<String>>,
    pub min: u32,
    pub size: u32,
    #[napi(js_name = "quorum_intersection")]
    pub quorum_intersection: Null,
    #[napi(ts_type = "false")]
    pub complete: Option<bool>,
}

/// `analyzeMinimalQuorums`' answer.
#[napi(object)]
pub struct MinimalQuorumsAnalysis {
    pub result: Vec<Vec<String>>,
    pub size: u32,
    pub min: u32,
    #[napi(js_name = "quorum_intersection")]
    pub quorum_intersection: bool,
    #[napi(ts_type = "false")]
    pub complete: Option<bool>,
}

/// The four values the backend stores per grouping level (`null` only in a partial answer).
#[napi(object)]
pub struct MergeAnalysisResult {
    pub blocking_sets_min_size: Either<u32, Null>,
    pub blocking_sets_filtered_min_size: Either<u32, Null>,
    pub splitting_sets_min_size: Either<u32, Null>,
    pub top_tier_size: Either<u32, Null>,
}

/// A splitting set and the two quorums (public keys) that are disjoint once it is deleted.
#[napi(object)]
pub struct SplittingWitness {
    pub set: Vec<String>,
    #[napi(ts_type = "[string[], string[]]")]
    pub quorums: Vec<Vec<String>>,
}

/// Sets that prove the numbers; per-level maps are keyed `node`, `organization`, `country`, `isp`.
#[napi(object)]
pub struct AnalysisWitnesses {
    #[napi(ts_type = "[string[], string[]]")]
    pub disjoint_quorums: Option<Vec<Vec<String>>>,
    pub min_quorum: Option<Vec<String>>,
    #[napi(ts_type = "Record<string, string[]>")]
    pub blocking_set: Option<String>,
    #[napi(ts_type = "Record<string, string[]>")]
    pub blocking_set_filtered: Option<String>,
    #[napi(ts_type = "Record<string, SplittingWitness>")]
    pub splitting_set: Option<String>,
    pub history_critical_set: Option<HistoryWitness>,
}

/// A smallest history-critical set and the quorum it would leave without valid history.
#[napi(object)]
pub struct HistoryWitness {
    /// The history-publishing members of `quorum`.
    pub set: Vec<String>,
    /// A minimal quorum with no other member publishing history.
    pub quorum: Vec<String>,
}

/// `analyzeHistoryCritical`'s answer.
#[napi(object)]
pub struct HistoryCriticalAnalysis {
    /// The fewest history-publishing validators (`historyArchiveHasError === false`) whose
    /// failure leaves some quorum without any member that publishes valid history; `null` when
    /// the budget ran out (with `partial`) or when no node carries `historyArchiveHasError`.
    pub history_critical_set_size: Either<u32, Null>,
    pub set: Option<Vec<String>>,
    pub quorum: Option<Vec<String>>,
    #[napi(ts_type = "false")]
    pub complete: Option<bool>,
    #[napi(ts_type = "'TIMEOUT' | 'ABORTED' | 'CLAUSE_CAP'")]
    pub interrupted: Option<String>,
}

/// `analyzeNetwork`'s answer: the backend's `AnalysisResult` plus status, witnesses and timings.
#[napi(object)]
pub struct AnalysisResult {
    /// `'unknown'` only in a partial answer.
    #[napi(ts_type = "'intersecting' | 'split' | 'no-quorum' | 'unknown'")]
    pub status: String,
    /// Why some value is unknown (`null`: every value is exact).
    #[napi(ts_type = "'deadline' | 'cancelled' | 'clause-cap' | null")]
    pub stopped: Option<String>,
    /// `false` also when there is no quorum at all (as the legacy engine answers).
    pub has_quorum_intersection: Either<bool, Null>,
    pub has_symmetric_top_tier: Either<bool, Null>,
    /// Size of the smallest quorum (0 when there is none).
    pub min_quorum_size: Either<u32, Null>,
    pub node: MergeAnalysisResult,
    pub organization: MergeAnalysisResult,
    pub country: MergeAnalysisResult,
    pub isp: MergeAnalysisResult,
    pub witnesses: AnalysisWitnesses,
    /// See `analyzeHistoryCritical`; present when the nodes carry `historyArchiveHasError`.
    pub history_critical_set_size: Option<Either<u32, Null>>,
    /// Wall time per sub-analysis in milliseconds.
    #[napi(ts_type = "Record<string, number>")]
    pub timings_ms: String,
    #[napi(ts_type = "false")]
    pub complete: Option<bool>,
    /// Why a partial answer is incomplete.
    #[napi(ts_type = "'TIMEOUT' | 'ABORTED' | 'CLAUSE_CAP'")]
    pub interrupted: Option<String>,
}
