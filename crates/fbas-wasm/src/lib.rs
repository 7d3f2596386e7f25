//! fbas-core for the browser: the module behind the npm package `fbas-sat-web`, built for
//! `wasm32-unknown-unknown` without wasm-bindgen. Every export takes JSON text and answers JSON
//! text through the ABI of [`abi`]; the package's JavaScript glue (`web/fbas_sat_web.js`) gives
//! them the package's API. A call runs to its end on the calling thread (fbas-core without its
//! `parallel` feature); time budgets read the host's clock ([`fbas_core::clock`]).

mod abi;
mod network;

use fbas_core::clock::Instant;
use fbas_core::Budget;
use std::time::Duration;

/// `analyzeNetwork`: `network` is the network's JSON text (`{nodes, organizations}`), `faulty`
/// a JSON array of public keys; `timeout_ms` the time budget (`+Infinity`: none) and
/// `max_clauses` the cap on one SAT instance (`NaN`: fbas-core's default, `+Infinity`: none).
///
/// # Safety
/// Each (pointer, length) pair is an [`abi::fbas_alloc`] result and its length, not yet passed
/// on or freed; this call takes ownership of them.
#[no_mangle]
pub unsafe extern "C" fn analyze_network(
    network: *mut u8,
    network_len: usize,
    faulty: *mut u8,
    faulty_len: usize,
    timeout_ms: f64,
    max_clauses: f64,
) -> u32 {
    let network = abi::text(network, network_len);
    let faulty = abi::text(faulty, faulty_len);
    abi::call(|| network::analyze_network(&network?, &faulty?, budget(timeout_ms, max_clauses)))
}

/// The budget of one call, starting now. The glue has checked the numbers; anything else
/// (negative, not a number) is read as no limit rather than refused.
fn budget(timeout_ms: f64, max_clauses: f64) -> Budget {
    let default = Budget::default();
    Budget {
        deadline: Duration::try_from_secs_f64(timeout_ms / 1000.0)
            .ok()
            .and_then(|d| Instant::now().checked_add(d)),
        max_clauses: if max_clauses.is_nan() {
            default.max_clauses
        } else {
            (max_clauses.is_finite() && max_clauses >= 1.0).then_some(max_clauses as usize)
        },
        ..default
    }
}
