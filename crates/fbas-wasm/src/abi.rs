//! The module's ABI, written by hand: UTF-8 JSON text in linear memory, in both directions.
//!
//! - The host gets memory for an argument from [`fbas_alloc`] (0 when there is none), writes
//!   the argument's UTF-8 bytes there and passes the (pointer, length) pair to an export, which
//!   takes ownership of it. [`fbas_free`] gives back memory that was not passed on.
//! - An export returns [`ANSWER`] or [`ERROR`]; in both cases the result is one UTF-8 JSON text
//!   at [`fbas_result_ptr`], [`fbas_result_len`] bytes long, valid until the next call. An error
//!   is `{code, message, path}` (`path`: where bad input is, else `null`).
//! - A panic (a bug, or memory exhausted) first hands its message to the host's import
//!   `fbas_host.panicked(ptr, len)`, then traps. The host must then discard the instance: its
//!   memory may hold half-done work.

use fbas_core::api::Error;
use serde_json::json;
use std::alloc::{alloc, Layout};
use std::cell::RefCell;
use std::ptr::NonNull;

/// The result is the answer.
pub const ANSWER: u32 = 0;
/// The result is an error `{code, message, path?}`.
pub const ERROR: u32 = 1;

thread_local! {
    /// The last call's result (a wasm module has one thread; this is a plain static there).
    static RESULT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// `len` bytes for the host to write an argument into; null when memory is exhausted.
#[no_mangle]
pub extern "C" fn fbas_alloc(len: usize) -> *mut u8 {
    match Layout::array::<u8>(len) {
        // SAFETY: the layout has a non-zero size.
        Ok(layout) if len > 0 => unsafe { alloc(layout) },
        Ok(_) => NonNull::dangling().as_ptr(),
        Err(_) => std::ptr::null_mut(),
    }
}

/// Give back memory from [`fbas_alloc`] that was not passed to an export.
///
/// # Safety
/// `ptr` and `len` are one [`fbas_alloc`] result and its length, not yet passed on or freed.
#[no_mangle]
pub unsafe extern "C" fn fbas_free(ptr: *mut u8, len: usize) {
    drop(take(ptr, len));
}

/// Where the last call's result starts.
#[no_mangle]
pub extern "C" fn fbas_result_ptr() -> *const u8 {
    RESULT.with(|r| r.borrow().as_ptr())
}

/// The last call's result's length in bytes.
#[no_mangle]
pub extern "C" fn fbas_result_len() -> usize {
    RESULT.with(|r| r.borrow().len())
}

/// Take ownership of an argument.
///
/// # Safety
/// `ptr` and `len` are one [`fbas_alloc`] result and its length, not yet passed on or freed.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    if len == 0 {
        Vec::new()
    } else {
        // SAFETY: `fbas_alloc` allocated exactly `len` bytes of alignment 1 with the global
        // allocator, and the host wrote all of them.
        Vec::from_raw_parts(ptr, len, len)
    }
}

/// Take ownership of a text argument.
///
/// # Safety
/// As [`fbas_free`].
pub unsafe fn text(ptr: *mut u8, len: usize) -> Result<String, Error> {
    String::from_utf8(take(ptr, len))
        .map_err(|e| Error::internal(format!("an argument is not UTF-8 text: {e}")))
}

/// Run one export's work, store its result for the host and say what it is.
pub fn call(work: impl FnOnce() -> Result<String, Error>) -> u32 {
    install_panic_hook();
    let (status, text) = match work() {
        Ok(answer) => (ANSWER, answer),
        Err(e) => (
            ERROR,
            json!({"code": e.code, "message": e.message, "path": e.path}).to_string(),
        ),
    };
    RESULT.with(|r| *r.borrow_mut() = text.into_bytes());
    status
}

/// Route panic messages to the host before the trap (once per instance).
#[cfg(target_arch = "wasm32")]
fn install_panic_hook() {
    #[link(wasm_import_module = "fbas_host")]
    extern "C" {
        fn panicked(ptr: *const u8, len: usize);
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = info.to_string();
            // SAFETY: the host reads `len` bytes at `ptr`, which stay valid during the call.
            unsafe { panicked(message.as_ptr(), message.len()) }
        }))
    });
}

/// Natively (the crate's own tests) panics unwind as usual.
#[cfg(not(target_arch = "wasm32"))]
fn install_panic_hook() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alloc_free() {
        for len in [0, 1, 100, 5000] {
            let p = fbas_alloc(len);
            unsafe { fbas_free(p, len) };
        }
    }
}
