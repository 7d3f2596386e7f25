//! fbas-core's API errors as JS errors: a plain `Error` whose `code` says what happened (and
//! `path` where bad input is), and panics caught before they cross the boundary.

use fbas_core::api::Error as ApiError;
use napi::bindgen_prelude::*;
use napi::Env;

/// A JS `Error` with `code` (and `path` for bad input), as a napi error that throws or rejects
/// with it.
pub fn js_error(env: &Env, error: &ApiError) -> Result<Error> {
    let mut js = env.create_error(Error::new(Status::GenericFailure, error.message.clone()))?;
    js.set_named_property("code", error.code.as_str())?;
    if let Some(path) = &error.path {
        js.set_named_property("path", path.as_str())?;
    }
    Ok(Error::from(js.to_unknown()))
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_string()
    }
}

/// A napi failure while reading arguments: a bug of ours, not of the caller.
pub fn napi_error(e: Error) -> ApiError {
    ApiError::internal(format!("N-API: {}", e.reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_messages() {
        let p = std::panic::catch_unwind(|| panic!("boom {}", 1)).unwrap_err();
        assert_eq!(panic_message(p.as_ref()), "boom 1");
        let p = std::panic::catch_unwind(|| panic!("static")).unwrap_err();
        assert_eq!(panic_message(p.as_ref()), "static");
    }
}
