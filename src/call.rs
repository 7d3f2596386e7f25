//! One asynchronous call: arguments read on the main thread ([`crate::args`]), the request
//! answered on the libuv thread pool through fbas-core's API (sharing the process-wide cache),
//! the answer (JSON text) or a typed error back on the main thread.
//!
//! Nothing here panics across the boundary: reading the arguments and the computation are each
//! run under `catch_unwind`, and a panic becomes a rejection with `code: 'INTERNAL'`.

use crate::args::{self, unhook, Args, SignalHook};
use crate::errors::{js_error, panic_message};
use crate::pool::guarded;
use fbas_core::api::{self, Error, NamedList, Request};
use fbas_core::Cache;
use napi::bindgen_prelude::*;
use napi::{Env, ScopedTask};
use napi_derive::napi;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

/// What the analyses of this process have computed, per network (see `configureCache`).
pub fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Cache::new(Default::default()))
}

/// An answer as the JS layer receives it: its JSON text, with a list answer's `result` left
/// `null` and written out only when read (`index.js` makes `result` a property that calls
/// [`Reply::list`] on first access).
#[napi]
pub struct Reply {
    head: String,
    list: Option<NamedList>,
}

#[napi]
impl Reply {
    /// The answer's JSON text (a list answer's `result` is `null` here).
    #[napi(getter)]
    pub fn head(&self) -> String {
        self.head.clone()
    }

    /// Whether `result` is to be read from [`Reply::list`].
    #[napi(getter)]
    pub fn has_list(&self) -> bool {
        self.list.is_some()
    }

    /// The list's JSON text (`null` when the answer has no list).
    #[napi]
    pub fn list(&self) -> Result<Option<String>> {
        self.list
            .as_ref()
            .map(|l| l.to_json())
            .transpose()
            .map_err(|e| napi::Error::new(Status::GenericFailure, e.message))
    }
}

/// Answer `req` on the analysis threads.
pub fn answer(req: &Request) -> std::result::Result<Reply, Error> {
    guarded(req.method.name(), || {
        let (head, list) = api::run(req, cache())?.split()?;
        Ok(Reply { head, list })
    })
}

/// One call in flight.
pub struct AnalysisTask {
    request: Option<Request>,
    /// A problem found on the main thread (bad arguments): the promise rejects with it.
    early: Option<Error>,
    hook: Option<SignalHook>,
}

/// Build the task for the method named `method`; never fails: a problem with the arguments is
/// kept and becomes the promise's rejection.
pub fn start(env: &Env, method: &str, args: Args<'_>) -> AsyncTask<AnalysisTask> {
    let read = catch_unwind(AssertUnwindSafe(|| {
        let mut req = Request::new(args::method(method)?);
        let hook = args::read(env, &mut req, args)?;
        Ok::<_, Error>((req, hook))
    }));
    let task = match read {
        Ok(Ok((req, hook))) => AnalysisTask {
            request: Some(req),
            early: None,
            hook,
        },
        Ok(Err(error)) => AnalysisTask {
            request: None,
            early: Some(error),
            hook: None,
        },
        Err(payload) => AnalysisTask {
            request: None,
            early: Some(Error::internal(format!(
                "panic while reading the arguments: {}",
                panic_message(payload.as_ref())
            ))),
            hook: None,
        },
    };
    AsyncTask::new(task)
}

impl<'task> ScopedTask<'task> for AnalysisTask {
    type Output = std::result::Result<Reply, Error>;
    type JsValue = Reply;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(match (&self.early, &self.request) {
            (Some(error), _) => Err(error.clone()),
            (None, Some(req)) => answer(req),
            (None, None) => Err(Error::internal("a call without a request")),
        })
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> Result<Reply> {
        output.or_else(|error| Err(js_error(env, &error)?))
    }

    fn finally(mut self, env: Env) -> Result<()> {
        match self.hook.take() {
            Some(hook) => unhook(&env, hook),
            None => Ok(()),
        }
    }
}
