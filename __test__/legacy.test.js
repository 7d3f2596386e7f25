'use strict';
// fbas-sat/legacy against the engine it replaces, @stellarbeat/stellar_analysis_nodejs@0.6.2, in
// one process: on every shared real network, every method at every level (blocking sets without
// and with the faulty nodes), the same calls in the same order, and the JSON compared exactly —
// `cache_hit` included. At the country and ISP levels the legacy engine orders groups by its
// internal hashing, so there the lists are compared as sets (README: "What changes in meaning").

const path = require('path');
const legacy = require('@stellarbeat/stellar_analysis_nodejs/stellar_analysis');
const ours = require('../legacy');
const { clearCache } = require('..');
const { DATA, loadSnapshot } = require('./helpers');

const NETWORKS = [
  'stellarbeat/obsrvr_nodes_pubnet.json',
  'stellarbeat/stellarbeat_nodes_2019-09-17.json',
  'stellarbeat/stellarbeat_nodes_2020-01-16_broken_by_hand.json',
  'stellarbeat/stellarbeat_nodes_2020-06-12.json',
  'stellarbeat/stellarbeat_nodes_2025-11-13.json',
  'stellarbeat/top_tier_nodes_2024.json',
  'fbas_analyzer/broken.json',
  'fbas_analyzer/correct.json',
  'fbas_analyzer/mobilecoin_nodes_2021-10-22.json',
];

const LEVELS = [
  ['node', 0],
  ['organization', 1],
  ['country', 3],
  ['isp', 2],
];

/** The legacy engine's JSON with group order made irrelevant (country and ISP levels). */
function unordered(answer) {
  const sortDeep = (v) => {
    if (Array.isArray(v)) {
      const items = v.map(sortDeep);
      return items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortDeep(x)]));
    }
    return v;
  };
  return sortDeep(answer);
}

function quiet(f) {
  // The legacy engine logs its cache use on stdout.
  const log = console.log;
  console.log = () => {};
  try {
    return f();
  } finally {
    console.log = log;
  }
}

describe.each(NETWORKS)('%s', (file) => {
  const snapshot = loadSnapshot(path.join(DATA, file), file);
  // The legacy engine 0.6.2 aborts on `quorumSet: null`; such nodes are in no quorum.
  const nodes = JSON.stringify(snapshot.nodes.filter((n) => n.quorumSet !== null));
  const orgs = JSON.stringify(snapshot.organizations);
  const faulty = JSON.stringify(snapshot.faulty);

  test.each(LEVELS)('every method at %s level', (level, mergeBy) => {
    if (level === 'node') clearCache();
    const calls = [
      ['analyze_symmetric_top_tier', (e) => e.analyze_symmetric_top_tier(nodes, orgs, mergeBy)],
      ['analyze_minimal_quorums', (e) => e.analyze_minimal_quorums(nodes, orgs, mergeBy)],
      ['analyze_top_tier', (e) => e.analyze_top_tier(nodes, orgs, mergeBy)],
      ['analyze_minimal_blocking_sets', (e) => e.analyze_minimal_blocking_sets(nodes, orgs, '[]', mergeBy)],
      ['analyze_minimal_blocking_sets (faulty)', (e) => e.analyze_minimal_blocking_sets(nodes, orgs, faulty, mergeBy)],
      ['analyze_minimal_splitting_sets', (e) => e.analyze_minimal_splitting_sets(nodes, orgs, mergeBy)],
    ];
    const sameOrder = level === 'node' || level === 'organization';
    for (const [name, call] of calls) {
      const theirs = quiet(() => call(legacy));
      const mine = call(ours);
      const shown = (a) => (sameOrder ? a : unordered(a));
      expect({ call: name, answer: JSON.stringify(shown(mine)) }).toEqual({
        call: name,
        answer: JSON.stringify(shown(theirs)),
      });
    }
  });
});

describe('the legacy surface', () => {
  test('MergeBy has the legacy numbers', () => {
    expect(ours.MergeBy).toEqual(legacy.MergeBy);
  });

  test('bad input throws an Error naming the field, and the process lives on', () => {
    const bad = JSON.stringify([{ publicKey: 'GA', quorumSet: { threshold: -1, validators: [] } }]);
    expect(() => ours.analyze_top_tier(bad, '[]', ours.MergeBy.DoNotMerge)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: 'nodes[0] (GA).quorumSet.threshold' }),
    );
    expect(() => ours.analyze_top_tier('not json', '[]', 0)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => ours.analyze_top_tier('[]', '[]', 7)).toThrow(expect.objectContaining({ path: 'merge_by' }));
    expect(() => ours.analyze_top_tier(42, '[]', 0)).toThrow(expect.objectContaining({ path: 'json_fbas' }));
    expect(ours.analyze_top_tier('[]', '[]', 0)).toEqual({ top_tier: [], top_tier_size: 0, cache_hit: expect.any(Boolean) });
    expect(() => ours.init_panic_hook()).not.toThrow();
  });

  test('a text passed again is read again only when it differs: every answer is the one for the text given', () => {
    // fbas-sat reuses the text of the string last passed when the next one is === to it; the
    // answers must follow the strings exactly, however they alternate.
    const { nodes, organizations } = loadSnapshot(path.join(DATA, 'stellarbeat', 'stellarbeat_nodes_2025-11-13.json'));
    const a = nodes.filter((n) => n.quorumSet !== null);
    // b: one top-tier validator trusting only itself (a one-node quorum), so the top tier differs.
    const b = [...a];
    const topTier = legacy.analyze_top_tier(JSON.stringify(a), JSON.stringify(organizations), 0).top_tier;
    const victim = b.findIndex((n) => topTier.includes(n.publicKey));
    b[victim] = { ...b[victim], quorumSet: { threshold: 2, validators: [b[victim].publicKey], innerQuorumSets: [] } };
    const orgsText = JSON.stringify(organizations);
    const expected = (text) => legacy.analyze_top_tier(text, orgsText, 0).top_tier;
    const [textA, textB] = [JSON.stringify(a), JSON.stringify(b)];
    expect(expected(textA)).not.toEqual(expected(textB));
    for (const text of [textA, JSON.stringify(a), textB, textB, JSON.stringify(a), textB, textA]) {
      expect(ours.analyze_top_tier(text, orgsText, 0).top_tier).toEqual(expected(text));
      expect(ours.analyze_top_tier(text, '[]', 1).top_tier).toEqual(legacy.analyze_top_tier(text, '[]', 1).top_tier);
    }
    // A value that is not a string after a remembered string is still bad input.
    expect(() => ours.analyze_top_tier(42, orgsText, 0)).toThrow(expect.objectContaining({ path: 'json_fbas' }));
    expect(() => ours.analyze_top_tier(textA, 7, 0)).toThrow(expect.objectContaining({ path: 'json_orgs' }));
  });

  test('a call stops at its time budget and throws TIMEOUT', () => {
    const { hardNetwork } = require('./helpers');
    const { nodes: hard, organizations } = hardNetwork(40);
    clearCache();
    const previous = ours.setTimeBudget(50);
    try {
      const start = Date.now();
      expect(() =>
        ours.analyze_minimal_splitting_sets(JSON.stringify(hard), JSON.stringify(organizations), ours.MergeBy.Orgs),
      ).toThrow(expect.objectContaining({ code: 'TIMEOUT' }));
      expect(Date.now() - start).toBeLessThan(50 + 2000);
    } finally {
      ours.setTimeBudget(previous);
    }
    expect(previous).toBe(ours.DEFAULT_TIME_BUDGET_MS);
    expect(() => ours.setTimeBudget(-1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
