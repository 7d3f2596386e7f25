//! The JS side of a call: arguments to a [`Request`] on the main thread, the [`Request`] run on
//! the libuv thread pool, the answer (or a typed error) back on the main thread.
//!
//! Nothing here panics across the boundary: the main-thread part and the computation are each
//! run under `catch_unwind`, and a panic becomes a rejection with `code: 'INTERNAL'`.

use crate::errors::{panic_message, Fail};
use crate::input;
use crate::job::{self, Method, Request};
use napi::bindgen_prelude::*;
use napi::{Env, JsValue, ScopedTask, ValueType};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// A result whose error is a [`Fail`] (the prelude's `Result` is napi's).
type FResult<T> = std::result::Result<T, Fail>;

/// The largest `maxSets` accepted (more sets than this are not a useful answer).
const MAX_SETS_LIMIT: f64 = 1e9;

/// The threads the analyses run on: one per core, at a lower scheduling priority than the JS
/// thread where the OS allows it (Linux), so that a busy analysis never starves the event loop.
/// The libuv worker that runs a call only waits for its job here; fbas-core's own parallel parts
/// run on these threads too. `None` if the pool could not be built: jobs then run on the libuv
/// worker itself.
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

/// Run `job` on the analysis threads; a panic becomes an `INTERNAL` failure.
fn guarded(what: &str, job: impl FnOnce() -> FResult<String> + Send) -> FResult<String> {
    let run = || match pool() {
        Some(pool) => pool.install(job),
        None => job(),
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(answer) => answer,
        Err(payload) => Err(Fail::internal(format!(
            "panic in {what}: {}",
            panic_message(payload.as_ref())
        ))),
    }
}

/// One call in flight.
pub struct AnalysisTask {
    request: Request,
    /// A problem found on the main thread (bad arguments): the promise rejects with it.
    early: Option<Fail>,
    /// The abort listener added to `options.signal`, removed again when the call settles.
    hook: Option<SignalHook>,
}

/// `addEventListener(type, listener, options)` and `removeEventListener(type, listener)`.
type AddListenerArgs<'a> = FnArgs<(&'a str, Function<'a, (), ()>, Object<'a>)>;
type RemoveListenerArgs<'a> = FnArgs<(&'a str, Function<'a, (), ()>)>;

struct SignalHook {
    signal: ObjectRef<false>,
    listener: FunctionRef<(), ()>,
}

/// The JS arguments of one call (each may be anything: everything is checked).
pub struct Args<'a> {
    pub nodes: Unknown<'a>,
    pub faulty: Option<Unknown<'a>>,
    pub organizations: Option<Unknown<'a>>,
    pub merge_by: Option<Unknown<'a>>,
    pub options: Option<Unknown<'a>>,
}

/// Build the task for `method`; never fails: a problem with the arguments is kept and becomes the
/// promise's rejection.
pub fn start(env: &Env, method: Method, args: Args<'_>) -> AsyncTask<AnalysisTask> {
    let mut task = AnalysisTask {
        request: Request::new(method),
        early: None,
        hook: None,
    };
    let prepared = catch_unwind(AssertUnwindSafe(|| prepare(env, &mut task, args)));
    match prepared {
        Ok(Ok(())) => {}
        Ok(Err(fail)) => task.early = Some(fail),
        Err(payload) => {
            task.early = Some(Fail::internal(format!(
                "panic while reading the arguments: {}",
                panic_message(payload.as_ref())
            )))
        }
    }
    AsyncTask::new(task)
}

fn prepare(env: &Env, task: &mut AnalysisTask, args: Args<'_>) -> FResult<()> {
    let req = &mut task.request;
    req.nodes = stringify(env, Some(args.nodes), "nodes")?;
    req.organizations = match args.organizations {
        Some(orgs) if !is_nullish(&orgs)? => stringify(env, Some(orgs), "organizations")?,
        _ => "[]".into(),
    };
    if matches!(req.method, Method::Network | Method::BlockingSets) {
        req.faulty = Some(match args.faulty {
            Some(f) if !is_nullish(&f)? => stringify(env, Some(f), "faultyNodes")?,
            _ => "[]".into(),
        });
    }
    let merge_by = match args.merge_by {
        Some(m) if !is_nullish(&m)? => {
            if m.get_type().map_err(napi_fail)? != ValueType::String {
                return Err(Fail::invalid(
                    "mergeBy",
                    "must be 'ORGANIZATION', 'COUNTRY', 'ISP' or null",
                ));
            }
            Some(unsafe { m.cast::<String>() }.map_err(napi_fail)?)
        }
        _ => None,
    };
    req.level = input::merge_by(merge_by.as_deref())?;
    if let Some(options) = args.options {
        if !is_nullish(&options)? {
            read_options(env, task, options)?;
        }
    }
    Ok(())
}

