//! The JS arguments of an asynchronous call, read on the main thread into an owned
//! [`Request`]: the values as JSON text (`JSON.stringify`, as the backend did for the legacy
//! engine), `mergeBy`, and the options (`timeoutMs`, `signal`, `maxSets`, `maxClauses`,
//! `partial`). Every value may be anything: everything is checked, and a problem is an
//! `INVALID_INPUT` error naming the argument.

use crate::errors::napi_error;
use fbas_core::api::{merge_by, Error, Method, Request};
use napi::bindgen_prelude::*;
use napi::{Env, UnknownRef, ValueType};
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// A result whose error is an API error (the prelude's `Result` is napi's).
pub type ApiResult<T> = std::result::Result<T, Error>;

/// The JS arguments of one call.
pub struct Args<'a> {
    pub nodes: Unknown<'a>,
    pub faulty: Option<Unknown<'a>>,
    pub organizations: Option<Unknown<'a>>,
    pub merge_by: Option<Unknown<'a>>,
    pub options: Option<Unknown<'a>>,
}

/// The abort listener added to `options.signal`, to be removed when the call settles.
pub struct SignalHook {
    signal: ObjectRef<false>,
    listener: FunctionRef<(), ()>,
}

/// `addEventListener(type, listener, options)` and `removeEventListener(type, listener)`.
type AddListenerArgs<'a> = FnArgs<(&'a str, Function<'a, (), ()>, Object<'a>)>;
type RemoveListenerArgs<'a> = FnArgs<(&'a str, Function<'a, (), ()>)>;

/// Read the arguments of `method` into `req` (which starts as `Request::new(method)`); the
/// signal's listener, when one was added, is returned to be removed later.
pub fn read(env: &Env, req: &mut Request, args: Args<'_>) -> ApiResult<Option<SignalHook>> {
    let nodes = stringify(env, Some(args.nodes), "nodes")?;
    req.nodes = remembered(env, Role::Nodes, &nodes, || text_of(&nodes))?;
    req.organizations = match args.organizations {
        Some(orgs) if !is_nullish(&orgs)? => {
            let orgs = stringify(env, Some(orgs), "organizations")?;
            remembered(env, Role::Organizations, &orgs, || text_of(&orgs))?
        }
        _ => "[]".into(),
    };
    if req.method.takes_faulty() {
        req.faulty = Some(match args.faulty {
            Some(f) if !is_nullish(&f)? => text_of(&stringify(env, Some(f), "faultyNodes")?)?,
            _ => "[]".into(),
        });
    }
    let level = match args.merge_by {
        Some(m) if !is_nullish(&m)? => {
            if m.get_type().map_err(napi_error)? != ValueType::String {
                return Err(Error::invalid(
                    "mergeBy",
                    "must be 'ORGANIZATION', 'COUNTRY', 'ISP' or null",
                ));
            }
            let name = unsafe { m.cast::<String>() }.map_err(napi_error)?;
            merge_by(Some(&name))?
        }
        _ => merge_by(None)?,
    };
    req.level = level;
    match args.options {
        Some(options) if !is_nullish(&options)? => read_options(env, req, options),
        _ => Ok(None),
    }
}

/// `options`: `{timeoutMs?, signal?, maxSets?, maxClauses?, partial?}`.
fn read_options(
    env: &Env,
    req: &mut Request,
    options: Unknown<'_>,
) -> ApiResult<Option<SignalHook>> {
    if options.get_type().map_err(napi_error)? != ValueType::Object {
        return Err(Error::invalid("options", "must be an object"));
    }
    let options: Object = unsafe { options.cast() }.map_err(napi_error)?;
    let field = |name: &str| -> ApiResult<Option<Unknown<'_>>> {
        let v: Unknown = options.get_named_property(name).map_err(napi_error)?;
        Ok(if is_nullish(&v)? { None } else { Some(v) })
    };
    if let Some(t) = field("timeoutMs")? {
        req.budget.deadline = deadline(number(&t, "options.timeoutMs")?)?;
    }
    if let Some(m) = field("maxSets")? {
        req.max_sets = count(number(&m, "options.maxSets")?, "options.maxSets")?;
    }
    if let Some(m) = field("maxClauses")? {
        let n = count(number(&m, "options.maxClauses")?, "options.maxClauses")?;
        req.budget.max_clauses = (n != usize::MAX).then_some(n);
    }
    if let Some(p) = field("partial")? {
        if p.get_type().map_err(napi_error)? != ValueType::Boolean {
            return Err(Error::invalid("options.partial", "must be a boolean"));
        }
        req.partial = unsafe { p.cast::<bool>() }.map_err(napi_error)?;
    }
    match field("signal")? {
        Some(signal) => {
            let cancel = Arc::new(AtomicBool::new(false));
            req.budget.cancel = Some(cancel.clone());
            hook_signal(env, signal, cancel)
        }
        None => Ok(None),
    }
}

