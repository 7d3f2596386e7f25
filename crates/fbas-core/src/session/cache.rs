//! A bounded cache of sessions, shared by every caller of a process (the legacy engine keeps one
//! too: a scan asks a dozen questions of one network, and the next scan usually sees the same
//! network again).
//!
//! A session is found by its input as given (the nodes' and organizations' JSON text, compared
//! whole), so a repeated call neither parses nor preprocesses again. Sessions on equal
//! *preprocessed* networks share their [`Results`]: two inputs that differ only in nodes the
//! preprocessing removes (watchers, nodes outside the core), in organizations or in names share
//! what does not depend on a grouping, as in the legacy engine (whose cache is keyed by the
//! preprocessed network); results that depend on a grouping are kept per grouping.
//!
//! Invariants: at most [`CacheLimits::max_networks`] sessions, and after every lookup at most
//! [`CacheLimits::max_bytes`] of inputs and kept results (the least recently used sessions are
//! dropped first; a caller holding a session keeps it alive until it is done with it).

use super::{Network, Results};
use crate::network::input::Input;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// How much a [`Cache`] may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheLimits {
    /// The most sessions (networks as given) kept.
    pub max_networks: usize,
    /// The most bytes kept (an estimate: the inputs' text, lists, witnesses, keys).
    pub max_bytes: usize,
}

impl Default for CacheLimits {
    /// 16 networks, 256 MiB: a scan's network and its recent variants. The largest real network
    /// so far keeps under 10 MB (its 13 608 minimal quorums included).
    fn default() -> Self {
        CacheLimits {
            max_networks: 16,
            max_bytes: 256 << 20,
        }
    }
}

/// What a cache holds now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub networks: usize,
    pub bytes: usize,
}

/// One kept session and the input text it was read from.
struct Entry {
    hash: u64,
    nodes: String,
    organizations: String,
    network: Arc<Network>,
}

/// Sessions by input, least recently used first out.
pub struct Cache {
    limits: Mutex<CacheLimits>,
    /// Most recently used last.
    entries: Mutex<Vec<Entry>>,
}

impl Cache {
    pub fn new(limits: CacheLimits) -> Cache {
        Cache {
            limits: Mutex::new(limits),
            entries: Mutex::new(Vec::new()),
        }
    }

