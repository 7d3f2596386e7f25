//! fbas-sat for Node.js: the stellarbeat backend's `FbasAnalyzerFacade`, asynchronous, over
//! fbas-core.
//!
//! Every method takes the backend's own JS values (`FbasAnalysisNode[]`,
//! `FbasAnalysisOrganization[]`, `MergeBy | null`) plus an optional `options` object, and returns
//! a promise. The arguments are turned into JSON text on the main thread (`JSON.stringify`, as the
//! backend did for the legacy engine), checked and analysed on the libuv thread pool, and the
//! answer comes back as the legacy engine's JSON. Bad arguments, timeouts, aborts and internal
//! errors reject with an `Error` whose `code` is `INVALID_INPUT`, `TIMEOUT`, `ABORTED`,
//! `CLAUSE_CAP` or `INTERNAL`.

#![deny(clippy::all)]

mod errors;
mod input;
mod job;
mod task;
mod types;

use job::Method;
use napi::bindgen_prelude::*;
use napi::Env;
use napi_derive::napi;
use task::{start, AnalysisTask, Args};

/// Grouping level of the facade methods (`null` analyses single nodes).
#[napi(string_enum)]
#[allow(clippy::upper_case_acronyms)]
pub enum MergeBy {
    ORGANIZATION,
    COUNTRY,
    ISP,
}

/// The backend's `FbasAnalyzerFacade`, with promises. Each method returns the legacy engine's
/// JSON for the same call. Holds no state: there is no cache.
#[napi]
pub struct FbasAnalyzer {}

#[napi]
impl FbasAnalyzer {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        FbasAnalyzer {}
    }

    /// The top tier (union of all minimal quorums), as public keys or group names.
    #[napi(
        ts_args_type = "nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeBy | null, options?: AnalysisOptions",
        ts_return_type = "Promise<TopTierAnalysis>"
    )]
    pub fn analyze_top_tier<'a>(
        &self,
        env: Env,
        nodes: Unknown<'a>,
        organizations: Option<Unknown<'a>>,
        merge_by: Option<Unknown<'a>>,
        options: Option<Unknown<'a>>,
    ) -> AsyncTask<AnalysisTask> {
        facade(
            &env,
            Method::TopTier,
            nodes,
            None,
            organizations,
            merge_by,
            options,
        )
    }

    /// The common quorum set of the top tier when it is symmetric, else `null`.
    #[napi(
        ts_args_type = "nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeBy | null, options?: AnalysisOptions",
        ts_return_type = "Promise<SymmetricTopTierAnalysis>"
    )]
    pub fn analyze_symmetric_top_tier<'a>(
        &self,
        env: Env,
        nodes: Unknown<'a>,
        organizations: Option<Unknown<'a>>,
        merge_by: Option<Unknown<'a>>,
        options: Option<Unknown<'a>>,
    ) -> AsyncTask<AnalysisTask> {
        facade(
            &env,
            Method::SymmetricTopTier,
            nodes,
            None,
            organizations,
            merge_by,
            options,
        )
    }

    /// Minimal blocking sets, with the faulty nodes removed from each (liveness).
    #[napi(
        ts_args_type = "nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeBy | null, options?: AnalysisOptions",
        ts_return_type = "Promise<BlockingSetsAnalysis>"
    )]
    #[allow(clippy::too_many_arguments)]
    pub fn analyze_blocking_sets<'a>(
        &self,
        env: Env,
        nodes: Unknown<'a>,
        faulty_nodes: Option<Unknown<'a>>,
        organizations: Option<Unknown<'a>>,
        merge_by: Option<Unknown<'a>>,
        options: Option<Unknown<'a>>,
    ) -> AsyncTask<AnalysisTask> {
        facade(
            &env,
            Method::BlockingSets,
            nodes,
            faulty_nodes,
            organizations,
            merge_by,
            options,
        )
    }

    /// Minimal splitting sets (safety).
    #[napi(
        ts_args_type = "nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeBy | null, options?: AnalysisOptions",
        ts_return_type = "Promise<SplittingSetsAnalysis>"
    )]
    pub fn analyze_splitting_sets<'a>(
        &self,
        env: Env,
        nodes: Unknown<'a>,
        organizations: Option<Unknown<'a>>,
        merge_by: Option<Unknown<'a>>,
        options: Option<Unknown<'a>>,
    ) -> AsyncTask<AnalysisTask> {
        facade(
            &env,
            Method::SplittingSets,
            nodes,
            None,
            organizations,
            merge_by,
            options,
        )
    }

    /// Minimal quorums and whether every two of them intersect.
    #[napi(
        ts_args_type = "nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeBy | null, options?: AnalysisOptions",
        ts_return_type = "Promise<MinimalQuorumsAnalysis>"
    )]
    pub fn analyze_minimal_quorums<'a>(
        &self,
        env: Env,
        nodes: Unknown<'a>,
        organizations: Option<Unknown<'a>>,
        merge_by: Option<Unknown<'a>>,
        options: Option<Unknown<'a>>,
    ) -> AsyncTask<AnalysisTask> {
        facade(
            &env,
            Method::MinimalQuorums,
            nodes,
            None,
            organizations,
            merge_by,
            options,
        )
    }

    /// The whole per-scan analysis in one call (same as the exported `analyzeNetwork`).
    #[napi(
        ts_args_type = "nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], options?: AnalysisOptions",
        ts_return_type = "Promise<AnalysisResult>"
    )]
    pub fn analyze_network<'a>(
        &self,
        env: Env,
        nodes: Unknown<'a>,
        faulty_nodes: Option<Unknown<'a>>,
        organizations: Option<Unknown<'a>>,
        options: Option<Unknown<'a>>,
    ) -> AsyncTask<AnalysisTask> {
        analyze_network(env, nodes, faulty_nodes, organizations, options)
    }
}