/// `options`: `{timeoutMs?, signal?, maxSets?, maxClauses?, partial?}`.
fn read_options(env: &Env, task: &mut AnalysisTask, options: Unknown<'_>) -> FResult<()> {
    if options.get_type().map_err(napi_fail)? != ValueType::Object {
        return Err(Fail::invalid("options", "must be an object"));
    }
    let options: Object = unsafe { options.cast() }.map_err(napi_fail)?;
    let field = |name: &str| -> FResult<Option<Unknown<'_>>> {
        let v: Unknown = options.get_named_property(name).map_err(napi_fail)?;
        Ok(if is_nullish(&v)? { None } else { Some(v) })
    };
    let req = &mut task.request;
    if let Some(t) = field("timeoutMs")? {
        let ms = number(&t, "options.timeoutMs")?;
        if ms.is_nan() || ms < 0.0 || ms.is_infinite() {
            return Err(Fail::invalid(
                "options.timeoutMs",
                format!("must be a finite number of milliseconds >= 0, got {ms}"),
            ));
        }
        // A deadline too far away to represent is no deadline.
        req.budget.deadline = Duration::try_from_secs_f64(ms / 1000.0)
            .ok()
            .and_then(|d| Instant::now().checked_add(d));
    }
    if let Some(m) = field("maxSets")? {
        let n = number(&m, "options.maxSets")?;
        if !((1.0..=MAX_SETS_LIMIT).contains(&n) && n.fract() == 0.0) {
            return Err(Fail::invalid(
                "options.maxSets",
                format!("must be an integer between 1 and {MAX_SETS_LIMIT}, got {n}"),
            ));
        }
        req.max_sets = n as usize;
    }
    if let Some(m) = field("maxClauses")? {
        let n = number(&m, "options.maxClauses")?;
        req.budget.max_clauses = if n == f64::INFINITY {
            None
        } else if n >= 1.0 && n.fract() == 0.0 && n <= 2f64.powi(53) {
            Some(n as usize)
        } else {
            return Err(Fail::invalid(
                "options.maxClauses",
                format!("must be a positive integer or Infinity, got {n}"),
            ));
        };
    }
    if let Some(p) = field("partial")? {
        if p.get_type().map_err(napi_fail)? != ValueType::Boolean {
            return Err(Fail::invalid("options.partial", "must be a boolean"));
        }
        req.partial = unsafe { p.cast::<bool>() }.map_err(napi_fail)?;
    }
    if let Some(signal) = field("signal")? {
        let cancel = Arc::new(AtomicBool::new(false));
        task.request.budget.cancel = Some(cancel.clone());
        task.hook = hook_signal(env, signal, cancel)?;
    }
    Ok(())
}

/// Set `cancel` when `signal` aborts: at once if it already has, else from an `abort` listener.
fn hook_signal(
    env: &Env,
    signal: Unknown<'_>,
    cancel: Arc<AtomicBool>,
) -> FResult<Option<SignalHook>> {
    let not_a_signal = || Fail::invalid("options.signal", "must be an AbortSignal");
    if signal.get_type().map_err(napi_fail)? != ValueType::Object {
        return Err(not_a_signal());
    }
    let signal: Object = unsafe { signal.cast() }.map_err(napi_fail)?;
    let aborted: Unknown = signal.get_named_property("aborted").map_err(napi_fail)?;
    let add: Unknown = signal
        .get_named_property("addEventListener")
        .map_err(napi_fail)?;
    if aborted.get_type().map_err(napi_fail)? != ValueType::Boolean
        || add.get_type().map_err(napi_fail)? != ValueType::Function
    {
        return Err(not_a_signal());
    }
    if unsafe { aborted.cast::<bool>() }.map_err(napi_fail)? {
        cancel.store(true, Ordering::Relaxed);
        return Ok(None);
    }
    let listener = env
        .create_function_from_closure::<(), (), _>("onFbasSatAbort", move |_| {
            cancel.store(true, Ordering::Relaxed);
            Ok(())
        })
        .map_err(napi_fail)?;
    let mut once = Object::new(env).map_err(napi_fail)?;
    once.set_named_property("once", true).map_err(napi_fail)?;
    let add: Function<AddListenerArgs, Unknown> = unsafe { add.cast() }.map_err(napi_fail)?;
    add.apply(signal, FnArgs::from(("abort", listener, once)))
        .map_err(napi_fail)?;
    Ok(Some(SignalHook {
        signal: signal.create_ref().map_err(napi_fail)?,
        listener: listener.create_ref().map_err(napi_fail)?,
    }))
}

