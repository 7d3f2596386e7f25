//! Compute-once cells shared between threads: the first caller computes, callers that arrive
//! meanwhile wait for its result (each within its own budget), and only a final result is kept.
//!
//! Invariants: a cell holds a value only if its computation said the value is final (exact, not
//! cut short by a budget); a computation that panics or returns a non-final value leaves the cell
//! empty, so the next caller computes again; a waiter never waits past its own budget.

use crate::budget::{Budget, Stop};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// How often a waiting caller looks at its own budget.
const WAIT_SLICE: Duration = Duration::from_millis(5);

enum Slot<T> {
    Empty,
    Busy,
    Ready(Arc<T>),
}

/// One value, computed at most once at a time.
pub(crate) struct Memo<T> {
    slot: Mutex<Slot<T>>,
    changed: Condvar,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            slot: Mutex::new(Slot::Empty),
            changed: Condvar::new(),
        }
    }
}

/// Puts a busy slot back to empty if its computation unwinds.
struct Reset<'a, T> {
    memo: &'a Memo<T>,
    armed: bool,
}

impl<T> Drop for Reset<'_, T> {
    fn drop(&mut self) {
        if self.armed {
            *self.memo.lock() = Slot::Empty;
            self.memo.changed.notify_all();
        }
    }
}

impl<T> Memo<T> {
    fn lock(&self) -> MutexGuard<'_, Slot<T>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept value if there is one that `usable` accepts; else the result of `compute`,
    /// which returns the value and whether it is final (only a final value is kept). While
    /// another caller computes, wait for it, or stop when `budget` is spent.
    pub(crate) fn get_or_compute(
        &self,
        budget: &Budget,
        usable: impl Fn(&T) -> bool,
        compute: impl FnOnce() -> (T, bool),
    ) -> Result<Arc<T>, Stop> {
        let mut slot = self.lock();
        loop {
            match &*slot {
                Slot::Ready(v) if usable(v) => return Ok(v.clone()),
                Slot::Busy => {
                    if let Some(why) = budget.check() {
                        return Err(why);
                    }
                    slot = self
                        .changed
                        .wait_timeout(slot, WAIT_SLICE)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
                Slot::Ready(_) | Slot::Empty => break,
            }
        }
        let before = std::mem::replace(&mut *slot, Slot::Busy);
        drop(slot);
        let mut reset = Reset {
            memo: self,
            armed: true,
        };
        let (value, last) = compute();
        let value = Arc::new(value);
        reset.armed = false;
        *self.lock() = match (last, before) {
            (true, _) => Slot::Ready(value.clone()),
            (false, before @ Slot::Ready(_)) => before,
            (false, _) => Slot::Empty,
        };
        self.changed.notify_all();
        Ok(value)
    }

    /// The kept value, if any.
    pub(crate) fn get(&self) -> Option<Arc<T>> {
        match &*self.lock() {
            Slot::Ready(v) => Some(v.clone()),
            _ => None,
        }
    }
}

/// A [`Memo`] per key.
pub(crate) struct MemoMap<K, T> {
    cells: Mutex<HashMap<K, Arc<Memo<T>>>>,
}

impl<K, T> Default for MemoMap<K, T> {
    fn default() -> Self {
        MemoMap {
            cells: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq, T> MemoMap<K, T> {
    /// The cell of `key` (created empty on first use).
    pub(crate) fn cell(&self, key: K) -> Arc<Memo<T>> {
        self.cells
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_default()
            .clone()
    }

    /// Every kept value.
    pub(crate) fn values(&self) -> Vec<Arc<T>> {
        let cells: Vec<Arc<Memo<T>>> = self
            .cells
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect();
        cells.iter().filter_map(|c| c.get()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;
    use std::time::Instant;

    #[test]
    fn concurrent_callers_compute_once() {
        let memo = Memo::default();
        let runs = AtomicUsize::new(0);
        thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    let v = memo
                        .get_or_compute(
                            &Budget::unlimited(),
                            |_| true,
                            || {
                                runs.fetch_add(1, Ordering::SeqCst);
                                thread::sleep(Duration::from_millis(30));
                                (42, true)
                            },
                        )
                        .unwrap();
                    assert_eq!(*v, 42);
                });
            }
        });
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_value_that_is_not_final_is_not_kept() {
        let memo = Memo::default();
        let budget = Budget::unlimited();
        assert_eq!(
            *memo
                .get_or_compute(&budget, |_| true, || (1, false))
                .unwrap(),
            1
        );
        assert!(memo.get().is_none());
        assert_eq!(
            *memo
                .get_or_compute(&budget, |_| true, || (2, true))
                .unwrap(),
            2
        );
        assert_eq!(
            *memo
                .get_or_compute(&budget, |_| true, || (3, true))
                .unwrap(),
            2
        );
        // A kept value the caller cannot use is recomputed; a non-final answer keeps the old one.
        assert_eq!(
            *memo
                .get_or_compute(&budget, |&v| v > 2, || (4, false))
                .unwrap(),
            4
        );
        assert_eq!(*memo.get().unwrap(), 2);
    }

    #[test]
    fn a_waiter_stops_at_its_own_deadline() {
        let memo = Memo::default();
        thread::scope(|s| {
            s.spawn(|| {
                memo.get_or_compute(
                    &Budget::unlimited(),
                    |_| true,
                    || {
                        thread::sleep(Duration::from_millis(300));
                        (1, true)
                    },
                )
            });
            thread::sleep(Duration::from_millis(20));
            let budget = Budget {
                deadline: Some(Instant::now() + Duration::from_millis(30)),
                ..Budget::unlimited()
            };
            let start = Instant::now();
            assert_eq!(
                memo.get_or_compute(&budget, |_| true, || (2, true)),
                Err(Stop::Deadline)
            );
            assert!(start.elapsed() < Duration::from_millis(200));
        });
        assert_eq!(*memo.get().unwrap(), 1);
    }

    #[test]
    fn a_panic_leaves_the_cell_empty() {
        let memo: Memo<i32> = Memo::default();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            memo.get_or_compute(&Budget::unlimited(), |_| true, || panic!("boom"))
        }));
        assert!(caught.is_err());
        let v = memo.get_or_compute(&Budget::unlimited(), |_| true, || (7, true));
        assert_eq!(*v.unwrap(), 7);
    }
}
