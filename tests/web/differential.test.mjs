// The browser package (web/, fbas-core compiled to wasm32, one thread) against the native Node
// addon (the same core, parallel) in one Node process: on every shared real network the five
// legacy functions give the same JSON as fbas-sat/legacy at every level, and analyzeNetwork the
// same values; the wasm build honours its budgets, refuses bad input with a path, and survives
// hostile input and traps. Run by `npm run test:web` after `npm run build:web`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as web from '../../web/fbas_sat_web.js';

const { initSync, analyzeNetwork } = web;

const require = createRequire(import.meta.url);
const native = require('../..');
const nativeLegacy = require('../../legacy.js');
const helpers = require('../../__test__/helpers.js');

initSync({ module: readFileSync(join(helpers.ROOT, 'web', 'fbas_sat_web_bg.wasm')) });

/** Every shared network in stellarbeat's node format that comes from a real network. */
function realNetworks() {
  const dirs = ['stellarbeat', 'fbas_analyzer', join('python-fbas', 'small')];
  return dirs.flatMap((dir) =>
    readdirSync(join(helpers.DATA, dir))
      .filter((f) => f.endsWith('.json') && !f.includes('organizations'))
      .sort()
      .map((f) => helpers.loadSnapshot(join(helpers.DATA, dir, f), `${dir}/${f}`)),
  );
}

/**
 * A report as far as it must equal another build's: everything but the wall times and the
 * witnesses, of which only the sizes are kept. The solver may pick another smallest set on
 * another platform (varisat reuses variables in hash order, and the hash depends on the pointer
 * width); the core re-checks every witness before reporting it.
 */
function comparable(report) {
  const { timingsMs, witnesses, ...rest } = report;
  assert.equal(typeof timingsMs, 'object');
  const sizes = (byLevel, size = (set) => set.length) =>
    Object.fromEntries(Object.entries(byLevel ?? {}).map(([level, set]) => [level, size(set)]));
  return {
    ...rest,
    witnesses: {
      disjointQuorums: witnesses.disjointQuorums !== undefined,
      minQuorum: witnesses.minQuorum?.length,
      blockingSet: sizes(witnesses.blockingSet),
      blockingSetFiltered: sizes(witnesses.blockingSetFiltered),
      splittingSet: sizes(witnesses.splittingSet, (w) => w.set.length),
    },
  };
}

const networks = realNetworks();

test('the package and the repository have one version', () => {
  const web = JSON.parse(readFileSync(join(helpers.ROOT, 'web', 'package.json'), 'utf8'));
  const root = JSON.parse(readFileSync(join(helpers.ROOT, 'package.json'), 'utf8'));
  assert.equal(web.version, root.version);
});

test('analyzeNetwork: the same values and witness sizes as the native addon on every real network', async (t) => {
  assert.ok(networks.length >= 20, `${networks.length} networks`);
  for (const n of networks) {
    await t.test(n.key, async () => {
      const start = performance.now();
      const wasm = analyzeNetwork(n.nodes, n.faulty, n.organizations);
      const ms = performance.now() - start;
      const node = await native.analyzeNetwork(n.nodes, n.faulty, n.organizations);
      assert.deepEqual(comparable(wasm), comparable(node));
      assert.equal(wasm.stopped, null);
      t.diagnostic(`${n.key}: wasm ${ms.toFixed(1)} ms`);
    });
  }
});

const LEVELS = [web.MergeBy.DoNotMerge, web.MergeBy.Orgs, web.MergeBy.Countries, web.MergeBy.ISPs];
const FUNCTIONS = [
  ['analyze_minimal_quorums', false],
  ['analyze_minimal_blocking_sets', true],
  ['analyze_minimal_splitting_sets', false],
  ['analyze_top_tier', false],
  ['analyze_symmetric_top_tier', false],
];

test('MergeBy has the legacy numbers', () => {
  assert.deepEqual({ ...web.MergeBy }, { ...nativeLegacy.MergeBy });
});

test('the five legacy functions: the same JSON as fbas-sat/legacy on every real snapshot and level', async (t) => {
  // python-fbas' small/ variants are left out: on the sybil ones the lists of minimal quorums
  // take longer than a test should to enumerate.
  for (const n of networks.filter((network) => !network.key.startsWith('python-fbas/'))) {
    await t.test(n.key, () => {
      const fbas = JSON.stringify(n.nodes);
      const orgs = JSON.stringify(n.organizations);
      const faulty = JSON.stringify(n.faulty);
      for (const level of LEVELS) {
        for (const [name, takesFaulty] of FUNCTIONS) {
          const args = takesFaulty ? [fbas, orgs, faulty, level] : [fbas, orgs, level];
          // cache_hit says what each engine's own cache held before the call.
          const { cache_hit: a, ...mine } = web[name](...args);
          const { cache_hit: b, ...theirs } = nativeLegacy[name](...args);
          assert.equal(typeof a, typeof b);
          assert.deepEqual(mine, theirs, `${name} at MergeBy ${web.MergeBy[level]}`);
        }
      }
    });
  }
});

