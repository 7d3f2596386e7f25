//! [`fbas_alloc::return_freed_memory_at_once`] does what it says: memory freed by a thread that
//! then sits idle (as rayon's threads do between analyses) leaves the process's resident set.
#![cfg(target_os = "linux")]

use std::sync::mpsc;
use std::thread;

#[global_allocator]
static ALLOCATOR: fbas_alloc::Allocator = fbas_alloc::Allocator;

/// The process's resident set size in MiB (`/proc/self/statm`, second field, in pages of 4 KiB).
fn resident_mib() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096 / (1 << 20)
}

/// Allocates and touches `mib` MiB in 64 KiB blocks on a thread, frees them there, and returns
/// the resident set measured while that thread is still alive and idle.
fn resident_after_an_idle_thread_freed(mib: usize) -> usize {
    let (freed_tx, freed_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let worker = thread::spawn(move || {
        let blocks: Vec<Vec<u8>> = (0..mib * 16).map(|i| vec![i as u8 | 1; 64 << 10]).collect();
        assert!(blocks.iter().all(|b| b[b.len() - 1] != 0));
        drop(blocks);
        freed_tx.send(()).unwrap();
        done_rx.recv().unwrap();
    });
    freed_rx.recv().unwrap();
    thread::sleep(std::time::Duration::from_millis(200));
    let resident = resident_mib();
    done_tx.send(()).unwrap();
    worker.join().unwrap();
    resident
}

#[test]
fn memory_freed_by_an_idle_thread_leaves_the_resident_set() {
    fbas_alloc::return_freed_memory_at_once();
    let before = resident_mib();
    let after = resident_after_an_idle_thread_freed(256);
    assert!(
        after < before + 64,
        "256 MiB freed, yet the resident set grew from {before} to {after} MiB"
    );
}
