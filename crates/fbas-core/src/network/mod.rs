//! The network model: the input as given, quorum sets, the indexed network with its plain
//! (non-SAT) checks, the legacy preprocessing, and grouping by organization, country or ISP.

pub mod fbas;
pub mod grouping;
pub mod input;
pub mod preprocess;
pub mod quorum_set;
