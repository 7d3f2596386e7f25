// The real browser test: headless Chromium opens tests/web/page/, which analyses the bundled
// 2025-11-13 snapshot with fbas-sat-web in a Web Worker. The 18 values it shows must be the
// native addon's; switching a validator off must change them to what the native addon answers
// for the network without it; a running analysis must be cancellable while the page stays
// responsive. The screenshot is kept in tests/web/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launch, ROOT, serve } from './browser.mjs';

const require = createRequire(import.meta.url);
const native = require('../..');
const nativeLegacy = require('../../legacy.js');
const helpers = require('../../__test__/helpers.js');

const LEVELS = ['node', 'organization', 'country', 'isp'];
const VALUES = ['topTierSize', 'blockingSetsMinSize', 'blockingSetsFilteredMinSize', 'splittingSetsMinSize'];
const ARTIFACTS = join(ROOT, 'tests', 'web', 'artifacts');

const read = (file) => JSON.parse(readFileSync(join(helpers.DATA, 'stellarbeat', file), 'utf8'));
const nodes = read('stellarbeat_nodes_2025-11-13.json');
const organizations = read('stellarbeat_organizations_2025-11-13.json');

/** The native addon's answer for the snapshot without the `off` validators, as the page shows it. */
async function expected(off) {
  const network = nodes.filter((n) => !off.includes(n.publicKey));
  const faulty = network.filter((n) => n.isValidating === false).map((n) => n.publicKey);
  const r = await native.analyzeNetwork(network, faulty, organizations);
  const shown = {
    hasQuorumIntersection: String(r.hasQuorumIntersection),
    hasSymmetricTopTier: String(r.hasSymmetricTopTier),
    status: r.status,
  };
  for (const level of LEVELS) for (const v of VALUES) shown[`${level}.${v}`] = String(r[level][v]);
  return { shown, result: r };
}

let server;
let browser;
let page;
const pageErrors = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Wait for the page's `runs`-th analysis and read every value it shows. */
async function shownAfter(runs) {
  await page.waitForSelector(`body[data-state="done"][data-runs="${runs}"]`, { timeout: 120000 });
  return page.$$eval('[data-value]', (cells) =>
    Object.fromEntries(cells.map((c) => [c.dataset.value, c.textContent])),
  );
}

test('the page shows the 18 values of the snapshot, computed in a worker, as the native addon', async () => {
  await page.goto(`${server.url}/page/index.html`);
  const shown = await shownAfter(1);
  assert.equal(Object.keys(shown).length, 18 + 1);
  assert.deepEqual(shown, (await expected([])).shown);
  assert.deepEqual(pageErrors, []);
});

test('switching a validator off changes the values to the native answer without it', async () => {
  const before = await shownAfter(1);
  const { result } = await expected([]);
  // A member of a smallest quorum is in the top tier: without it the top tier changes.
  const off = result.witnesses.minQuorum[0];
  const want = await expected([off]);
  assert.notDeepEqual(want.shown, before);
  await page.uncheck(`input[data-key="${off}"]`);
  const after = await shownAfter(2);
  assert.deepEqual(after, want.shown);
  await page.screenshot({ path: join(ARTIFACTS, 'page-2025-11-13-one-validator-off.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
});

test('a running analysis is cancelled at once, the page stays responsive, the worker answers again', async () => {
  const hard = helpers.pythonFbasNetwork('almost_symmetric_network_24_orgs');
  const small = { nodes: helpers.facadeNodes(), organizations: helpers.facadeOrganizations() };
  const outcome = await page.evaluate(
    async ({ hard, small }) => {
      const { AnalysisWorker } = await import('/web/analysis_worker.js');
      const worker = new AnalysisWorker();
      const controller = new AbortController();
      const running = worker.analyzeNetwork(hard.nodes, [], hard.organizations, {
        timeoutMs: 60000,
        signal: controller.signal,
      });
      const waiting = worker.analyzeNetwork(small.nodes, ['GAA'], small.organizations);
      // The main thread keeps its timers while the worker computes.
      let gap = 0;
      let last = performance.now();
      const ticker = setInterval(() => {
        gap = Math.max(gap, performance.now() - last);
        last = performance.now();
      }, 10);
      await new Promise((r) => setTimeout(r, 1500));
      clearInterval(ticker);
      const abortedAt = performance.now();
      controller.abort();
      const code = await running.then(() => 'answered', (e) => e.code);
      const settledAfterMs = performance.now() - abortedAt;
      const next = await waiting;
      // The legacy calls run in the same worker.
      const [nodes, orgs] = [JSON.stringify(small.nodes), JSON.stringify(small.organizations)];
      const legacy = [
        await worker.analyze_top_tier(nodes, orgs, 1),
        await worker.analyze_minimal_blocking_sets(nodes, orgs, '["GAA"]', 0),
      ];
      return { code, settledAfterMs, gap, next, legacy };
    },
    { hard, small },
  );
  assert.equal(outcome.code, 'ABORTED');
  assert.ok(outcome.settledAfterMs < 100, `settled ${outcome.settledAfterMs} ms after the abort`);
  assert.ok(outcome.gap < 250, `the page's timers stalled for ${outcome.gap} ms`);
  const native_ = await native.analyzeNetwork(small.nodes, ['GAA'], small.organizations);
  assert.deepEqual(outcome.next.node, native_.node);
  assert.deepEqual(outcome.next.organization, native_.organization);
  const [nodes, orgs] = [JSON.stringify(small.nodes), JSON.stringify(small.organizations)];
  const expected = [nativeLegacy.analyze_top_tier(nodes, orgs, 1), nativeLegacy.analyze_minimal_blocking_sets(nodes, orgs, '["GAA"]', 0)];
  assert.deepEqual(
    outcome.legacy.map((a) => ({ ...a, cache_hit: undefined })),
    expected.map((a) => ({ ...a, cache_hit: undefined })),
  );
});
