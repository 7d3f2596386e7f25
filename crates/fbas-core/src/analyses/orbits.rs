//! Minimal sets up to interchangeable nodes: the engine of the direct searches.
//!
//! Swapping two interchangeable nodes (same quorum set, same appearances in every quorum set:
//! [`symmetry_breaking::interchangeable`]) maps the network onto itself, so the minimal sets of
//! any property defined from the network alone come in orbits. Every orbit has exactly one
//! *prefix-form* member: within each class (nodes in increasing order), the set holds the first
//! k nodes. [`Orbits::minimal`] visits the prefix-form sets level by level (by size), skipping
//! those that contain a set already found, and keeps those with the property: each is minimal
//! (a proper subset with the property would contain a smaller minimal set, whose prefix-form
//! representative, found earlier, it would contain too: containing a prefix-form set is
//! containing its orbit's shape). [`Orbits::for_each_image`] then lists each orbit.
//!
//! For a property that holds for every superset of a set that has it (containing a quorum,
//! blocking), [`Orbits::minimal_monotone`] needs no order and no look-up of the sets found: a
//! prefix-form set with the property is minimal iff it loses the property without the last node
//! of any one class it meets (without any other node of that class it is the same up to a
//! swap), and sets with the property are not grown further.
//!
//! Both are exhaustive over the prefix-form sets without the property that contain no
//! representative, so their cost is that number: small when the core is small or made of a few
//! interchangeable classes (every real network so far), large otherwise; an [`Effort`]
//! allowance bounds it.

use crate::budget::{Budget, Stop};
use crate::network::bitset::NodeSet;
use crate::network::fbas::Fbas;
use crate::network::quorum_set::NodeId;
use crate::sat::symmetry_breaking;
use std::ops::ControlFlow;

/// Why a direct search stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Halt {
    /// The time budget ran out or the caller cancelled.
    Stopped(Stop),
    /// The search used up its allowance (see [`Effort`]): another method should be used.
    OutOfEffort,
}

/// Work units a direct search may spend (one per set it visits or generates, and what its
/// checks spend: [`crate::analyses::direct`] spends one per quorum set evaluated), and the
/// budget, checked every 256 calls of [`Effort::spend`] or [`Effort::tick`] (each call follows
/// at most one check of a set, a fixpoint over at most [`NodeSet::CAPACITY`] nodes).
pub struct Effort<'a> {
    left: Option<u64>,
    spent: u64,
    budget: &'a Budget,
    until_check: u32,
}

impl<'a> Effort<'a> {
    /// `allowance`: the most units to spend (`None`: no bound but the budget).
    pub fn new(allowance: Option<u64>, budget: &'a Budget) -> Effort<'a> {
        Effort {
            left: allowance,
            spent: 0,
            budget,
            until_check: 0,
        }
    }

    /// The units spent so far.
    pub fn spent(&self) -> u64 {
        self.spent
    }

    /// Spend `units` of the allowance (and [`Effort::tick`]).
    pub fn spend(&mut self, units: u64) -> Result<(), Halt> {
        self.spent += units;
        if let Some(left) = &mut self.left {
            *left = left.checked_sub(units).ok_or(Halt::OutOfEffort)?;
        }
        self.tick()
    }

    /// One step of work that spends no allowance (listing what was found, which the caller's
    /// limit bounds): the budget is checked every 256 steps.
    pub fn tick(&mut self) -> Result<(), Halt> {
        if self.until_check == 0 {
            self.until_check = 256;
            if let Some(stop) = self.budget.check() {
                return Err(Halt::Stopped(stop));
            }
        }
        self.until_check -= 1;
        Ok(())
    }
}

/// The classes of interchangeable nodes inside a domain, singletons included. Two nodes of the
/// domain that are interchangeable in the network are interchangeable within the domain too
/// (their swap maps the domain onto itself), so a property of the sets inside the domain that is
/// defined from the network and the domain is invariant under swaps within these classes.
#[derive(Debug, Clone)]
pub struct Orbits {
    /// Each class's nodes in increasing order.
    classes: Vec<Vec<NodeId>>,
    masks: Vec<NodeSet>,
    /// Per node, its class (`usize::MAX` outside the domain).
    class_of: Vec<usize>,
}

/// Representatives found by [`Orbits::minimal`], each with what the property returned for it.
pub struct Representatives<W> {
    pub sets: Vec<(NodeSet, W)>,
    /// False when the orbits found hold more than the caller's limit of sets.
    pub complete: bool,
}

impl Orbits {
    /// The classes of `fbas`'s interchangeable nodes within `domain`.
    pub fn new(fbas: &Fbas, domain: NodeSet) -> Orbits {
        let mut class_of = vec![usize::MAX; fbas.len()];
        let mut classes: Vec<Vec<NodeId>> = Vec::new();
        for class in symmetry_breaking::interchangeable(fbas, |v| domain.contains(v)) {
            if domain.contains(class[0]) {
                for &v in &class {
                    class_of[v] = classes.len();
                }
                classes.push(class);
            }
        }
        for v in domain.iter() {
            if class_of[v] == usize::MAX {
                class_of[v] = classes.len();
                classes.push(vec![v]);
            }
        }
        let masks = classes.iter().map(|c| NodeSet::of(c)).collect();
        Orbits {
            classes,
            masks,
            class_of,
        }
    }

