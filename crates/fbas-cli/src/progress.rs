//! Progress on stderr for runs longer than a second: a ticking "analysing… Ns" on a terminal,
//! one "analysing…" line otherwise, and "done in Ns" at the end. Quick runs print nothing.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Progress {
    stop: Option<Sender<bool>>,
    watcher: Option<JoinHandle<()>>,
}

impl Progress {
    pub fn start() -> Progress {
        let (tx, rx) = mpsc::channel::<bool>();
        let start = Instant::now();
        let tty = std::io::stderr().is_terminal();
        let watcher = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || {
                let mut shown = false;
                let ok = loop {
                    match rx.recv_timeout(Duration::from_secs(1)) {
                        Ok(ok) => break ok,
                        Err(RecvTimeoutError::Disconnected) => break false,
                        Err(RecvTimeoutError::Timeout) => {
                            let mut err = std::io::stderr().lock();
                            if tty {
                                let _ = write!(err, "\ranalysing… {}s", start.elapsed().as_secs());
                            } else if !shown {
                                let _ = writeln!(err, "analysing…");
                            }
                            let _ = err.flush();
                            shown = true;
                        }
                    }
                };
                if shown {
                    let mut err = std::io::stderr().lock();
                    if tty {
                        let _ = write!(err, "\r\x1b[K");
                    }
                    if ok {
                        let _ = writeln!(err, "done in {:.1}s", start.elapsed().as_secs_f64());
                    }
                }
            })
            .ok();
        Progress {
            stop: Some(tx),
            watcher,
        }
    }

    /// Stop the watcher; `ok` says whether to print "done in Ns" (after an error the error
    /// message is enough).
    pub fn finish(mut self, ok: bool) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(ok);
        }
        if let Some(w) = self.watcher.take() {
            let _ = w.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(false);
        }
        if let Some(w) = self.watcher.take() {
            let _ = w.join();
        }
    }
}
