//! The clock that deadlines and timings read.
//!
//! Natively it is [`std::time::Instant`]. On `wasm32-unknown-unknown` (a browser or Node.js),
//! where `std::time::Instant::now` panics, it is a monotonic clock in milliseconds read from the
//! host: the module imports `now_ms() -> f64` from the import module `fbas_clock`, which the
//! JavaScript that instantiates it provides (`performance.now()`). The wasm [`Instant`] has the
//! part of `std::time::Instant`'s API the crate uses, so code written against one compiles
//! against the other.

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use std::time::Instant;

/// The instant `ms` milliseconds from now, as a deadline; `None` (no deadline) when `ms` is
/// negative, not a number, or too far away to represent.
pub fn after_ms(ms: f64) -> Option<Instant> {
    std::time::Duration::try_from_secs_f64(ms / 1000.0)
        .ok()
        .and_then(|d| Instant::now().checked_add(d))
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub use host::Instant;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod host {
    use std::ops::{Add, Sub};
    use std::time::Duration;

    #[link(wasm_import_module = "fbas_clock")]
    extern "C" {
        /// Milliseconds on a monotonic clock (JS: `performance.now()`).
        fn now_ms() -> f64;
    }

    /// A point in time: milliseconds on the host's monotonic clock.
    #[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
    pub struct Instant(f64);

    impl Instant {
        pub fn now() -> Instant {
            // SAFETY: the import takes nothing and returns a number; the host provides it when
            // it instantiates the module (instantiation fails without it).
            Instant(unsafe { now_ms() })
        }

        /// The time since `self` (zero if the clock reads earlier, as std's does).
        pub fn elapsed(&self) -> Duration {
            Instant::now() - *self
        }

        /// `self + d`, or `None` when that is not a finite time.
        pub fn checked_add(&self, d: Duration) -> Option<Instant> {
            let later = self.0 + d.as_secs_f64() * 1000.0;
            later.is_finite().then_some(Instant(later))
        }
    }

    impl Add<Duration> for Instant {
        type Output = Instant;

        /// Saturates at "never" instead of overflowing.
        fn add(self, d: Duration) -> Instant {
            self.checked_add(d).unwrap_or(Instant(f64::INFINITY))
        }
    }

    impl Sub for Instant {
        type Output = Duration;

        /// Zero when `earlier` is later (or either is not a number).
        fn sub(self, earlier: Instant) -> Duration {
            Duration::try_from_secs_f64((self.0 - earlier.0) / 1000.0).unwrap_or(Duration::ZERO)
        }
    }
}
