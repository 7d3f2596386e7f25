//! A thin layer over varisat: fresh literals, clauses, solving under assumptions, and the budget.
//!
//! varisat has no interrupt hook, but it streams its proof through a writer while
//! it searches; [`BudgetWriter`] is that writer and fails once the budget is spent, which stops
//! the search within a few hundred conflicts. A solver stopped this way is not reused.
//!
//! Encoding a large network (a failure cascade has one round per distinct quorum set) can take
//! seconds before the first `solve`, so [`Sat::clause`] also checks the budget every
//! [`CHECK_EVERY`] clauses, and the clause cap ([`Budget::max_clauses`]) at every clause; once
//! either is spent the instance stops growing (clauses are dropped, new literals are not
//! allocated) and its next `solve` answers the interruption.
//!
//! [`Sat::solve_until`] gives one call an earlier deadline of its own, for a try that may fail
//! (the instance is then stopped like any other; when the call ends in time it stays usable,
//! learnt clauses included).
//!
//! The cap counts learnt clauses too: the proof stream says which clauses the solver learns and
//! deletes ([`ClauseCount`]), so a search whose clause database outgrows the cap stops with
//! [`Stop::ClauseCap`] like an encoding that does. The instances under one budget also share a
//! count ([`Budget::held`]), capped at [`SHARED_CAPS`] times the cap of one: each instance adds
//! its clauses to it as it grows and gives them back once it stops or is dropped.

use crate::budget::{Budget, ClausePool, Stop, SHARED_CAPS};
use crate::clock::Instant;
use std::io::{self, Cursor};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use varisat::{ExtendFormula, Lit, ProofFormat, Solver};
use varisat_internal_proof::binary_format::Parser;
use varisat_internal_proof::ProofStep;

pub use varisat::Lit as SatLit;

/// How many clauses are added between two budget checks while encoding.
const CHECK_EVERY: usize = 1024;

/// How many literals of learnt clauses weigh as much as one input clause. An input clause of the
/// encodings has 2-3 literals and comes with about half a variable; a learnt clause costs its
/// header, its watches and 4 bytes per literal.
const LITERALS_PER_CLAUSE: usize = 8;

/// The clause database's size in input-clause equivalents, shared between an instance and its
/// proof sink: input clauses (each counts 1, as they are added), plus learnt clauses, less
/// deleted ones, weighted by length (read from the proof stream). Every change is also added to
/// the budget's pool ([`Budget::held`]); the instance gives its total back once it stops or is
/// dropped.
struct ClauseCount {
    input: AtomicUsize,
    /// Learnt minus deleted, weighted by length.
    learnt: AtomicIsize,
    /// The clauses of every live instance under the same budget, this one's included.
    pool: ClausePool,
    /// Set when the sink stopped the search because the total passed the cap.
    capped: AtomicBool,
    /// The deadline of the current [`Sat::solve_until`] call, if any.
    until: Mutex<Option<Instant>>,
}

impl ClauseCount {
    /// Whether the current call's own deadline has passed.
    fn past_until(&self) -> bool {
        let until = *self.until.lock().unwrap_or_else(|e| e.into_inner());
        until.is_some_and(|t| Instant::now() >= t)
    }

    /// This instance's own clauses.
    fn own(&self) -> isize {
        self.input.load(Ordering::Relaxed) as isize + self.learnt.load(Ordering::Relaxed)
    }

    /// Give all of this instance's clauses back to the pool: it is dropped, or stopped for good
    /// (it neither grows nor solves again, and goes moments later), so that the others need not
    /// stop with it.
    fn release(&self) {
        let own = self.input.swap(0, Ordering::Relaxed) as isize
            + self.learnt.swap(0, Ordering::Relaxed);
        self.pool.add(-own);
    }

    /// Whether this instance, or all the budget's instances together, hold more than `cap`
    /// allows.
    fn over(&self, cap: usize) -> bool {
        self.own().max(0) as usize > cap || self.pool.total() > cap.saturating_mul(SHARED_CAPS)
    }
}

/// The weight of a clause of `len` literals in input-clause equivalents (units cost nothing).
fn weight(len: usize) -> isize {
    match len {
        0 | 1 => 0,
        _ => 1 + (len / LITERALS_PER_CLAUSE) as isize,
    }
}

