// Measurements in a fresh Web Worker: load an engine (not timed), then time the per-scan
// analysis of one network inside the worker, and post the times and the 18 values.
//   fbas-sat-web: analyzeNetwork, `reps` times in this worker: the first run is cold (the
//   engine's code not yet optimised by the browser), the others warm.
//   @stellarbeat/stellar_analysis_web@0.7.0: the backend's 18 calls once (it caches answers per
//   network, so a second run would measure its cache), each with its arguments JSON-stringified
//   as the explorer's worker does; a message after each call reports the values so far.
// Values are flattened as fbas-bench's results name them (`node.minBlockingSetSize`, ...).

const LEVELS = [
  ['node', 0],
  ['organization', 1],
  ['country', 3],
  ['isp', 2],
];

async function fbasSat({ nodes, faulty, organizations }, reps) {
  const engine = await import('/web/fbas_sat_web.js');
  await engine.default();
  self.postMessage({ started: true });
  const runsMs = [];
  let r;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    r = engine.analyzeNetwork(nodes, faulty, organizations);
    runsMs.push(performance.now() - start);
  }
  const values = {
    hasQuorumIntersection: r.hasQuorumIntersection,
    hasSymmetricTopTier: r.hasSymmetricTopTier,
  };
  for (const [level] of LEVELS) {
    values[`${level}.topTierSize`] = r[level].topTierSize;
    values[`${level}.minBlockingSetSize`] = r[level].blockingSetsMinSize;
    values[`${level}.minBlockingSetFilteredSize`] = r[level].blockingSetsFilteredMinSize;
    values[`${level}.minSplittingSetSize`] = r[level].splittingSetsMinSize;
  }
  return { runsMs, values, unknown: r.stopped !== null };
}

async function legacy({ nodes, faulty, organizations }) {
  const engine = await import('/legacy/stellar_analysis.js');
  await engine.default({ module_or_path: '/legacy/stellar_analysis_bg.wasm' });
  console.log = () => {}; // its progress lines
  self.postMessage({ started: true });
  const values = {};
  const call = (fn, ...args) => engine[fn](JSON.stringify(nodes), JSON.stringify(organizations), ...args);
  const record = (key, value) => {
    values[key] = value;
    self.postMessage({ calls: Object.keys(values).length, values });
  };
  const start = performance.now();
  record('hasSymmetricTopTier', call('analyze_symmetric_top_tier', 0).symmetric_top_tier !== null);
  record('hasQuorumIntersection', call('analyze_minimal_quorums', 0).quorum_intersection);
  for (const [level, merge] of LEVELS) record(`${level}.topTierSize`, call('analyze_top_tier', merge).top_tier_size);
  for (const [level, merge] of LEVELS) {
    record(`${level}.minBlockingSetSize`, call('analyze_minimal_blocking_sets', '[]', merge).min);
  }
  for (const [level, merge] of LEVELS) {
    const faultyJson = JSON.stringify(faulty);
    record(`${level}.minBlockingSetFilteredSize`, call('analyze_minimal_blocking_sets', faultyJson, merge).min);
  }
  for (const [level, merge] of LEVELS) {
    record(`${level}.minSplittingSetSize`, call('analyze_minimal_splitting_sets', merge).min);
  }
  return { runsMs: [performance.now() - start], values };
}

self.onmessage = async ({ data: { engine, network, reps } }) => {
  try {
    self.postMessage(await (engine === 'legacy' ? legacy(network) : fbasSat(network, reps)));
  } catch (e) {
    self.postMessage({ error: String(e.message ?? e) });
  }
};
