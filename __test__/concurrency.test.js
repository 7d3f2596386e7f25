'use strict';
// Concurrency, cancellation and robustness: analyses run on the libuv thread pool while the
// event loop keeps ticking; timeouts and aborts stop them mid-analysis; bad input rejects
// without harming the process.
const { getEventListeners } = require('events');
const { analyzeNetwork, FbasAnalyzer, clearCache } = require('..');
const { stellarbeatSnapshots, legacyRecords, hardNetwork, facadeNodes } = require('./helpers');

/**
 * Starts `launch()`'s calls and awaits them all, with a 5 ms interval ticking meanwhile. Returns
 * their values, how long starting them held the JS thread (`launchMs`: the conversion of their
 * inputs, and all of the work if the engine ran on the main thread) and the largest gap between
 * ticks while they were in flight afterwards (`largestGapMs`).
 */
async function inFlight(launch) {
  // Start from a collected heap (when node runs with --expose-gc, as `npm run test:js` does), so
  // that a collection owed to the data loaded before does not land inside the measurement.
  if (global.gc) global.gc();
  let last = performance.now();
  let largestGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    largestGapMs = Math.max(largestGapMs, now - last);
    last = now;
  }, 5);
  try {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const start = performance.now();
    const pending = launch();
    last = performance.now();
    const launchMs = last - start;
    largestGapMs = 0;
    const value = await Promise.all(pending);
    return { value, launchMs, largestGapMs, elapsedMs: performance.now() - start };
  } finally {
    clearInterval(timer);
  }
}

/** Listing this network's minimal quorums (millions of them) takes far longer than any budget
 * here, however fast the engine's searches get. */
const endless = hardNetwork(30);
const listAll = (options) =>
  new FbasAnalyzer().analyzeMinimalQuorums(endless.nodes, endless.organizations, null, options);

function values(result) {
  const out = { q: result.hasQuorumIntersection, s: result.hasSymmetricTopTier };
  for (const level of ['node', 'organization', 'country', 'isp']) out[level] = result[level];
  return out;
}

function legacyValues(legacy) {
  const out = { q: legacy.hasQuorumIntersection, s: legacy.hasSymmetricTopTier };
  for (const level of ['node', 'organization', 'country', 'isp']) {
    out[level] = {
      topTierSize: legacy[level].topTierSize,
      blockingSetsMinSize: legacy[level].minBlockingSetSize,
      blockingSetsFilteredMinSize: legacy[level].minBlockingSetFilteredSize,
      splittingSetsMinSize: legacy[level].minSplittingSetSize,
    };
  }
  return out;
}

describe('concurrency', () => {
  test('20 analyses in flight resolve correctly while the event loop keeps ticking', async () => {
    const snapshots = stellarbeatSnapshots();
    const records = legacyRecords();
    const hard = hardNetwork(16);
    const expectedHard = values(await analyzeNetwork(hard.nodes, [], hard.organizations));
    clearCache(); // each call below computes its answer again
    // Beside them, one call that works on the thread pool for its whole budget.
    const budgetMs = 2000;
    const { value, launchMs, largestGapMs, elapsedMs } = await inFlight(() => [
      listAll({ timeoutMs: budgetMs }).then(
        () => 'finished',
        (e) => e.code,
      ),
      ...Array.from({ length: 20 }, (_, i) => {
        if (i % 2 === 0) return analyzeNetwork(hard.nodes, [], hard.organizations).then((r) => ['hard', r]);
        const s = snapshots[i % snapshots.length];
        return analyzeNetwork(s.nodes, s.faulty, s.organizations).then((r) => [s.key, r]);
      }),
    ]);
    const [listing, ...results] = value;
    expect(listing).toBe('TIMEOUT');
    for (const [key, result] of results) {
      expect(values(result)).toEqual(key === 'hard' ? expectedHard : legacyValues(records[key]));
    }
    process.stdout.write(
      `\n20 analyses and a ${budgetMs} ms listing in flight: ${elapsedMs.toFixed(0)} ms in all; ` +
        `starting them held the JS thread ${launchMs.toFixed(1)} ms (their inputs' conversion), ` +
        `largest event-loop gap afterwards ${largestGapMs.toFixed(1)} ms\n`,
    );
    // An engine on the main thread would hold the event loop for the listing's whole budget,
    // at the start or later. (Bounded by a quarter of it, not by a few milliseconds: the
    // conversion of 21 inputs takes 20-60 ms here, and more on a loaded machine.)
    expect(Math.max(launchMs, largestGapMs)).toBeLessThan(budgetMs / 4);
  });
});

