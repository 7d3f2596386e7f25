//! fbas-core for the browser: the module behind the npm package `fbas-sat-web`, built for
//! `wasm32-unknown-unknown` without wasm-bindgen. Its one call, [`fbas_call`], takes the
//! package's requests as JSON text and answers with fbas-core's JSON API ([`fbas_core::api`]:
//! the legacy engine's shapes for the five facade functions, the report for `analyzeNetwork`),
//! through the ABI of the `abi` module; the package's JavaScript glue (`web/fbas_sat_web.js`) gives it
//! the package's API. A call runs to its end on the calling thread (fbas-core without its
//! `parallel` feature); time budgets read the host's clock ([`fbas_core::clock`]).

mod abi;

use fbas_core::api::{self, legacy_merge_by, Error, Method, Request};
use fbas_core::{clock, Cache};
use std::sync::OnceLock;

/// What this instance has computed, per network (the legacy engine keeps such a cache too).
fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Cache::new(Default::default()))
}

/// One call: `method` is a [`Method::name`] (`analyzeNetwork`, `analyzeTopTier`, ...); `nodes`,
/// `organizations` and `faulty` the JSON texts of the explorer's values (`faulty` is read by the
/// methods that take faulty nodes only); `merge_by` the legacy `MergeBy` number; `timeout_ms`
/// the time budget (`+Infinity`: none); `max_clauses` the cap on one SAT instance (`NaN`:
/// fbas-core's default, `+Infinity`: none); `partial` (0 or 1): answer with the values known
/// when the budget runs out instead of an error.
///
/// # Safety
/// Each (pointer, length) pair is an `abi::fbas_alloc` result and its length, not yet passed
/// on or freed; this call takes ownership of them.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn fbas_call(
    method: *mut u8,
    method_len: usize,
    nodes: *mut u8,
    nodes_len: usize,
    organizations: *mut u8,
    organizations_len: usize,
    faulty: *mut u8,
    faulty_len: usize,
    merge_by: f64,
    timeout_ms: f64,
    max_clauses: f64,
    partial: u32,
) -> u32 {
    let texts = [
        abi::text(method, method_len),
        abi::text(nodes, nodes_len),
        abi::text(organizations, organizations_len),
        abi::text(faulty, faulty_len),
    ];
    abi::call(|| {
        let [method, nodes, organizations, faulty] = texts;
        let method = method?;
        let mut req = Request::new(
            Method::named(&method).ok_or_else(|| Error::internal(format!("no method {method}")))?,
        );
        req.nodes = nodes?;
        req.organizations = organizations?;
        let faulty = faulty?;
        req.faulty = req.method.takes_faulty().then_some(faulty);
        req.level = legacy_merge_by(merge_by)?;
        req.budget.deadline = clock::after_ms(timeout_ms);
        if !max_clauses.is_nan() {
            req.budget.max_clauses =
                (max_clauses.is_finite() && max_clauses >= 1.0).then_some(max_clauses as usize);
        }
        req.partial = partial != 0;
        api::run(&req, cache())?.to_json()
    })
}