/// Proof sink that turns a spent budget (or the current call's own deadline passed), or a clause
/// database grown past the cap, into an I/O error, so varisat returns from `solve`. It decodes
/// the proof steps as they stream by to keep the count of learnt clauses.
struct BudgetWriter {
    budget: Budget,
    count: Arc<ClauseCount>,
    parser: Parser,
    /// Bytes of a step not yet complete.
    pending: Vec<u8>,
}

impl BudgetWriter {
    /// Account for every complete step in `pending`; keep the incomplete rest.
    fn account(&mut self) {
        let mut used = 0;
        loop {
            let mut cursor = Cursor::new(&self.pending[used..]);
            let delta = match self.parser.parse_step(&mut cursor) {
                Ok(ProofStep::AtClause { clause, .. }) => weight(clause.len()),
                Ok(ProofStep::DeleteClause { clause, .. }) => -weight(clause.len()),
                Ok(_) => 0,
                // An incomplete step: the rest comes with the next write.
                Err(_) => break,
            };
            used += cursor.position() as usize;
            self.count.learnt.fetch_add(delta, Ordering::Relaxed);
            self.count.pool.add(delta);
        }
        self.pending.drain(..used);
    }
}

impl io::Write for BudgetWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.budget.check().is_some() || self.count.past_until() {
            return Err(io::Error::other("budget spent"));
        }
        if let Some(cap) = self.budget.max_clauses {
            self.pending.extend_from_slice(buf);
            self.account();
            if self.count.over(cap) {
                self.count.capped.store(true, Ordering::Relaxed);
                return Err(io::Error::other("clause cap"));
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One SAT instance, its last model, and the budget it runs under.
pub struct Sat {
    solver: Solver<'static>,
    budget: Budget,
    true_lit: Lit,
    model: Vec<bool>,
    /// Why the instance stopped, once it has: it then neither grows nor solves again.
    stopped: Option<Stop>,
    vars: usize,
    clauses: usize,
    count: Arc<ClauseCount>,
}

impl Sat {
    pub fn new(budget: &Budget) -> Sat {
        let mut solver = Solver::new();
        let count = Arc::new(ClauseCount {
            // The clause that makes `true_lit` true.
            input: AtomicUsize::new(1),
            learnt: AtomicIsize::new(0),
            pool: budget.held.clone(),
            capped: AtomicBool::new(false),
            until: Mutex::new(None),
        });
        count.pool.add(1);
        // Always installed: a `solve_until` call needs it even under an unlimited budget.
        solver.write_proof(
            BudgetWriter {
                budget: budget.clone(),
                count: count.clone(),
                parser: Parser::default(),
                pending: Vec::new(),
            },
            ProofFormat::Varisat,
        );
        let true_lit = solver.new_lit();
        solver.add_clause(&[true_lit]);
        let mut sat = Sat {
            solver,
            budget: budget.clone(),
            true_lit,
            model: Vec::new(),
            stopped: None,
            vars: 1,
            clauses: 1,
            count,
        };
        if let Some(why) = budget.check() {
            sat.stop(why);
        }
        sat
    }

    /// A fresh variable, as its positive literal. Once the instance is stopped (its next `solve`
    /// fails), any literal will do: the constant true one is returned instead of a new one.
    pub fn lit(&mut self) -> Lit {
        if self.stopped.is_some() {
            return self.true_lit;
        }
        self.vars += 1;
        self.solver.new_lit()
    }

    /// The literal that is always true (its negation is always false).
    pub fn true_lit(&self) -> Lit {
        self.true_lit
    }

    /// Add a clause (dropped once the instance is stopped: its next `solve` fails anyway).
    pub fn clause(&mut self, lits: &[Lit]) {
        if self.stopped.is_some() {
            return;
        }
        self.clauses += 1;
        self.count.input.fetch_add(1, Ordering::Relaxed);
        self.count.pool.add(1);
        if self
            .budget
            .max_clauses
            .is_some_and(|cap| self.count.over(cap))
        {
            return self.stop(Stop::ClauseCap);
        }
        if self.clauses.is_multiple_of(CHECK_EVERY) {
            if let Some(why) = self.budget.check() {
                return self.stop(why);
            }
        }
        self.solver.add_clause(lits);
    }

    /// `a → b`.
    pub fn implies(&mut self, a: Lit, b: Lit) {
        self.clause(&[!a, b]);
    }

    /// Stop for good: every later `solve` fails with `why`, and the clauses go back to the pool.
    fn stop(&mut self, why: Stop) {
        self.stopped = Some(why);
        self.count.release();
    }

    /// Whether the budget was found spent (or the instance failed): every later `solve` fails,
    /// so encoders may stop building.
    pub fn is_stopped(&self) -> bool {
        self.stopped.is_some()
    }

    /// Number of variables and clauses added so far.
    pub fn size(&self) -> (usize, usize) {
        (self.vars, self.clauses)
    }

    /// Solve with the given assumptions; `Ok(true)` keeps the model for [`Sat::value`].
    pub fn solve(&mut self, assumptions: &[Lit]) -> Result<bool, Stop> {
        if let Some(why) = self.stopped.or_else(|| self.budget.check()) {
            self.stop(why);
            return Err(why);
        }
        self.solver.assume(assumptions);
        match self.solver.solve() {
            Ok(true) => {
                let model = self.solver.model().unwrap_or_default();
                self.model = vec![false; self.vars + 1];
                for lit in model {
                    let i = lit.var().index();
                    if i < self.model.len() {
                        self.model[i] = lit.is_positive();
                    }
                }
                Ok(true)
            }
            Ok(false) => Ok(false),
            Err(_) => {
                // The proof writer failed: the clause database outgrew the cap, or the budget
                // was found spent mid-search.
                let why = match self.count.capped.load(Ordering::Relaxed) {
                    true => Stop::ClauseCap,
                    false => self.budget.check().unwrap_or(Stop::Deadline),
                };
                self.stop(why);
                Err(why)
            }
        }
    }

    /// [`Sat::solve`] that also stops once `until` passes (`Err(Stop::Deadline)`). Stopped
    /// mid-search, the instance is stopped for good (every later call fails); when `until` had
    /// passed before the search began, or the call ended in time, it goes on as after any
    /// `solve`.
    pub fn solve_until(&mut self, assumptions: &[Lit], until: Instant) -> Result<bool, Stop> {
        if Instant::now() >= until {
            return Err(Stop::Deadline);
        }
        self.stop_at(Some(until));
        let result = self.solve(assumptions);
        self.stop_at(None);
        result
    }

    /// Every later [`Sat::solve`] also stops once `until` passes (`Err(Stop::Deadline)`, the
    /// instance then stopped for good), until this is called again (`None`: the budget only).
    pub fn stop_at(&mut self, until: Option<Instant>) {
        *self.count.until.lock().unwrap_or_else(|e| e.into_inner()) = until;
    }

    /// The value of `lit` in the last model.
    pub fn value(&self, lit: Lit) -> bool {
        let v = self.model.get(lit.var().index()).copied().unwrap_or(false);
        v == lit.is_positive()
    }

    /// After an unsatisfiable solve: the assumptions that made it so (a subset).
    pub fn failed_assumptions(&self) -> Vec<Lit> {
        self.solver
            .failed_core()
            .map(|c| c.to_vec())
            .unwrap_or_default()
    }
}

impl Drop for Sat {
    /// Give this instance's clauses back to the budget's pool.
    fn drop(&mut self) {
        self.count.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// x1 ∨ x2, ¬x1: satisfiable, and unsatisfiable under the assumption ¬x2.
    fn small(budget: &Budget) -> (Sat, Lit, Lit) {
        let mut sat = Sat::new(budget);
        let (x1, x2) = (sat.lit(), sat.lit());
        sat.clause(&[x1, x2]);
        sat.clause(&[!x1]);
        (sat, x1, x2)
    }

    #[test]
    fn solve_until_in_time_leaves_the_instance_usable() {
        let (mut sat, _, x2) = small(&Budget::unlimited());
        let later = Instant::now() + Duration::from_secs(60);
        assert_eq!(sat.solve_until(&[!x2], later), Ok(false));
        assert_eq!(sat.solve(&[]), Ok(true));
        assert!(sat.value(x2));
    }

    #[test]
    fn solve_until_past_its_deadline_before_the_search_leaves_the_instance_usable() {
        let (mut sat, _, x2) = small(&Budget::unlimited());
        assert_eq!(sat.solve_until(&[], Instant::now()), Err(Stop::Deadline));
        assert!(!sat.is_stopped());
        assert_eq!(sat.solve(&[!x2]), Ok(false));
    }
}