    pub fn limits(&self) -> CacheLimits {
        *self.limits.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Change the limits (sessions over the new ones are dropped at once).
    pub fn set_limits(&self, limits: CacheLimits) {
        *self.limits.lock().unwrap_or_else(PoisonError::into_inner) = limits;
        evict(&mut self.lock(), limits);
    }

    /// Drop every session.
    pub fn clear(&self) {
        self.lock().clear();
    }

    pub fn stats(&self) -> CacheStats {
        let entries = self.lock();
        CacheStats {
            networks: entries.len(),
            bytes: bytes(&entries),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The session of the network given as JSON text (`read` turns the text into an input when
    /// it is not cached), and whether its preprocessed network was cached already (the legacy
    /// engine's `cache_hit`).
    pub fn session<E>(
        &self,
        nodes: &str,
        organizations: &str,
        read: impl FnOnce() -> Result<Input, E>,
    ) -> Result<(Arc<Network>, bool), E>
    where
        E: From<crate::network::input::InputError>,
    {
        let hash = text_hash(nodes, organizations);
        let limits = self.limits();
        if let Some(network) = self.find(hash, nodes, organizations) {
            return Ok((network, true));
        }
        // Read and preprocess without holding the lock: other calls go on meanwhile.
        let mut network = Network::new(read()?)?;
        let mut entries = self.lock();
        let shared = entries
            .iter()
            .find(|e| e.network.key == network.key)
            .map(|e| e.network.results.clone());
        let hit = shared.is_some();
        if let Some(results) = shared {
            network.results = results;
        }
        let network = Arc::new(network);
        entries.push(Entry {
            hash,
            nodes: nodes.to_string(),
            organizations: organizations.to_string(),
            network: network.clone(),
        });
        evict(&mut entries, limits);
        Ok((network, hit))
    }

    /// A kept session for exactly this text, made the most recently used.
    fn find(&self, hash: u64, nodes: &str, organizations: &str) -> Option<Arc<Network>> {
        let mut entries = self.lock();
        let i = entries
            .iter()
            .position(|e| e.hash == hash && e.nodes == nodes && e.organizations == organizations)?;
        let entry = entries.remove(i);
        let network = entry.network.clone();
        entries.push(entry);
        Some(network)
    }
}

/// A cheap discriminator of the input text: the lengths and up to [`HASHED_ENDS`] bytes at each
/// end of each text. Equal texts have equal hashes; a lookup compares the texts themselves, so a
/// collision (texts that differ in the middle only) costs one comparison, never a wrong session.
/// Hashing every byte cost more than the rest of a warm call on megabyte networks.
fn text_hash(nodes: &str, organizations: &str) -> u64 {
    let mut h = DefaultHasher::new();
    for text in [nodes, organizations] {
        let bytes = text.as_bytes();
        let n = bytes.len();
        n.hash(&mut h);
        bytes[..n.min(HASHED_ENDS)].hash(&mut h);
        bytes[n.saturating_sub(HASHED_ENDS)..].hash(&mut h);
    }
    h.finish()
}

/// How many bytes at each end of a text [`text_hash`] reads.
const HASHED_ENDS: usize = 4096;

/// The bytes the entries keep: their text, and each shared set of results once.
fn bytes(entries: &[Entry]) -> usize {
    let mut seen: HashSet<*const Results> = HashSet::new();
    entries
        .iter()
        .map(|e| {
            let results = match seen.insert(Arc::as_ptr(&e.network.results)) {
                true => e.network.results.bytes() + e.network.key.len(),
                false => 0,
            };
            e.nodes.len() + e.organizations.len() + results
        })
        .sum()
}

/// Drop least recently used sessions until the limits hold.
fn evict(entries: &mut Vec<Entry>, limits: CacheLimits) {
    while !entries.is_empty()
        && (entries.len() > limits.max_networks || bytes(entries) > limits.max_bytes)
    {
        entries.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    /// A stellarbeat text: `n` watchers trusting the three validators `C0`–`C2`, which stand in
    /// the middle of the list and trust each other, `C1` with threshold `t`.
    fn text(n: usize, t: usize) -> String {
        let qset = |threshold: usize| {
            format!(
                r#"{{"threshold":{threshold},"validators":["C0","C1","C2"],"innerQuorumSets":[]}}"#
            )
        };
        let node = |key: String, threshold: usize| {
            format!(r#"{{"publicKey":"{key}","quorumSet":{}}}"#, qset(threshold))
        };
        let watchers = |from: usize| (from..from + n / 2).map(move |i| node(format!("W{i:05}"), 2));
        let core = (0..3).map(|i| node(format!("C{i}"), if i == 1 { t } else { 2 }));
        let nodes: Vec<String> = watchers(0).chain(core).chain(watchers(n / 2)).collect();
        format!("[{}]", nodes.join(","))
    }

    #[test]
    fn texts_equal_at_both_ends_are_still_told_apart() {
        let (a, b) = (text(400, 2), text(400, 3));
        assert!(a.len() > 4 * HASHED_ENDS && a != b);
        assert_eq!(text_hash(&a, "[]"), text_hash(&b, "[]"));
        let cache = Cache::new(Default::default());
        let session = |t: &str| cache.session(t, "[]", || parse(t)).unwrap();
        let (first, hit) = session(&a);
        assert!(!hit);
        let (second, hit) = session(&b);
        assert!(!hit, "a different network is not a cache hit");
        let thresholds = |net: &Network| {
            let fbas = net.fbas();
            (0..fbas.len())
                .map(|v| fbas.qset(v).threshold)
                .collect::<Vec<_>>()
        };
        assert_eq!(thresholds(&first), [2, 2, 2]);
        assert_eq!(thresholds(&second), [2, 3, 2]);
        let (again, hit) = session(&a);
        assert!(hit && Arc::ptr_eq(&first, &again));
    }
}
