#!/usr/bin/env node
// The browser benchmark: the per-scan analysis of each real snapshot in headless Chromium, by
// fbas-sat-web (web/, built by `npm run build:web`) and by @stellarbeat/stellar_analysis_web@0.7.0
// (the explorer's current engine, its 18 calls) on the same page, in fresh Web Workers
// (bench/browser/engine_worker.js), the engine loaded before the clock starts. fbas-sat-web runs
// REPS + 1 times in one worker: the first run is "cold" (as a page's first analysis, before the
// browser has optimised the engine's code), the median of the others "warm" (as every later
// analysis in the explorer's long-lived worker). The legacy engine caches answers per network,
// so each of its runs gets a fresh worker, and its time is the median of those runs.
//
//   node bench/browser.mjs [--out FILE] [--quick]
//
// Writes FILE (default bench/browser.json), which `fbas-bench report` turns into the "In the
// browser" section of BENCHMARKS.md. bench/run.sh calls it. --quick: two runs of fbas-sat-web,
// one of the legacy engine, legacy budget 10 s.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launch, ROOT, serve } from '../tests/web/browser.mjs';

const require = createRequire(import.meta.url);
const helpers = require('../__test__/helpers.js');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(ROOT, 'bench', 'browser.json');
const LEGACY_BUDGET_S = quick ? 10 : 60;
const REPS = quick ? 1 : 5;
/** fbas-sat-web gets no budget of its own: the page would wait as long as it takes. */
const OURS_BUDGET_S = 600;

const NETWORKS = [
  ...helpers.stellarbeatSnapshots(),
  helpers.loadSnapshot(join(helpers.DATA, 'fbas_analyzer', 'mobilecoin_nodes_2021-10-22.json'), 'fbas_analyzer/mobilecoin_nodes_2021-10-22.json'),
];

/** Measurements in a fresh worker; `{ timeout: true, calls, values }` (the values known) when
 * the budget ran out. */
function measure(page, engine, network, budgetS, reps = 1) {
  return page.evaluate(
    ({ engine, network, budgetMs, reps }) =>
      new Promise((resolve) => {
        const worker = new Worker('/bench/engine_worker.js', { type: 'module' });
        let progress = { calls: 0 };
        let timer = null;
        const end = (outcome) => {
          clearTimeout(timer);
          worker.terminate();
          resolve(outcome);
        };
        worker.onerror = (e) => end({ error: e.message ?? 'the worker failed' });
        worker.onmessage = ({ data }) => {
          if (data.started) timer = setTimeout(() => end({ timeout: true, ...progress }), budgetMs);
          else if (data.calls) progress = data;
          else end(data);
        };
        worker.postMessage({ engine, network, reps });
      }),
    { engine, network, budgetMs: budgetS * 1000, reps },
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** fbas-sat-web: cold and warm, in one worker. */
async function ours(page, network) {
  const m = await measure(page, 'fbas-sat-web', network, OURS_BUDGET_S, REPS + 1);
  if (m.timeout || m.error) return m;
  const [coldMs, ...warm] = m.runsMs;
  return { coldMs, ms: median(warm), runsMs: m.runsMs, values: m.values, unknown: m.unknown };
}

/** The legacy engine: up to REPS fresh workers (one when a run takes over 5 s or times out). */
async function legacy(page, network) {
  const runs = [];
  for (let i = 0; i < REPS; i++) {
    const m = await measure(page, 'legacy', network, LEGACY_BUDGET_S);
    if (m.timeout || m.error) return m;
    runs.push(m.runsMs[0]);
    if (m.runsMs[0] > 5000) return { ms: m.runsMs[0], runsMs: runs, values: m.values };
    if (i === REPS - 1) return { ms: median(runs), runsMs: runs, values: m.values };
  }
}

const server = await serve();
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/bench/index.html`);
  const rows = [];
  for (const n of NETWORKS) {
    const network = { nodes: n.nodes, faulty: n.faulty, organizations: n.organizations };
    const row = { name: n.key, nodes: n.nodes.length, fbas: await ours(page, network) };
    row.legacy = await legacy(page, network);
    rows.push(row);
    const show = (m) => (m.timeout ? `timeout (${m.calls}/18 calls)` : m.error ?? `${m.ms.toFixed(1)} ms`);
    console.error(`${n.key}: fbas-sat-web ${show(row.fbas)} warm, legacy web ${show(row.legacy)}`);
  }
  const git = (...a) => execFileSync('git', ['-C', ROOT, ...a], { encoding: 'utf8' }).trim();
  let commit = process.env.FBAS_BENCH_COMMIT;
  if (!commit) {
    commit = git('rev-parse', '--short', 'HEAD');
    if (git('status', '--porcelain', '--', 'web', 'crates', 'bench/browser')) commit += ' + working tree';
  }
  const meta = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    commit,
    command: `node bench/browser.mjs ${args.join(' ')}`.trim(),
    browser: `Chromium ${browser.version()} (headless)`,
    reps: REPS,
    legacyBudgetS: LEGACY_BUDGET_S,
  };
  writeFileSync(out, `${JSON.stringify({ meta, rows }, null, 1)}\n`);
  console.error(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
