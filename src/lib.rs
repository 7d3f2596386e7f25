//! fbas-sat for Node.js: the native layer under `index.js` (the asynchronous API) and
//! `legacy.js` (the synchronous API of `@stellarbeat/stellar_analysis_nodejs`).
//!
//! Every question goes to fbas-core's JSON API (`fbas_core::api`) with the caller's values as
//! JSON text, and comes back as JSON text (parsed by the JS layer) or as a JS `Error` whose
//! `code` is `INVALID_INPUT`, `TIMEOUT`, `ABORTED`, `CLAUSE_CAP` or `INTERNAL`. One cache per
//! process keeps what is computed per network for the next call.

#![deny(clippy::all)]

mod args;
mod call;
mod errors;
mod pool;

use call::{cache, start, AnalysisTask, Reply};
use errors::js_error;
use fbas_core::api::{legacy_merge_by, Error as ApiError, Request};
use fbas_core::CacheLimits;
use napi::bindgen_prelude::*;
use napi::Env;
use napi_derive::napi;

/// Every Rust allocation of the addon (Node's own stay with the system allocator): see
/// `crates/fbas-alloc`.
#[global_allocator]
static ALLOCATOR: fbas_alloc::Allocator = fbas_alloc::Allocator;

/// Runs when Node loads the addon, before any call.
#[napi_derive::module_init]
fn init() {
    fbas_alloc::return_freed_memory_at_once();
}

/// Answer one call off the main thread: `method` is the public method's name
/// (`analyzeTopTier`, …, `analyzeNetwork`, `analyzeHistoryCritical`); the other arguments are
/// the caller's, checked here.
#[napi(
    ts_args_type = "method: string, nodes: unknown, faultyNodes: unknown, organizations: unknown, mergeBy: unknown, options: unknown",
    ts_return_type = "Promise<Reply>"
)]
pub fn analyze<'a>(
    env: Env,
    method: String,
    nodes: Unknown<'a>,
    faulty_nodes: Option<Unknown<'a>>,
    organizations: Option<Unknown<'a>>,
    merge_by: Option<Unknown<'a>>,
    options: Option<Unknown<'a>>,
) -> AsyncTask<AnalysisTask> {
    start(
        &env,
        &method,
        args::Args {
            nodes,
            faulty: faulty_nodes,
            organizations,
            merge_by,
            options,
        },
    )
}

/// Answer one legacy call on the calling thread (blocking it, as the legacy engine does), within
/// `timeoutMs`: `method` is the public method's name, the network and organizations JSON text,
/// `faultyNodes` JSON text or null, `mergeBy` the legacy `MergeBy` number. Throws an `Error`
/// with a `code`.
#[napi(
    ts_args_type = "method: string, jsonFbas: unknown, jsonOrgs: unknown, faultyNodes: unknown, mergeBy: unknown, timeoutMs: number"
)]
pub fn analyze_sync(
    env: Env,
    method: String,
    json_fbas: Unknown<'_>,
    json_orgs: Unknown<'_>,
    faulty_nodes: Unknown<'_>,
    merge_by: Unknown<'_>,
    timeout_ms: f64,
) -> Result<Reply> {
    let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut req = Request::new(args::method(&method)?);
        req.nodes = args::remembered(&env, args::Role::Nodes, &json_fbas, || {
            text(&json_fbas, "json_fbas")
        })?;
        req.organizations = args::remembered(&env, args::Role::Organizations, &json_orgs, || {
            text(&json_orgs, "json_orgs")
        })?;
        if req.method.takes_faulty() {
            req.faulty = Some(text(&faulty_nodes, "faulty_nodes")?);
        }
        req.level = legacy_merge_by(number(&merge_by, "merge_by")?)?;
        req.budget.deadline = args::deadline(timeout_ms)?;
        Ok::<_, ApiError>(req)
    }));
    let answer = match answer {
        Ok(Ok(req)) => call::answer(&req),
        Ok(Err(e)) => Err(e),
        Err(payload) => Err(ApiError::internal(errors::panic_message(payload.as_ref()))),
    };
    answer.or_else(|e| Err(js_error(&env, &e)?))
}

/// A string argument of the legacy API.
fn text(v: &Unknown<'_>, what: &str) -> std::result::Result<String, ApiError> {
    if v.get_type().map_err(errors::napi_error)? != ValueType::String {
        return Err(ApiError::invalid(what, "must be a string of JSON"));
    }
    unsafe { v.cast::<String>() }.map_err(errors::napi_error)
}

/// A number argument of the legacy API.
fn number(v: &Unknown<'_>, what: &str) -> std::result::Result<f64, ApiError> {
    if v.get_type().map_err(errors::napi_error)? != ValueType::Number {
        return Err(ApiError::invalid(
            what,
            "must be a MergeBy value (a number)",
        ));
    }
    unsafe { v.cast::<f64>() }.map_err(errors::napi_error)
}

/// The process-wide cache's limits and contents.
#[napi(object)]
pub struct CacheInfo {
    /// The most networks kept.
    pub max_networks: f64,
    /// The most bytes of results kept (an estimate).
    pub max_bytes: f64,
    /// Networks kept now.
    pub networks: f64,
    /// Bytes kept now (an estimate).
    pub bytes: f64,
}

/// Set the cache's limits (either may be omitted); entries over them are dropped at once. The
/// defaults are 16 networks and 256 MiB.
#[napi]
pub fn configure_cache(max_networks: Option<f64>, max_bytes: Option<f64>) -> Result<CacheInfo> {
    let limit = |v: Option<f64>, default: usize, what: &str| match v {
        None => Ok(default),
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 2f64.powi(53) => Ok(n as usize),
        Some(n) => Err(napi::Error::new(
            Status::InvalidArg,
            format!("{what} must be a non-negative integer, got {n}"),
        )),
    };
    let current = cache().limits();
    cache().set_limits(CacheLimits {
        max_networks: limit(max_networks, current.max_networks, "maxNetworks")?,
        max_bytes: limit(max_bytes, current.max_bytes, "maxBytes")?,
    });
    Ok(cache_info())
}

/// The cache's limits and contents.
#[napi]
pub fn cache_info() -> CacheInfo {
    let (limits, stats) = (cache().limits(), cache().stats());
    CacheInfo {
        max_networks: limits.max_networks as f64,
        max_bytes: limits.max_bytes as f64,
        networks: stats.networks as f64,
        bytes: stats.bytes as f64,
    }
}

/// Drop everything the cache holds.
#[napi]
pub fn clear_cache() {
    cache().clear();
}