    /// The nodes of `v`'s class (empty outside the domain).
    pub fn class_mask(&self, v: NodeId) -> NodeSet {
        match self.class_of.get(v) {
            Some(&c) if c != usize::MAX => self.masks[c],
            _ => NodeSet::EMPTY,
        }
    }

    /// The number of sets in the orbit of the prefix-form `set` (saturating).
    pub fn orbit_size(&self, set: NodeSet) -> u128 {
        self.masks.iter().fold(1u128, |size, &m| {
            size.saturating_mul(binomial(m.len(), (set & m).len()))
        })
    }

    /// The minimal prefix-form sets for which the monotone `property` holds, until their orbits
    /// hold more than `limit` sets. `property` must be invariant under swapping interchangeable
    /// nodes and hold for every superset of a set it holds for.
    pub fn minimal_monotone(
        &self,
        limit: usize,
        effort: &mut Effort,
        mut property: impl FnMut(NodeSet, &mut Effort) -> Result<bool, Halt>,
    ) -> Result<Representatives<()>, Halt> {
        let mut found = Vec::new();
        let mut total: u128 = 0;
        // Each set with the first class it may still grow in (as in `minimal`), depth first.
        let mut stack: Vec<(NodeSet, usize)> = vec![(NodeSet::EMPTY, 0)];
        while let Some((set, from)) = stack.pop() {
            effort.spend(1)?;
            if !property(set, effort)? {
                for (c, class) in self.classes.iter().enumerate().skip(from) {
                    if let Some(&w) = class.get((set & self.masks[c]).len()) {
                        stack.push((set | NodeSet::single(w), c));
                    }
                }
                continue;
            }
            let mut minimal = true;
            for (c, class) in self.classes.iter().enumerate() {
                let k = (set & self.masks[c]).len();
                if k > 0 {
                    effort.spend(1)?;
                    if property(set - NodeSet::single(class[k - 1]), effort)? {
                        minimal = false;
                        break;
                    }
                }
            }
            if minimal {
                found.push((set, ()));
                total = total.saturating_add(self.orbit_size(set));
                if total > limit as u128 {
                    return Ok(Representatives {
                        sets: found,
                        complete: false,
                    });
                }
            }
        }
        Ok(Representatives {
            sets: found,
            complete: true,
        })
    }

