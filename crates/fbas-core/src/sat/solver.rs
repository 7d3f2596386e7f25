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

use crate::budget::{Budget, Stop};
use std::io;
use varisat::{ExtendFormula, Lit, ProofFormat, Solver};

pub use varisat::Lit as SatLit;

/// How many clauses are added between two budget checks while encoding.
const CHECK_EVERY: usize = 1024;

/// Proof sink that turns a spent budget into an I/O error, so varisat returns from `solve`.
struct BudgetWriter {
    budget: Budget,
}

impl io::Write for BudgetWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.budget.check() {
            Some(_) => Err(io::Error::other("budget spent")),
            None => Ok(buf.len()),
        }
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
}

impl Sat {
    pub fn new(budget: &Budget) -> Sat {
        let mut solver = Solver::new();
        if budget.deadline.is_some() || budget.cancel.is_some() {
            solver.write_proof(
                BudgetWriter {
                    budget: budget.clone(),
                },
                ProofFormat::Varisat,
            );
        }
        let true_lit = solver.new_lit();
        solver.add_clause(&[true_lit]);
        Sat {
            solver,
            budget: budget.clone(),
            true_lit,
            model: Vec::new(),
            stopped: budget.check(),
            vars: 1,
            clauses: 1,
        }
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
        if self
            .budget
            .max_clauses
            .is_some_and(|cap| self.clauses > cap)
        {
            self.stopped = Some(Stop::ClauseCap);
            return;
        }
        if self.clauses.is_multiple_of(CHECK_EVERY) {
            self.stopped = self.budget.check();
            if self.stopped.is_some() {
                return;
            }
        }
        self.solver.add_clause(lits);
    }

    /// `a → b`.
    pub fn implies(&mut self, a: Lit, b: Lit) {
        self.clause(&[!a, b]);
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
            self.stopped = Some(why);
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
                // The proof writer failed: the budget was found spent mid-search.
                let why = self.budget.check().unwrap_or(Stop::Deadline);
                self.stopped = Some(why);
                Err(why)
            }
        }
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
