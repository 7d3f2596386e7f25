//! Running independent analyses at once.
//!
//! [`scope`] runs the tasks spawned in it on rayon's pool when asked to and the `parallel`
//! feature (the default) is on; otherwise (a network too small to repay a thread switch, or
//! wasm32 in a browser, which has one thread) each task runs on the calling thread as it is
//! spawned, in order. Either way the scope returns when all its tasks have finished, and a task
//! must be `Send` and outlive the scope, as on the pool, so code that compiles one way compiles
//! the other.

use std::marker::PhantomData;

/// Where tasks are spawned.
pub struct Scope<'a, 'scope> {
    #[cfg(feature = "parallel")]
    pool: Option<&'a rayon::Scope<'scope>>,
    borrows: PhantomData<(&'a (), &'scope ())>,
}

impl<'scope> Scope<'_, 'scope> {
    /// Run `body` on the pool, or now on this thread.
    pub fn spawn<BODY>(&self, body: BODY)
    where
        BODY: FnOnce() + Send + 'scope,
    {
        #[cfg(feature = "parallel")]
        if let Some(pool) = self.pool {
            return pool.spawn(move |_| body());
        }
        body()
    }
}

/// Run `op` with a scope whose spawned tasks have all finished when it returns; on rayon's pool
/// when `on_pool` (and the `parallel` feature is on).
pub fn scope<'scope, OP, R>(on_pool: bool, op: OP) -> R
where
    OP: for<'a> FnOnce(&Scope<'a, 'scope>) -> R + Send,
    R: Send,
{
    #[cfg(feature = "parallel")]
    if on_pool {
        return rayon::scope(|s| {
            op(&Scope {
                pool: Some(s),
                borrows: PhantomData,
            })
        });
    }
    #[cfg(not(feature = "parallel"))]
    let _ = on_pool;
    op(&Scope {
        #[cfg(feature = "parallel")]
        pool: None,
        borrows: PhantomData,
    })
}
