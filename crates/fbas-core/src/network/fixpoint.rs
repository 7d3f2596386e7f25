//! The greatest quorum inside a set of nodes, kept up to date while nodes are taken out.
//!
//! The greatest quorum inside a set S is what is left of S after repeatedly dropping the
//! members whose quorum set the remaining members do not satisfy (unique: the union of two
//! quorums inside S is a quorum inside S). Taking one more node out can make other members'
//! sets fail, which takes them out too: a cascade. [`Fixpoint`] keeps, for every interned
//! quorum set, how many of its entries are satisfied (validators still inside, inner sets
//! still satisfied), so a cascade costs the entries it touches instead of passes over the whole
//! network (the greedy shrinks try one removal per node: on a ring of n watchers each trusting
//! the next, n passes of n rounds each before). Changes since a [`Fixpoint::mark`] can be
//! undone, which is how a shrink takes back a removal that went too far.
//!
//! Invariant (between calls): `inside` is the greatest quorum inside the starting set minus
//! the nodes removed and not given back, and `count[s]` is the number of entries of set `s`
//! satisfied by `inside`.

use crate::network::quorum_set::{NodeId, QsetArena, QsetId};

/// Who refers to what, the reverse of the quorum sets: built once per network.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Per node, the sets listing it as a validator (once per occurrence).
    in_sets: Vec<Vec<QsetId>>,
    /// Per set, the sets listing it as an inner set (once per occurrence).
    parents: Vec<Vec<QsetId>>,
    /// Per set, the nodes whose quorum set it is.
    users: Vec<Vec<NodeId>>,
}

impl Listing {
    /// The listing of the network whose node `v` has quorum set `qsets[v]` in `arena`.
    pub fn of(arena: &QsetArena, qsets: &[QsetId]) -> Listing {
        let sets = arena.len();
        let mut listing = Listing {
            in_sets: vec![vec![]; qsets.len()],
            parents: vec![vec![]; sets],
            users: vec![vec![]; sets],
        };
        for s in 0..sets {
            let q = arena.get(s);
            for &v in &q.validators {
                listing.in_sets[v].push(s);
            }
            for &i in &q.inner {
                listing.parents[i].push(s);
            }
        }
        for (v, &s) in qsets.iter().enumerate() {
            listing.users[s].push(v);
        }
        listing
    }
}

/// One change to undo: a node taken out, or one entry of a set no longer satisfied.
#[derive(Debug, Clone, Copy)]
enum Change {
    Out(NodeId),
    Entry(QsetId),
}

/// The greatest quorum inside a set, under removals (see the module documentation).
#[derive(Debug)]
pub struct Fixpoint<'a> {
    arena: &'a QsetArena,
    listing: &'a Listing,
    inside: Vec<bool>,
    len: usize,
    count: Vec<usize>,
    log: Vec<Change>,
    /// Changes made since the cascade of the initial set ended, undone ones included.
    steps: usize,
    /// Sets whose entries are to be counted down (a work list, kept to reuse its memory).
    pending: Vec<QsetId>,
}

