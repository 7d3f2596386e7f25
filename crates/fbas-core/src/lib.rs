//! fbas-core: exact analysis of Federated Byzantine Agreement Systems (Stellar quorum
//! configurations) by SAT.
//!
//! The contract is what this file re-exports: a [`Network`] session (one network, analysed on
//! demand, its results kept; [`Cache`] shares them between calls on equal networks), the
//! per-scan report ([`analyze()`], shaped as [`Report`]), the legacy facade's calls
//! ([`api`]), the input and its parsers, and the [`Budget`] every search honours.
//!
//! The layers, each depending only on those listed before it (`network`, `sat` and `analyses` are public
//! with the `internals` feature only, for the benchmarks and the tests):
//! - `network`: the input as given, quorum sets, the indexed network and its plain checks,
//!   the legacy preprocessing, grouping by organization, country or ISP; [`parse`](mod@parse): the three
//!   input formats;
//! - `sat`: the solver under a budget, the encodings, optimisation, symmetry breaking;
//! - `analyses`: one module per question (quorum intersection, smallest quorum, top tier,
//!   symmetric top tier, blocking sets, splitting sets, the history-critical set, the
//!   structural bounds they share);
//! - [`session`]: the [`Network`] session and its cache; [`analyze`](mod@analyze): the report's
//!   waves; [`api`]: the legacy facade's requests and answers.

// With `internals`, the inner layers' docs are for maintainers, read with
// `--document-private-items`: their links to private items are meant.
#![cfg_attr(feature = "internals", allow(rustdoc::private_intra_doc_links))]

pub mod analyze;
pub mod api;
pub mod budget;
pub mod clock;
pub mod parse;
pub mod report;
pub mod session;

/// Declares the engine's inner layers: crate-private, or public with the `internals` feature,
/// which the benchmarks and the integration tests turn on to measure and check them one by one
/// (what a user of the crate calls is re-exported below).
macro_rules! inner_layers {
    ($($(#[$attr:meta])* $name:ident;)*) => {$(
        $(#[$attr])*
        #[cfg(feature = "internals")]
        pub mod $name;
        $(#[$attr])*
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code, unused_imports)]
        pub(crate) mod $name;
    )*};
}

inner_layers! {
    analyses;
    network;
    outcome;
    parallel;
    sat;
}

pub use analyze::{analyze, Analyses, AnalysisError, Options};
pub use budget::{Budget, Stop};
pub use network::grouping::Level;
pub use network::input::{Input, InputError, InputNode, InputOrganization, InputQuorumSet};
pub use network::warnings::{quorum_set_warnings, QuorumSetWarning, Suspicion};
pub use parse::{parse, parse_faulty, parse_organizations, Format};
pub use report::{Bound, Bounds, LevelReport, Report, Status};
pub use session::{Cache, CacheLimits, CacheStats, GroupSets, Network};