    /// The minimal prefix-form sets for which `property` returns `Some`, smallest first, until
    /// their orbits hold more than `limit` sets. `property` must be invariant under swapping
    /// interchangeable nodes; it may spend `effort` itself.
    pub fn minimal<W>(
        &self,
        limit: usize,
        effort: &mut Effort,
        mut property: impl FnMut(NodeSet, &mut Effort) -> Result<Option<W>, Halt>,
    ) -> Result<Representatives<W>, Halt> {
        let mut found: Vec<(NodeSet, W)> = Vec::new();
        // Per node, the representatives containing it.
        let mut containing: Vec<Vec<usize>> = vec![Vec::new(); self.class_of.len()];
        let mut total: u128 = 0;
        // Each set with the first class it may still grow in and the node it grew by last: a
        // set is generated once, from the set without the last node of its last non-empty
        // class, which contains no representative (so one inside the set contains that node).
        let mut level: Vec<(NodeSet, usize, Option<NodeId>)> = vec![(NodeSet::EMPTY, 0, None)];
        while !level.is_empty() {
            let mut next = Vec::new();
            for (set, from, last) in level {
                // Every representative smaller than `set` is known by now.
                if let Some(w) = last {
                    effort.spend(1 + containing[w].len() as u64 / 32)?;
                    if containing[w].iter().any(|&r| found[r].0.is_subset(set)) {
                        continue;
                    }
                }
                effort.spend(1)?;
                if let Some(witness) = property(set, effort)? {
                    for v in set.iter() {
                        containing[v].push(found.len());
                    }
                    found.push((set, witness));
                    total = total.saturating_add(self.orbit_size(set));
                    if total > limit as u128 {
                        return Ok(Representatives {
                            sets: found,
                            complete: false,
                        });
                    }
                    continue;
                }
                let before = next.len();
                for (c, class) in self.classes.iter().enumerate().skip(from) {
                    if let Some(&w) = class.get((set & self.masks[c]).len()) {
                        next.push((set | NodeSet::single(w), c, Some(w)));
                    }
                }
                // The next level is kept whole: generating a set costs as much as testing one.
                effort.spend((next.len() - before) as u64)?;
            }
            level = next;
        }
        Ok(Representatives {
            sets: found,
            complete: true,
        })
    }

    /// Call `f` with every set of the orbit of the prefix-form `set` and a permutation of the
    /// nodes (an automorphism: `map[v]` is v's image) taking `set` to it, until `f` breaks.
    pub fn for_each_image(
        &self,
        set: NodeSet,
        mut f: impl FnMut(NodeSet, &[NodeId]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let mut map: Vec<NodeId> = (0..self.class_of.len()).collect();
        // Only classes the set meets partly have more than one image; the rest stays as it is.
        let mut fixed = set;
        let mut varying = Vec::new();
        for (c, &mask) in self.masks.iter().enumerate() {
            let k = (set & mask).len();
            if k > 0 && k < self.classes[c].len() {
                varying.push((c, k));
                fixed = fixed - mask;
            }
        }
        self.images(fixed, &varying, &mut map, &mut f)
    }

    /// The images of the `varying` classes (each with the number of nodes the set has in it),
    /// added to `partial`.
    fn images(
        &self,
        partial: NodeSet,
        varying: &[(usize, usize)],
        map: &mut Vec<NodeId>,
        f: &mut impl FnMut(NodeSet, &[NodeId]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let Some((&(c, k), rest)) = varying.split_first() else {
            return f(partial, map);
        };
        let class = &self.classes[c];
        // The chosen positions: a k-combination of 0..class.len(), in lexicographic order.
        let mut chosen: Vec<usize> = (0..k).collect();
        loop {
            // The first k nodes go to the chosen ones, the others to the rest, in order.
            let mut image = partial;
            let (mut next_chosen, mut next_other) = (0, k);
            for (p, &v) in class.iter().enumerate() {
                if chosen.get(next_chosen) == Some(&p) {
                    map[class[next_chosen]] = v;
                    image = image | NodeSet::single(v);
                    next_chosen += 1;
                } else {
                    map[class[next_other]] = v;
                    next_other += 1;
                }
            }
            self.images(image, rest, map, f)?;
            // Next combination.
            let Some(i) = (0..k).rev().find(|&i| chosen[i] < class.len() - k + i) else {
                break;
            };
            chosen[i] += 1;
            for j in i + 1..k {
                chosen[j] = chosen[j - 1] + 1;
            }
        }
        for &v in class {
            map[v] = v;
        }
        ControlFlow::Continue(())
    }
}

/// n choose k, saturating.
fn binomial(n: usize, k: usize) -> u128 {
    let k = k.min(n - k);
    let mut acc: u128 = 1;
    for i in 0..k {
        // C(n, i) * (n - i) is a multiple of i + 1: the division is exact.
        match acc.checked_mul((n - i) as u128) {
            Some(x) => acc = x / (i as u128 + 1),
            None => return u128::MAX,
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomials() {
        assert_eq!(binomial(5, 0), 1);
        assert_eq!(binomial(5, 2), 10);
        assert_eq!(binomial(7, 5), 21);
        assert_eq!(binomial(3, 3), 1);
    }
}