/// Take the abort listener off the signal again.
fn unhook(env: &Env, hook: SignalHook) -> Result<()> {
    let signal = hook.signal.get_value(env)?;
    let listener = hook.listener.borrow_back(env)?;
    let remove: Unknown = signal.get_named_property("removeEventListener")?;
    if remove.get_type()? == ValueType::Function {
        let remove: Function<RemoveListenerArgs, Unknown> = unsafe { remove.cast() }?;
        remove.apply(signal, FnArgs::from(("abort", listener)))?;
    }
    hook.signal.unref(env)
}

impl<'task> ScopedTask<'task> for AnalysisTask {
    type Output = FResult<String>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> Result<Self::Output> {
        if let Some(fail) = &self.early {
            return Ok(Err(fail.clone()));
        }
        let request = &self.request;
        Ok(guarded(request.method.name(), || job::run(request)))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> Result<Unknown<'task>> {
        match output {
            Ok(json) => {
                let parse: Function<String, Unknown> = json_function(env, "parse")?;
                parse.call(json)
            }
            Err(fail) => Err(js_error(env, &fail)?),
        }
    }

    fn finally(mut self, env: Env) -> Result<()> {
        match self.hook.take() {
            Some(hook) => unhook(&env, hook),
            None => Ok(()),
        }
    }
}

/// A JS `Error` with `code` (and `path` for bad input), as a napi error that rejects with it.
fn js_error(env: &Env, fail: &Fail) -> Result<Error> {
    let mut error = env.create_error(Error::new(Status::GenericFailure, fail.message.clone()))?;
    error.set_named_property("code", fail.code.as_str())?;
    if let Some(path) = &fail.path {
        error.set_named_property("path", path.as_str())?;
    }
    Ok(Error::from(error.to_unknown()))
}

fn json_function<'env, A: JsValuesTupleIntoVec, R: FromNapiValue>(
    env: &'env Env,
    name: &str,
) -> Result<Function<'env, A, R>> {
    let json: Object = env.get_global()?.get_named_property("JSON")?;
    json.get_named_property(name)
}

/// `JSON.stringify(value)`, as the backend did before calling the legacy engine. Cycles, BigInts
/// and the like are bad input.
fn stringify(env: &Env, value: Option<Unknown<'_>>, what: &str) -> FResult<String> {
    let value = match value {
        Some(v) if !is_nullish(&v)? => v,
        _ => return Err(Fail::invalid(what, "is missing")),
    };
    let stringify: Function<Unknown, Unknown> =
        json_function(env, "stringify").map_err(napi_fail)?;
    let text = stringify
        .call(value)
        .map_err(|e| Fail::invalid(what, format!("cannot be converted to JSON: {}", e.reason)))?;
    if text.get_type().map_err(napi_fail)? != ValueType::String {
        return Err(Fail::invalid(what, "is not JSON data"));
    }
    unsafe { text.cast::<String>() }.map_err(napi_fail)
}

fn is_nullish(v: &Unknown<'_>) -> FResult<bool> {
    Ok(matches!(
        v.get_type().map_err(napi_fail)?,
        ValueType::Undefined | ValueType::Null
    ))
}

fn number(v: &Unknown<'_>, what: &str) -> FResult<f64> {
    if v.get_type().map_err(napi_fail)? != ValueType::Number {
        return Err(Fail::invalid(what, "must be a number"));
    }
    unsafe { v.cast::<f64>() }.map_err(napi_fail)
}

fn napi_fail(e: Error) -> Fail {
    Fail::internal(format!("N-API: {}", e.reason))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::Code;

    #[test]
    fn a_panic_in_a_job_is_an_internal_error() {
        let fail = guarded("analyzeTopTier", || panic!("boom")).unwrap_err();
        assert_eq!(fail.code, Code::Internal);
        assert_eq!(
            fail.message,
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
