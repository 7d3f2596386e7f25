//! The threads the analyses run on, and the guard that turns a panic into an `INTERNAL` error.

use crate::errors::panic_message;
use fbas_core::api::Error;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

/// One thread per core, at a lower scheduling priority than the JS thread where the OS allows it
/// (Linux), so that a busy analysis never starves the event loop. The libuv worker that runs an
/// asynchronous call only waits for its job here; fbas-core's own parallel parts run on these
/// threads too. `None` if the pool could not be built: jobs then run on the calling thread.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("fbas-sat-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .ok()
    })
    .as_ref()
}

/// Lower the calling thread's priority (Linux: the nice value is per thread).
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: setpriority only reads its arguments; `who = 0` is the calling thread on Linux.
    // A failure leaves the priority as it was, which is harmless.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// Run `job` on the analysis threads (the caller waits); a panic becomes an `INTERNAL` error.
pub fn guarded<T: Send>(
    what: &str,
    job: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    let run = || match pool() {
        Some(pool) => pool.install(job),
        None => job(),
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(answer) => answer,
        Err(payload) => Err(Error::internal(format!(
            "panic in {what}: {}",
            panic_message(payload.as_ref())
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fbas_core::api::Code;

    #[test]
    fn a_panic_in_a_job_is_an_internal_error() {
        let error =
            guarded("analyzeTopTier", || -> Result<(), Error> { panic!("boom") }).unwrap_err();
        assert_eq!(error.code, Code::Internal);
        assert_eq!(
            error.message,
            "internal error: panic in analyzeTopTier: boom"
        );
        // The pool survives it.
        assert_eq!(guarded("x", || Ok("{}".to_string())).unwrap(), "{}");
    }

    #[test]
    fn jobs_run_on_the_pool() {
        let name = guarded("x", || {
            Ok(std::thread::current()
                .name()
                .unwrap_or_default()
                .to_string())
        });
        assert!(name.unwrap().starts_with("fbas-sat-"));
    }
}
