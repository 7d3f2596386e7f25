#!/usr/bin/env node
// The facade benchmark: the explorer backend's whole per-scan sequence of facade calls (as its
// FbasAnalyzerService and FbasMergedByAnalyzer make them: symmetric top tier and minimal quorums,
// then per level — nodes, organization, country, ISP — top tier, blocking sets without and with
// the faulty nodes, splitting sets: 18 calls, each with the backend's JSON.stringify of its
// arguments) on each real snapshot, through
//   - the legacy engine (@stellarbeat/stellar_analysis_nodejs@0.6.2),
//   - fbas-sat/legacy (the same synchronous calls),
//   - fbas-sat's FbasAnalyzer (the asynchronous port: the service's and the merged-by analyzer's
//     calls awaited together with Promise.all),
// and analyzeNetwork (the one call that replaces them), all in this process; and the backend's own
// share of the synchronous scans (its JSON.stringify calls), which no engine can save.
//
// "cold" is a network the engine has not seen (the legacy engine: a freshly loaded module, whose
// cache is empty; fbas-sat: its cache cleared), as on each new scan; "warm" the same network
// again (the legacy engine's cache and fbas-sat's holding it), as on a scan of an unchanged
// network. Each is the median of REPS runs.
//
//   node bench/facade.mjs [--out FILE] [--quick]
//
// Writes FILE (default bench/facade.json), which `fbas-bench report` turns into the "Through the
// backend's facade" section of BENCHMARKS.md; bench/run.sh calls it. Needs the addon built
// (npm run build). --quick: one run each.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const helpers = require('../__test__/helpers.js');
const fbas = require('../index.js');
const fbasLegacy = require('../legacy.js');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(helpers.ROOT, 'bench', 'facade.json');
const REPS = quick ? 1 : 5;
const LEGACY = '@stellarbeat/stellar_analysis_nodejs/stellar_analysis';

/** A freshly loaded legacy engine (its module instantiated anew: an empty cache). */
function freshLegacy() {
  for (const key of Object.keys(require.cache)) {
    if (key.includes('stellar_analysis_nodejs')) delete require.cache[key];
  }
  const engine = require(LEGACY);
  // The engine logs its cache use with console.log: keep it off the measurement.
  return engine;
}

/** The backend's 18 synchronous calls through a module with the legacy API. */
function legacyScan(engine, { nodes, organizations, faulty }) {
  const levels = [engine.MergeBy.DoNotMerge, engine.MergeBy.Orgs, engine.MergeBy.Countries, engine.MergeBy.ISPs];
  const json = (v) => JSON.stringify(v);
  engine.analyze_symmetric_top_tier(json(nodes), json(organizations), engine.MergeBy.DoNotMerge);
  engine.analyze_minimal_quorums(json(nodes), json(organizations), engine.MergeBy.DoNotMerge);
  for (const m of levels) {
    engine.analyze_top_tier(json(nodes), json(organizations), m);
    engine.analyze_minimal_blocking_sets(json(nodes), json(organizations), json([]), m);
    engine.analyze_minimal_blocking_sets(json(nodes), json(organizations), json(faulty), m);
    engine.analyze_minimal_splitting_sets(json(nodes), json(organizations), m);
  }
}

/** A module with the legacy API that does nothing: a scan through it is the backend's own share
 * of every scan above (the JSON.stringify of each call's arguments). */
const noEngine = {
  MergeBy: fbasLegacy.MergeBy,
  analyze_symmetric_top_tier() {},
  analyze_minimal_quorums() {},
  analyze_top_tier() {},
  analyze_minimal_blocking_sets() {},
  analyze_minimal_splitting_sets() {},
};

/** The same 18 calls through the asynchronous class, awaited as the ported service awaits them. */
async function asyncScan({ nodes, organizations, faulty }) {
  const analyzer = new fbas.FbasAnalyzer();
  const level = (m) =>
    Promise.all([
      analyzer.analyzeTopTier(nodes, organizations, m),
      analyzer.analyzeBlockingSets(nodes, [], organizations, m),
      analyzer.analyzeBlockingSets(nodes, faulty, organizations, m),
      analyzer.analyzeSplittingSets(nodes, organizations, m),
    ]);
  await Promise.all([
    Promise.all([
      analyzer.analyzeSymmetricTopTier(nodes, organizations, null),
      analyzer.analyzeMinimalQuorums(nodes, organizations, null),
    ]),
    level(null),
    level(fbas.MergeBy.ORGANIZATION),
    level(fbas.MergeBy.COUNTRY),
    level(fbas.MergeBy.ISP),
  ]);
}

async function time(f) {
  const start = performance.now();
  await f();
  return performance.now() - start;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

/** Cold and warm medians: `prepare` runs untimed before each cold run. */
async function coldWarm(prepare, run) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < REPS; i++) {
    const ctx = prepare();
    cold.push(await time(() => run(ctx)));
    warm.push(await time(() => run(ctx)));
  }
  return { coldMs: median(cold), warmMs: median(warm) };
}

function quietly(f) {
  return async (...a) => {
    const log = console.log;
    console.log = () => {};
    try {
      return await f(...a);
    } finally {
      console.log = log;
    }
  };
}

const rows = [];
for (const snapshot of helpers.stellarbeatSnapshots()) {
  // The legacy engine 0.6.2 aborts on `quorumSet: null`; such nodes are in no quorum, and
  // every engine gets the same nodes.
  const network = { ...snapshot, nodes: snapshot.nodes.filter((n) => n.quorumSet !== null) };
  // One untimed round each first: the code is loaded and compiled, as in a running backend.
  await quietly(() => legacyScan(freshLegacy(), network))();
  legacyScan(fbasLegacy, network);
  await asyncScan(network);
  const row = {
    name: snapshot.key,
    nodes: snapshot.nodes.length,
    withQuorumSet: network.nodes.length,
    legacy: await coldWarm(freshLegacy, quietly((engine) => legacyScan(engine, network))),
    fbasLegacy: await coldWarm(fbas.clearCache, () => legacyScan(fbasLegacy, network)),
    fbasAsync: await coldWarm(fbas.clearCache, () => asyncScan(network)),
    backend: await coldWarm(() => null, () => legacyScan(noEngine, network)),
    analyzeNetwork: await coldWarm(fbas.clearCache, () =>
      fbas.analyzeNetwork(network.nodes, network.faulty, network.organizations),
    ),
  };
  rows.push(row);
  process.stderr.write(`${row.name}: ${JSON.stringify(row)}\n`);
}

const commit = (() => {
  try {
    return process.env.FBAS_BENCH_COMMIT ?? execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
})();
const meta = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  commit,
  command: `node bench/facade.mjs${quick ? ' --quick' : ''}`,
  node: process.version,
  reps: REPS,
};
writeFileSync(out, JSON.stringify({ meta, rows }, null, 1) + '\n');
process.stderr.write(`wrote ${out}\n`);
