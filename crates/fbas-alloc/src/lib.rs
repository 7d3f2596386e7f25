//! The memory allocator of fbas-sat's native programs: the Node addon, the `fbas-sat` CLI and
//! `fbas-bench` (which measures peak memory as shipped). fbas-core itself chooses none, so the
//! WebAssembly package keeps the default one.
//!
//! Why not the system allocator: an analysis runs on several threads (a libuv worker or the main
//! thread, then rayon's pool), and each SAT instance allocates and frees up to ~150 MB. glibc
//! keeps what a thread frees in that thread's arena, where other threads cannot reuse it, so the
//! peaks of the threads added up (`fbas-bench row` on almost-symmetric 200: 469 MB with glibc,
//! 293 MB with this allocator, same answers). mimalloc hands freed pages back to the system; by default after a 10 ms
//! delay, which an idle rayon thread never reaches, so [`return_freed_memory_at_once`] sets it
//! to 0.
//!
//! Use in a binary or the addon:
//! ```text
//! #[global_allocator]
//! static ALLOCATOR: fbas_alloc::Allocator = fbas_alloc::Allocator;
//! ```
//! and call [`return_freed_memory_at_once`] before the first analysis.

pub use mimalloc::MiMalloc as Allocator;

/// Make [`Allocator`] return freed pages to the system when they are freed (mimalloc's
/// `purge_delay` option set to 0). Affects only this allocator, never the host process's own
/// (Node's allocations stay with the system allocator).
pub fn return_freed_memory_at_once() {
    // SAFETY: `mi_option_set` only stores the option's value; it may be called at any time,
    // from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

/// `mi_option_purge_delay` in `mimalloc.h`'s `mi_option_e` (version 3, which libmimalloc-sys
/// 0.1.49 builds by default); libmimalloc-sys names no constant for it. The version is pinned in
/// `Cargo.toml`, and `tests/returns_memory.rs` checks the effect.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