test('a time budget stops an analysis: TIMEOUT, or with partial the values known', () => {
  const { nodes, organizations } = helpers.pythonFbasNetwork('almost_symmetric_network_24_orgs');
  for (const timeoutMs of [0, 300]) {
    const start = performance.now();
    const result = analyzeNetwork(nodes, [], organizations, { timeoutMs, partial: true });
    const late = performance.now() - start - timeoutMs;
    assert.equal(result.stopped, 'deadline');
    assert.equal(result.interrupted, 'TIMEOUT');
    assert.equal(result.complete, false);
    assert.equal(result.node.splittingSetsMinSize, null);
    assert.ok(late < Math.max(100, timeoutMs / 10) + 200, `settled ${late.toFixed(0)} ms late`);
  }
  assert.throws(() => analyzeNetwork(nodes, [], organizations, { timeoutMs: 100 }), (e) => e.code === 'TIMEOUT');
  const capped = analyzeNetwork(nodes, [], organizations, { maxClauses: 500, timeoutMs: 20000, partial: true });
  assert.equal(capped.stopped, 'clause-cap');
  const previous = web.setTimeBudget(100);
  try {
    const fbas = JSON.stringify(nodes);
    const orgs = JSON.stringify(organizations);
    assert.throws(() => web.analyze_minimal_splitting_sets(fbas, orgs, web.MergeBy.DoNotMerge), (e) => e.code === 'TIMEOUT');
  } finally {
    web.setTimeBudget(previous);
  }
  assert.equal(previous, web.DEFAULT_TIME_BUDGET_MS);
});

test('bad input and bad options are INVALID_INPUT with a path', () => {
  const bad = (f, path) => assert.throws(f, (e) => e.code === 'INVALID_INPUT' && e.path === path);
  const q = { threshold: -1, validators: ['GA'], innerQuorumSets: [] };
  bad(() => analyzeNetwork([{ publicKey: 'GA', quorumSet: q }], [], []), 'nodes[0] (GA).quorumSet.threshold');
  bad(() => analyzeNetwork({ publicKey: 'GA' }, [], []), 'nodes');
  bad(() => analyzeNetwork([], [], [], { timeoutMs: -1 }), 'options.timeoutMs');
  bad(() => analyzeNetwork([], [], [], { maxClauses: 0.5 }), 'options.maxClauses');
  bad(() => analyzeNetwork([], [], [], 'fast'), 'options');
  bad(() => web.analyze_top_tier([], '[]', web.MergeBy.Orgs), 'json_fbas');
  bad(() => web.analyze_top_tier('[]', '[]', 7), 'merge_by');
  bad(() => web.analyze_minimal_blocking_sets('[]', '[]', '[1]', web.MergeBy.Orgs), 'faultyNodes[0]');
});

test('hostile input: an answer or INVALID_INPUT, and the module keeps answering', async () => {
  let deep = { threshold: 1, validators: ['GA'], innerQuorumSets: [] };
  for (let i = 0; i < 10000; i++) deep = { threshold: 1, validators: [], innerQuorumSets: [deep] };
  let cyclic = { publicKey: 'GA' };
  cyclic.quorumSet = { threshold: 1, validators: ['GA'], innerQuorumSets: [cyclic] };
  const thresholds = [0, 1e15, 2 ** 53].map((threshold) => ({
    publicKey: `GT${threshold}`,
    quorumSet: { threshold, validators: ['GA', 'GB'], innerQuorumSets: [] },
  }));
  const many = Array.from({ length: 5000 }, (_, i) => ({
    publicKey: `GM${i}`,
    quorumSet: { threshold: 1, validators: [`GM${(i + 1) % 5000}`], innerQuorumSets: [] },
  }));
  const cases = [
    [[{ publicKey: 'GA', quorumSet: deep }], 'INVALID_INPUT'],
    [thresholds, null],
    [many, null],
    [[{ publicKey: 'GA', quorumSet: null }, { publicKey: 'GA', quorumSet: null }], 'INVALID_INPUT'],
    ['not a list', 'INVALID_INPUT'],
    [[cyclic], 'INVALID_INPUT'],
    [[{ publicKey: 'GA', quorumSet: { threshold: 1n } }], 'INVALID_INPUT'],
    [undefined, 'INVALID_INPUT'],
  ];
  for (const [nodes, code] of cases) {
    let thrown = null;
    try {
      analyzeNetwork(nodes, ['GA', 'unknown'], [], { timeoutMs: 2000, partial: true });
    } catch (e) {
      thrown = e.code;
    }
    assert.equal(thrown, code);
  }
  const n = networks.find((network) => network.key.endsWith('2025-11-13.json'));
  assert.deepEqual(
    comparable(analyzeNetwork(n.nodes, n.faulty, n.organizations)),
    comparable(await native.analyzeNetwork(n.nodes, n.faulty, n.organizations)),
  );
});

test('a trap inside the module is an INTERNAL error, and a fresh instance answers the next call', async () => {
  // A host import that throws unwinds through the module mid-analysis, as a panic's trap does.
  const n = networks.find((network) => network.key.endsWith('2025-11-13.json'));
  const now = performance.now;
  performance.now = () => {
    throw new Error('the clock broke');
  };
  try {
    assert.throws(
      () => analyzeNetwork(n.nodes, n.faulty, n.organizations, { timeoutMs: 1000 }),
      (e) => e.code === 'INTERNAL' && e.message.includes('the clock broke'),
    );
  } finally {
    performance.now = now;
  }
  assert.deepEqual(
    comparable(analyzeNetwork(n.nodes, n.faulty, n.organizations)),
    comparable(await native.analyzeNetwork(n.nodes, n.faulty, n.organizations)),
  );
});