describe('timeout and abort', () => {
  test('timeoutMs rejects with TIMEOUT mid-analysis', async () => {
    const start = performance.now();
    const error = await listAll({ timeoutMs: 300 }).catch((e) => e);
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
    expect(error.code).toBe('TIMEOUT');
    expect(performance.now() - start).toBeLessThan(3000);
  });

  test('an AbortSignal rejects with ABORTED mid-analysis', async () => {
    const controller = new AbortController();
    const pending = listAll({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const abortedAt = performance.now();
    controller.abort();
    const error = await pending.catch((e) => e);
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
    expect(error.code).toBe('ABORTED');
    expect(performance.now() - abortedAt).toBeLessThan(2000);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('an already aborted signal rejects at once', async () => {
    const error = await new FbasAnalyzer()
      .analyzeTopTier(facadeNodes(), [], null, { signal: AbortSignal.abort() })
      .catch((e) => e);
    expect(error.code).toBe('ABORTED');
  });

  test('aborting many queued analyses rejects them all', async () => {
    const controller = new AbortController();
    const pending = Array.from({ length: 8 }, () =>
      listAll({ signal: controller.signal }).catch((e) => e.code),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    expect(await Promise.all(pending)).toEqual(Array(8).fill('ABORTED'));
  });

  test('a reused signal keeps no listeners after its calls settle', async () => {
    const controller = new AbortController();
    const analyzer = new FbasAnalyzer();
    for (let i = 0; i < 30; i++) {
      await analyzer.analyzeTopTier(facadeNodes(), [], null, { signal: controller.signal });
    }
    await analyzeNetwork(facadeNodes(), [], [], { signal: controller.signal, timeoutMs: 10000 });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('partial: true resolves with the exact values known and null for the rest', async () => {
    const medium = hardNetwork(20);
    const start = performance.now();
    const full = await analyzeNetwork(medium.nodes, [], medium.organizations);
    // A quarter of what the whole analysis takes (the engine's speed changes; the test must not).
    const timeoutMs = Math.max(1, Math.floor((performance.now() - start) / 4));
    clearCache(); // what the first call computed would be answered at once
    const partial = await analyzeNetwork(medium.nodes, [], medium.organizations, { timeoutMs, partial: true });
    expect(partial.complete).toBe(false);
    expect(partial.interrupted).toBe('TIMEOUT');
    let unknown = 0;
    for (const level of ['node', 'organization', 'country', 'isp']) {
      for (const [field, value] of Object.entries(partial[level])) {
        if (value === null) unknown++;
        else expect([level, field, value]).toEqual([level, field, full[level][field]]);
      }
    }
    for (const field of ['hasQuorumIntersection', 'hasSymmetricTopTier']) {
      if (partial[field] !== null) expect(partial[field]).toBe(full[field]);
    }
    expect(unknown).toBeGreaterThan(0);
  });

  test('partial: true with an aborted signal marks the answer ABORTED', async () => {
    clearCache();
    const partial = await analyzeNetwork(endless.nodes, [], endless.organizations, {
      signal: AbortSignal.abort(),
      partial: true,
    });
    expect(partial.complete).toBe(false);
    expect(partial.interrupted).toBe('ABORTED');
    expect(partial.node.splittingSetsMinSize).toBeNull();
  });
});

describe('bad input', () => {
  const q = { threshold: 1, validators: ['GAA'], innerQuorumSets: [] };
  const node = (fields) => ({ publicKey: 'GAA', name: null, quorumSet: q, geoData: null, isp: null, ...fields });
  let deep = { threshold: 1, validators: ['GAA'], innerQuorumSets: [] };
  for (let i = 0; i < 40; i++) deep = { threshold: 1, validators: [], innerQuorumSets: [deep] };
  let veryDeep = { threshold: 1, validators: ['GAA'], innerQuorumSets: [] };
  for (let i = 0; i < 100000; i++) veryDeep = { threshold: 1, validators: [], innerQuorumSets: [veryDeep] };
  const cyclic = node({});
  cyclic.quorumSet = { threshold: 1, validators: [], innerQuorumSets: [] };
  cyclic.quorumSet.innerQuorumSets.push(cyclic.quorumSet);

  // [what, nodes, organizations, expected message fragment]
  const cases = [
    ['nodes not an array', { publicKey: 'GAA' }, [], 'nodes: must be an array'],
    ['nodes missing', undefined, [], 'nodes: is missing'],
    ['a node not an object', [node({}), 7], [], 'nodes[1]: a node must be an object'],
    ['missing publicKey', [node({}), { quorumSet: q }], [], 'nodes[1]: missing `publicKey`'],
    ['publicKey not a string', [node({ publicKey: 12 })], [], 'nodes[0].publicKey: must be a string'],
    ['duplicate publicKey', [node({}), node({})], [], 'nodes[1] (GAA): duplicate public key GAA'],
    ['negative threshold', [node({ quorumSet: { ...q, threshold: -1 } })], [], 'nodes[0] (GAA).quorumSet.threshold'],
    ['fractional threshold', [node({ quorumSet: { ...q, threshold: 1.5 } })], [], 'nodes[0] (GAA).quorumSet.threshold'],
    ['string threshold', [node({ quorumSet: { ...q, threshold: '1' } })], [], 'nodes[0] (GAA).quorumSet.threshold'],
    ['NaN threshold', [node({ quorumSet: { ...q, threshold: NaN } })], [], 'nodes[0] (GAA).quorumSet.threshold'],
    ['missing threshold', [node({ quorumSet: { validators: [] } })], [], 'nodes[0] (GAA).quorumSet.threshold: missing'],
    ['validators not an array', [node({ quorumSet: { ...q, validators: 'GAA' } })], [], 'nodes[0] (GAA).quorumSet.validators'],
    ['validator not a string', [node({ quorumSet: { ...q, validators: [1] } })], [], 'nodes[0] (GAA).quorumSet.validators[0]'],
    ['name not a string', [node({ name: 5 })], [], 'nodes[0] (GAA).name'],
    ['geoData not an object', [node({ geoData: 'NL' })], [], 'nodes[0] (GAA).geoData'],
    ['quorum sets nested too deeply', [node({ quorumSet: deep })], [], 'nested deeper than 32'],
    ['quorum sets nested far too deeply', [node({ quorumSet: veryDeep })], [], 'nodes'],
    ['a cyclic quorum set', [cyclic], [], 'circular'],
    ['a BigInt threshold', [node({ quorumSet: { ...q, threshold: 1n } })], [], 'BigInt'],
    ['organizations not an array', [node({})], { id: 'x' }, 'organizations: must be an array'],
    ['organization validators not strings', [node({})], [{ id: 'o', name: 'o', validators: [3] }], 'organizations[0] (o).validators[0]'],
  ];

  test.each(cases)('%s rejects with INVALID_INPUT', async (what, nodes, organizations, fragment) => {
    for (const call of [
      () => new FbasAnalyzer().analyzeTopTier(nodes, organizations, null),
      () => analyzeNetwork(nodes, [], organizations),
    ]) {
      const error = await call().catch((e) => e);
      expect(Object.prototype.toString.call(error)).toBe('[object Error]');
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain(fragment);
    }
  });

  test('bad faultyNodes, mergeBy and options reject with INVALID_INPUT', async () => {
    const analyzer = new FbasAnalyzer();
    const nodes = facadeNodes();
    const rejections = [
      [() => analyzeNetwork(nodes, 'GAA', []), 'faultyNodes'],
      [() => analyzeNetwork(nodes, ['GAA', 5], []), 'faultyNodes[1]'],
      [() => analyzer.analyzeTopTier(nodes, [], 'COUNTRIES'), 'mergeBy'],
      [() => analyzer.analyzeTopTier(nodes, [], 3), 'mergeBy'],
      [() => analyzer.analyzeTopTier(nodes, [], null, 'fast'), 'options'],
      [() => analyzer.analyzeTopTier(nodes, [], null, { timeoutMs: -5 }), 'options.timeoutMs'],
      [() => analyzer.analyzeTopTier(nodes, [], null, { timeoutMs: 'soon' }), 'options.timeoutMs'],
      [() => analyzer.analyzeTopTier(nodes, [], null, { maxSets: 0 }), 'options.maxSets'],
      [() => analyzer.analyzeTopTier(nodes, [], null, { maxSets: 2.5 }), 'options.maxSets'],
      [() => analyzer.analyzeTopTier(nodes, [], null, { maxClauses: 0 }), 'options.maxClauses'],
      [() => analyzer.analyzeTopTier(nodes, [], null, { maxClauses: -1 }), 'options.maxClauses'],
      [() => analyzer.analyzeTopTier(nodes, [], null, { maxClauses: '1e6' }), 'options.maxClauses'],
      [() => analyzer.analyzeTopTier(nodes, [], null, { partial: 'yes' }), 'options.partial'],
      [() => analyzer.analyzeTopTier(nodes, [], null, { signal: {} }), 'options.signal'],
    ];
    for (const [call, fragment] of rejections) {
      const error = await call().catch((e) => e);
      expect([fragment, error.code]).toEqual([fragment, 'INVALID_INPUT']);
      expect(error.message).toContain(fragment);
      expect(error.path ?? fragment).toContain(fragment.split('[')[0]);
    }
  });

  test('the error names the node and field in `path`', async () => {
    const nodes = [...facadeNodes(), { publicKey: 'GDD', quorumSet: { threshold: -2, validators: [] } }];
    const error = await analyzeNetwork(nodes, [], []).catch((e) => e);
    expect(error.path).toBe('nodes[3] (GDD).quorumSet.threshold');
  });

  test('after all that, the process analyses as before', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 ? analyzeNetwork([{ publicKey: 5 }], [], []).catch((e) => e.code) : analyzeNetwork(facadeNodes(), [], []),
      ),
    );
    for (let i = 0; i < results.length; i++) {
      if (i % 2) expect(results[i]).toBe('INVALID_INPUT');
      else expect(results[i].node.topTierSize).toBe(3);
    }
  });
});
