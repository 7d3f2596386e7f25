//! fbas-testkit: what the tests and the benchmarks of fbas-sat use besides the engine itself.
//! Nothing here is part of the engine, and the engine never depends on it.
//!
//! - [`Rng`]: the one seeded pseudo-random generator, under everything drawn here;
//! - [`generate`]: reproducible synthetic networks by family, size and seed (the benchmarks'
//!   networks);
//! - [`random`]: seeded small random inputs for the differential tests;
//! - [`stellarbeat`]: an input written as stellarbeat JSON;
//! - [`oracle`]: an independent brute-force implementation of the legacy engine's semantics;
//! - [`compare`]: `analyze`'s numbers against the oracle's;
//! - [`legacy`]: runs the legacy engine itself (`tools/legacy/analyze.js`) on a batch of inputs.

pub mod compare;
pub mod generate;
pub mod legacy;
pub mod oracle;
pub mod random;
mod rng;
pub mod stellarbeat;

pub use rng::Rng;
