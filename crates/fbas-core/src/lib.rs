//! fbas-core: exact analysis of Federated Byzantine Agreement Systems (Stellar quorum
//! configurations) by SAT.
//!
//! The contract is what this file re-exports: a [`Network`] session (one network, analysed on
//! demand, its results kept; [`Cache`] shares them between calls on equal networks), the
//! per-scan report ([`analyze()`], shaped as [`Report`]), the legacy facade's calls
//! ([`api`]), the input and its parsers, and the [`Budget`] every search honours.
//!
//! The layers, each depending only on those above it:
//! - [`network`]: the input as given, quorum sets, the indexed network and its plain checks,
//!   the legacy preprocessing, grouping by organization, country or ISP; [`parse`]: the three
//!   input formats;
//! - [`sat`]: the solver under a budget, the encodings, optimisation, symmetry breaking;
//! - [`analyses`]: one module per question (quorum intersection, smallest quorum, top tier,
//!   symmetric top tier, blocking sets, splitting sets, the history-critical set, the
//!   structural bounds they share);
//! - [`session`]: the [`Network`] session and its cache; [`analyze`](mod@analyze): the report's
//!   waves; [`api`]: the legacy facade's requests and answers.

pub mod analyses;
pub mod analyze;
pub mod api;
pub mod budget;
pub mod clock;
pub mod network;
pub mod outcome;
pub mod parallel;
pub mod parse;
pub mod report;
pub mod sat;
pub mod session;

pub use analyze::{analyze, Analyses, AnalysisError, Options};
pub use budget::{Budget, Stop};
pub use network::grouping::Level;
pub use network::input::{Input, InputError, InputNode, InputOrganization, InputQuorumSet};
pub use parse::{parse, parse_faulty, parse_organizations, Format};
pub use report::{Bound, Bounds, LevelReport, Report, Status};
pub use session::{Cache, CacheLimits, CacheStats, GroupSets, Network};
