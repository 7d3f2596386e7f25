//! The SAT layer: the solver under a budget, the encodings (thresholds, quorums, failure
//! cascades, splits), optimisation on one solver, and symmetry breaking between interchangeable
//! validators.

pub mod encode;
pub mod optimize;
pub mod solver;
pub mod symmetry_breaking;