/// The deadline `ms` milliseconds from now (`None`: too far away to represent, no deadline).
pub fn deadline(ms: f64) -> ApiResult<Option<Instant>> {
    if ms.is_nan() || ms < 0.0 || ms.is_infinite() {
        return Err(Error::invalid(
            "options.timeoutMs",
            format!("must be a finite number of milliseconds >= 0, got {ms}"),
        ));
    }
    Ok(fbas_core::clock::after_ms(ms))
}

/// A positive integer, or `Infinity` (`usize::MAX`).
fn count(n: f64, what: &str) -> ApiResult<usize> {
    if n == f64::INFINITY {
        Ok(usize::MAX)
    } else if n >= 1.0 && n.fract() == 0.0 && n <= 2f64.powi(53) {
        Ok(n as usize)
    } else {
        Err(Error::invalid(
            what,
            format!("must be a positive integer or Infinity, got {n}"),
        ))
    }
}

/// Set `cancel` when `signal` aborts: at once if it already has, else from an `abort` listener.
fn hook_signal(
    env: &Env,
    signal: Unknown<'_>,
    cancel: Arc<AtomicBool>,
) -> ApiResult<Option<SignalHook>> {
    let not_a_signal = || Error::invalid("options.signal", "must be an AbortSignal");
    if signal.get_type().map_err(napi_error)? != ValueType::Object {
        return Err(not_a_signal());
    }
    let signal: Object = unsafe { signal.cast() }.map_err(napi_error)?;
    let aborted: Unknown = signal.get_named_property("aborted").map_err(napi_error)?;
    let add: Unknown = signal
        .get_named_property("addEventListener")
        .map_err(napi_error)?;
    if aborted.get_type().map_err(napi_error)? != ValueType::Boolean
        || add.get_type().map_err(napi_error)? != ValueType::Function
    {
        return Err(not_a_signal());
    }
    if unsafe { aborted.cast::<bool>() }.map_err(napi_error)? {
        cancel.store(true, Ordering::Relaxed);
        return Ok(None);
    }
    let listener = env
        .create_function_from_closure::<(), (), _>("onFbasSatAbort", move |_| {
            cancel.store(true, Ordering::Relaxed);
            Ok(())
        })
        .map_err(napi_error)?;
    let mut once = Object::new(env).map_err(napi_error)?;
    once.set_named_property("once", true).map_err(napi_error)?;
    let add: Function<AddListenerArgs, Unknown> = unsafe { add.cast() }.map_err(napi_error)?;
    add.apply(signal, FnArgs::from(("abort", listener, once)))
        .map_err(napi_error)?;
    Ok(Some(SignalHook {
        signal: signal.create_ref().map_err(napi_error)?,
        listener: listener.create_ref().map_err(napi_error)?,
    }))
}

/// Take the abort listener off the signal again.
pub fn unhook(env: &Env, hook: SignalHook) -> Result<()> {
    let signal = hook.signal.get_value(env)?;
    let listener = hook.listener.borrow_back(env)?;
    let remove: Unknown = signal.get_named_property("removeEventListener")?;
    if remove.get_type()? == ValueType::Function {
        let remove: Function<RemoveListenerArgs, Unknown> = unsafe { remove.cast() }?;
        remove.apply(signal, FnArgs::from(("abort", listener)))?;
    }
    hook.signal.unref(env)
}

