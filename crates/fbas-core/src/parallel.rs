//! Running independent analyses at once.
//!
//! With the `parallel` feature (the default) this is rayon's [`scope`]: spawned tasks run on
//! rayon's pool and the scope returns when all have finished. Without it (wasm32 in a browser,
//! which has one thread) the same API runs each task on the calling thread as it is spawned, in
//! order. The bounds are rayon's in both cases, so code that compiles one way compiles the other.

#[cfg(feature = "parallel")]
pub use rayon::{scope, Scope};

#[cfg(not(feature = "parallel"))]
pub use sequential::{scope, Scope};

#[cfg(not(feature = "parallel"))]
mod sequential {
    use std::marker::PhantomData;

    /// Where tasks are spawned; each runs at once, to its end.
    pub struct Scope<'scope> {
        borrows: PhantomData<&'scope ()>,
    }

    impl<'scope> Scope<'scope> {
        /// Run `body` now, on this thread.
        pub fn spawn<BODY>(&self, body: BODY)
        where
            BODY: FnOnce(&Scope<'scope>) + Send + 'scope,
        {
            body(self)
        }
    }

    /// Run `op` with a scope whose spawned tasks have all finished when it returns.
    pub fn scope<'scope, OP, R>(op: OP) -> R
    where
        OP: FnOnce(&Scope<'scope>) -> R + Send,
        R: Send,
    {
        op(&Scope {
            borrows: PhantomData,
        })
    }
}