/// The whole per-scan analysis in one call: everything the backend stores per network scan
/// (the 18 legacy calls), plus status, witnesses and timings.
#[napi(
    ts_args_type = "nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], options?: AnalysisOptions",
    ts_return_type = "Promise<AnalysisResult>"
)]
pub fn analyze_network<'a>(
    env: Env,
    nodes: Unknown<'a>,
    faulty_nodes: Option<Unknown<'a>>,
    organizations: Option<Unknown<'a>>,
    options: Option<Unknown<'a>>,
) -> AsyncTask<AnalysisTask> {
    facade(
        &env,
        Method::Network,
        nodes,
        faulty_nodes,
        organizations,
        None,
        options,
    )
}

/// The history-critical set (python-fbas' `history-loss`): the fewest validators publishing
/// history (`historyArchiveHasError === false`) whose failure leaves some quorum without any
/// member that publishes valid history.
#[napi(
    ts_args_type = "nodes: Array<FbasAnalysisNode & { historyArchiveHasError?: boolean | null }>, options?: AnalysisOptions",
    ts_return_type = "Promise<HistoryCriticalAnalysis>"
)]
pub fn analyze_history_critical<'a>(
    env: Env,
    nodes: Unknown<'a>,
    options: Option<Unknown<'a>>,
) -> AsyncTask<AnalysisTask> {
    facade(
        &env,
        Method::HistoryCritical,
        nodes,
        None,
        None,
        None,
        options,
    )
}

fn facade<'a>(
    env: &Env,
    method: Method,
    nodes: Unknown<'a>,
    faulty: Option<Unknown<'a>>,
    organizations: Option<Unknown<'a>>,
    merge_by: Option<Unknown<'a>>,
    options: Option<Unknown<'a>>,
) -> AsyncTask<AnalysisTask> {
    start(
        env,
        method,
        Args {
            nodes,
            faulty,
            organizations,
            merge_by,
            options,
        },
    )
}