/// `JSON.stringify(value)` (a JS string), as the backend did before calling the legacy engine.
/// Cycles, BigInts and the like are bad input.
fn stringify<'env>(
    env: &'env Env,
    value: Option<Unknown<'_>>,
    what: &str,
) -> ApiResult<Unknown<'env>> {
    let value = match value {
        Some(v) if !is_nullish(&v)? => v,
        _ => return Err(Error::invalid(what, "is missing")),
    };
    let json: Object = env
        .get_global()
        .and_then(|g| g.get_named_property("JSON"))
        .map_err(napi_error)?;
    let stringify: Function<Unknown, Unknown> =
        json.get_named_property("stringify").map_err(napi_error)?;
    let text = stringify
        .call(value)
        .map_err(|e| Error::invalid(what, format!("cannot be converted to JSON: {}", e.reason)))?;
    if text.get_type().map_err(napi_error)? != ValueType::String {
        return Err(Error::invalid(what, "is not JSON data"));
    }
    Ok(text)
}

/// A JS string's text (the caller has checked that it is a string).
fn text_of(string: &Unknown<'_>) -> ApiResult<String> {
    unsafe { string.cast::<String>() }.map_err(napi_error)
}

/// Which argument a remembered text is.
#[derive(Clone, Copy)]
pub enum Role {
    Nodes,
    Organizations,
}

impl Role {
    /// Its property on the [`Remembered`] holder.
    fn key(self) -> &'static str {
        match self {
            Role::Nodes => "nodes",
            Role::Organizations => "organizations",
        }
    }
}

/// The last texts read, on one JS environment: a JS object (kept by a reference: Node-API
/// before version 10 refers to objects only) holding per [`Role`] the string last read, and its
/// text.
struct Remembered {
    env: napi::sys::napi_env,
    holder: UnknownRef<false>,
    texts: [Option<String>; 2],
}

thread_local! {
    /// On this thread's JS environment.
    static REMEMBERED: RefCell<Option<Remembered>> = const { RefCell::new(None) };
}

/// The text of the JS value `string`: `read()` gives it, unless `string` is `===` the string
/// last read for `role` on this thread (the same characters), whose text is then reused. The
/// explorer passes the same network's JSON to each of a scan's calls, and reading 340 kB of it
/// (V8 writing it out as UTF-8) was half of a warm call. A value that is not a string is never
/// equal to a remembered one, so `read()` reports it. The last string of each role stays alive
/// (held by the holder) until another replaces it.
pub fn remembered(
    env: &Env,
    role: Role,
    string: &Unknown<'_>,
    read: impl FnOnce() -> ApiResult<String>,
) -> ApiResult<String> {
    REMEMBERED.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.as_ref().is_none_or(|r| r.env != env.raw()) {
            let holder = Object::new(env).map_err(napi_error)?;
            // Safety: `holder` is a live object of `env`, on the thread of `env`.
            let holder = unsafe { UnknownRef::<false>::from_napi_value(env.raw(), holder.raw()) }
                .map_err(napi_error)?;
            *cell = Some(Remembered {
                env: env.raw(),
                holder,
                texts: [None, None],
            });
        }
        let remembered = cell.as_mut().expect("just set");
        let holder: Object = {
            let value = remembered.holder.get_value(env).map_err(napi_error)?;
            unsafe { value.cast() }.map_err(napi_error)?
        };
        let slot = &mut remembered.texts[role as usize];
        if let Some(text) = slot.as_ref() {
            let before: Unknown = holder.get_named_property(role.key()).map_err(napi_error)?;
            if env.strict_equals(before, *string).map_err(napi_error)? {
                return Ok(text.clone());
            }
        }
        let text = read()?;
        let mut holder = holder;
        holder
            .set_named_property(role.key(), *string)
            .map_err(napi_error)?;
        *slot = Some(text.clone());
        Ok(text)
    })
}

fn is_nullish(v: &Unknown<'_>) -> ApiResult<bool> {
    Ok(matches!(
        v.get_type().map_err(napi_error)?,
        ValueType::Undefined | ValueType::Null
    ))
}

fn number(v: &Unknown<'_>, what: &str) -> ApiResult<f64> {
    if v.get_type().map_err(napi_error)? != ValueType::Number {
        return Err(Error::invalid(what, "must be a number"));
    }
    unsafe { v.cast::<f64>() }.map_err(napi_error)
}

/// Which call a method name (as `index.js` passes it) is.
pub fn method(name: &str) -> ApiResult<Method> {
    Method::named(name).ok_or_else(|| Error::internal(format!("no method {name}")))
}
