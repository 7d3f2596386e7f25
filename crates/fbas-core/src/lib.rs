//! fbas-core: exact analysis of Federated Byzantine Agreement Systems (Stellar quorum
//! configurations) by SAT.
//!
//! Where each number is computed:
//! - parsing the three input formats: [`parse`]; the indexed network and the legacy
//!   preprocessing: [`fbas`], [`preprocess`];
//! - SAT encodings (thresholds, quorums, cascades): [`encode`], on top of [`sat`];
//! - quorum intersection and smallest quorum: [`intersection`], [`quorums`];
//! - top tier and symmetric top tier: [`top_tier`], [`symmetric`];
//! - blocking sets (liveness): [`blocking`]; splitting sets (safety): [`splitting`];
//! - the history-critical set (python-fbas' `history-loss`): [`history`];
//! - merging by organization, country or ISP: [`grouping`];
//! - the whole per-scan analysis: [`analyze()`](crate::analyze::analyze), shaped as [`report`].

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
