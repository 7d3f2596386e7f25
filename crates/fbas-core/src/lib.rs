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

pub mod budget;
pub mod input;
pub mod report;

pub use budget::{Budget, Interrupt};
pub use input::{Input, InputError, InputNode, InputOrganization, InputQuorumSet};
pub use report::{Bound, LevelReport, Report, Status};
pub mod analyze;
pub mod parse;
pub use analyze::{analyze, Analyses, AnalysisError, Level, Options};
pub use parse::{parse, parse_faulty, parse_organizations, Format};
pub mod blocking;
pub mod bounds;
pub mod encode;
pub mod fbas;
pub mod generate;
pub mod grouping;
pub mod history;
pub mod intersection;
pub mod minimal_sets;
pub mod optimize;
pub mod outcome;
pub mod preprocess;
pub mod quorum_set;
pub mod quorums;
pub mod sat;
pub mod splitting;
pub mod symmetric;
pub mod symmetry;
pub mod top_tier;