impl<'a> Fixpoint<'a> {
    /// The greatest quorum inside `set` (one pass over the quorum sets, then the cascade), in
    /// the network whose node `v` has quorum set `qsets[v]` in `arena` and is listed as
    /// `listing` says.
    pub fn inside(
        arena: &'a QsetArena,
        qsets: &[QsetId],
        listing: &'a Listing,
        set: &[bool],
    ) -> Fixpoint<'a> {
        // Inner sets have smaller ids than the sets listing them, so one pass in id order.
        let mut count = vec![0; arena.len()];
        for s in 0..arena.len() {
            let q = arena.get(s);
            count[s] = q.validators.iter().filter(|&&v| set[v]).count()
                + q.inner.iter().filter(|&&i| count[i] >= arena.get(i).threshold).count();
        }
        let mut fixpoint = Fixpoint {
            arena,
            listing,
            inside: set.to_vec(),
            len: set.iter().filter(|&&b| b).count(),
            count,
            log: vec![],
            steps: 0,
            pending: vec![],
        };
        for (v, &q) in qsets.iter().enumerate() {
            if fixpoint.inside[v] && !fixpoint.satisfied(q) {
                fixpoint.remove(v);
            }
        }
        fixpoint.log.clear();
        fixpoint.steps = 0;
        fixpoint
    }

    fn satisfied(&self, s: QsetId) -> bool {
        self.count[s] >= self.arena.get(s).threshold
    }

    /// Take `v` out (if inside) and every member whose quorum set then fails, recursively.
    pub fn remove(&mut self, v: NodeId) {
        self.cascade(v, None);
    }

    /// The cascade of taking `v` out; false if it took `watch` out too, where it stops halfway
    /// (for [`Fixpoint::undo`] only).
    fn cascade(&mut self, v: NodeId, watch: Option<NodeId>) -> bool {
        if !self.inside[v] {
            return true;
        }
        let listing = self.listing;
        let mut out = vec![v];
        self.take_out(v);
        while let Some(w) = out.pop() {
            if Some(w) == watch {
                self.pending.clear();
                return false;
            }
            self.pending.extend_from_slice(&listing.in_sets[w]);
            while let Some(s) = self.pending.pop() {
                let was = self.satisfied(s);
                self.count[s] -= 1;
                self.record(Change::Entry(s));
                if was && !self.satisfied(s) {
                    self.pending.extend_from_slice(&listing.parents[s]);
                    for &u in &listing.users[s] {
                        if self.inside[u] {
                            self.take_out(u);
                            out.push(u);
                        }
                    }
                }
            }
        }
        true
    }

    fn take_out(&mut self, v: NodeId) {
        self.inside[v] = false;
        self.len -= 1;
        self.record(Change::Out(v));
    }

    /// Log a change for [`Fixpoint::undo`], and count it in [`Fixpoint::steps`].
    fn record(&mut self, change: Change) {
        self.log.push(change);
        self.steps += 1;
    }

    /// The work done by the removals since this was built: how many changes they made,
    /// undone ones included (an undo costs as much as what it gives back).
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// A point to come back to with [`Fixpoint::undo`].
    pub fn mark(&self) -> usize {
        self.log.len()
    }

    /// Give back everything removed since `mark`.
    pub fn undo(&mut self, mark: usize) {
        for change in self.log.drain(mark..).rev() {
            match change {
                Change::Out(v) => {
                    self.inside[v] = true;
                    self.len += 1;
                }
                Change::Entry(s) => self.count[s] += 1,
            }
        }
    }

    /// Take `u` out as [`Fixpoint::remove`] does, unless that takes `v` out too (then the
    /// cascade stops there and everything is given back).
    pub fn remove_keeping(&mut self, u: NodeId, v: NodeId) {
        let mark = self.mark();
        if !self.cascade(u, Some(v)) {
            self.undo(mark);
        }
    }

    /// Take `u` out as [`Fixpoint::remove`] does, unless that leaves no quorum (then everything
    /// is given back).
    pub fn remove_unless_emptied(&mut self, u: NodeId) {
        let mark = self.mark();
        self.remove(u);
        if self.is_empty() {
            self.undo(mark);
        }
    }

    /// Whether the greatest quorum is a minimal quorum: non-empty, and taking out any one member
    /// leaves no quorum inside.
    pub fn is_minimal(&mut self) -> bool {
        let members: Vec<NodeId> = (0..self.inside.len()).filter(|&v| self.inside[v]).collect();
        !members.is_empty() && members.into_iter().all(|v| self.needs(v))
    }

    /// Whether taking `v` out leaves no quorum inside (every quorum inside contains `v`); the
    /// cascade is given back either way.
    pub fn needs(&mut self, v: NodeId) -> bool {
        let mark = self.mark();
        self.remove(v);
        let none_left = self.is_empty();
        self.undo(mark);
        none_left
    }

    pub fn contains(&self, v: NodeId) -> bool {
        self.inside[v]
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The greatest quorum as a membership vector.
    pub fn members(&self) -> &[bool] {
        &self.inside
    }

    pub fn into_members(self) -> Vec<bool> {
        self.inside
    }
}
