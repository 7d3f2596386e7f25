'use strict';
// The Node process never dies. Each test spawns a fresh `node` that loads the package
// and runs a script; the parent checks the child's exit (no crash, no signal) and its report.
//
// 1. Every adversarial case at once: all of them in flight together (10 000 nodes with 9 000
//    watchers, 10 000-deep nesting, odd thresholds, duplicates, self-only sets, everyone faulty,
//    empty and non-array input, cyclic and BigInt values, ~50 MB of JSON, timeouts and aborts of
//    a hard network), each with its expected answer or rejection code; then the process must
//    still answer correctly, and promptly (an aborted analysis frees its thread).
// 2. 1 000 analyses in one process: RSS after a warm-up and after the 1 000, both after a GC,
//    must stay within RSS_TOLERANCE_MB.
// 3. timeoutMs through the Node API on the hardest network of tests/data (python-fbas'
//    24-organization almost-symmetric one): the promise settles within 10 % or 100 ms of the
//    deadline.
const { spawn } = require('child_process');
const path = require('path');
const { analyzeNetwork } = require('..');
const { facadeNodes, facadeOrganizations, pythonFbasNetwork } = require('./helpers');

const ROOT = path.resolve(__dirname, '..');
// Measured: +5–6 MB over the first 1 000 after the warm-up (the allocator's per-thread heaps
// filling up). With glibc's allocator, before fbas-alloc: +6 MB, then a plateau about +18 MB
// above the warm-up from 4 000 analyses on (16 000 tried).
const RSS_TOLERANCE_MB = 20;

/** Run `script` in a child `node` (with --expose-gc); resolve with its exit and report line. */
function runChild(script, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, FBAS_ROOT: ROOT },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not finish in ${timeoutMs} ms (a hang)\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
      resolve({ code, signal, stdout, stderr, report: line ? JSON.parse(line.slice(7)) : null });
    });
  });
}

// The child's side: shared helpers, then each test's own part.
const PRELUDE = String.raw`
'use strict';
const { analyzeNetwork, FbasAnalyzer } = require(process.env.FBAS_ROOT);
const { hardNetwork, facadeNodes } = require(process.env.FBAS_ROOT + '/__test__/helpers.js');
const qs = (threshold, validators, innerQuorumSets = []) => ({ threshold, validators, innerQuorumSets });
const node = (publicKey, quorumSet, extra = {}) =>
  ({ publicKey, name: publicKey, quorumSet, geoData: { countryName: 'Germany' }, isp: 'Hetzner', ...extra });
const triangle = () => ['GA', 'GB', 'GC'].map((k) => node(k, qs(2, ['GA', 'GB', 'GC'])));
function topTier(orgs) {
  const inner = [];
  const organizations = [];
  const keys = [];
  for (let o = 0; o < orgs; o++) {
    const v = [0, 1, 2].map((i) => 'GTOP' + String(o).padStart(3, '0') + 'V' + i);
    keys.push(...v);
    inner.push(qs(2, v));
    organizations.push({ id: 'org' + o, name: 'Org ' + o, validators: v });
  }
  const q = qs(Math.ceil((orgs * 2) / 3) + 1, [], inner);
  return { keys, q, organizations, nodes: keys.map((k) => node(k, q)) };
}
const mb = () => process.memoryUsage().rss / 1048576;
function report(obj) { process.stdout.write('\nREPORT ' + JSON.stringify(obj) + '\n'); }
process.on('unhandledRejection', (e) => { report({ fatal: 'unhandledRejection: ' + e }); process.exit(3); });
`;

const EVERYTHING_AT_ONCE = String.raw`
function watchers() {
  const t = topTier(7);
  const nodes = [...t.nodes];
  for (let i = 0; i < 979; i++) nodes.push(node('GVAL' + i, qs(t.q.threshold, ['GVAL' + i], t.q.innerQuorumSets)));
  for (let i = 0; i < 9000; i++) {
    const next = 'GW' + ((i + 1) % 9000);
    const q = [null, t.q, qs(1, [next]), qs(2, [next, 'GVAL' + (i % 979)], [t.q]), qs(1, ['GNOBODY']), qs(0, [])][i % 6];
    nodes.push(node('GW' + i, q));
  }
  return { nodes, organizations: t.organizations };
}
function deep(depth) {
  let q = qs(1, ['GA']);
  for (let i = 1; i < depth; i++) q = qs(1, [], [q]);
  return q;
}
function fiftyMegabytes() {
  const t = topTier(7);
  const filler = 'x'.repeat(1400);
  const bulky = (i) => ({ host: 'node-' + i + '.example.org', historyUrl: 'https://h.example.org/' + i + '/' + filler,
    statistics: { active30DaysPercentage: 99.9, lagMsAvg: [1, 2, 3, 4, 5, 6, 7, 8] }, versionStr: 'stellar-core 22.1.0' });
  const nodes = t.nodes.map((n, i) => ({ ...n, ...bulky(i) }));
  for (let i = 0; i < 1000; i++) nodes.push(node('GVAL' + i, t.q, bulky(i)));
  for (let i = 0; i < 20000; i++) nodes.push(node('GWATCHER' + i, i % 3 ? t.q : null, bulky(i)));
  return { nodes, organizations: t.organizations };
}
const cyclic = node('GA', qs(1, []));
cyclic.quorumSet.innerQuorumSets.push(cyclic.quorumSet);
// Listing this network's minimal quorums (millions of them) outlasts every budget here.
const hard = hardNetwork(30);
const listAll = (options) => new FbasAnalyzer().analyzeMinimalQuorums(hard.nodes, hard.organizations, null, options);
const withD = (threshold) => [...triangle(), node('GD', qs(threshold, ['GA', 'GB', 'GD']))];
const exactTriangle = (r) => r.status === 'intersecting' && r.node.topTierSize === 3 && r.minQuorumSize === 2;

const aborter = new AbortController();
const big = fiftyMegabytes();
const cases = [
  ['10 000 nodes, 9 000 watchers', () => { const w = watchers(); return analyzeNetwork(w.nodes, [], w.organizations); },
    (r) => r.status === 'intersecting' && r.node.topTierSize === 21 && r.organization.blockingSetsMinSize === 2],
  ['about 50 MB of JSON', () => analyzeNetwork(big.nodes, [], big.organizations),
    (r) => r.status === 'intersecting' && r.node.topTierSize === 21],
  ['nesting 10 000 deep', () => analyzeNetwork([node('GA', deep(10000))], [], []), 'INVALID_INPUT'],
  ['nesting 33 deep', () => analyzeNetwork([node('GA', deep(33))], [], []), 'INVALID_INPUT'],
  ['nesting 32 deep', () => analyzeNetwork([node('GA', deep(32))], [], []), (r) => r.status === 'no-quorum'],
  ['threshold 0', () => analyzeNetwork(withD(0), [], []), exactTriangle],
  ['threshold -1', () => analyzeNetwork(withD(-1), [], []), 'INVALID_INPUT'],
  ['threshold 1.5', () => analyzeNetwork(withD(1.5), [], []), 'INVALID_INPUT'],
  ['threshold 2^53', () => analyzeNetwork(withD(2 ** 53), [], []), exactTriangle],
  ['threshold 2^53 + 2', () => analyzeNetwork(withD(2 ** 53 + 2), [], []), 'INVALID_INPUT'],
  ['threshold above the member count', () => analyzeNetwork(withD(4), [], []), exactTriangle],
  ['threshold NaN', () => analyzeNetwork(withD(NaN), [], []), 'INVALID_INPUT'],
  ['threshold Infinity', () => analyzeNetwork(withD(Infinity), [], []), 'INVALID_INPUT'],
  ['threshold a BigInt', () => analyzeNetwork(withD(2n), [], []), 'INVALID_INPUT'],
  ['threshold a string', () => analyzeNetwork(withD('2'), [], []), 'INVALID_INPUT'],
  ['duplicate public keys', () => analyzeNetwork([...triangle(), node('GA', null)], [], []), 'INVALID_INPUT'],
  ['a validator listed twice', () => analyzeNetwork([node('GA', qs(2, ['GA', 'GA', 'GB'])), node('GB', qs(1, ['GA']))], [], []),
    (r) => r.status === 'no-quorum'],
  ['self-only quorum sets', () => analyzeNetwork(['GA', 'GB', 'GC'].map((k) => node(k, qs(1, [k]))), [], []),
    (r) => r.status === 'no-quorum' && r.hasQuorumIntersection === false],
  ['every node faulty', () => analyzeNetwork(triangle(), ['GA', 'GB', 'GC'], []),
    (r) => r.node.blockingSetsFilteredMinSize === 0 && r.node.blockingSetsMinSize === 2],
  ['empty input', () => analyzeNetwork([], [], []), (r) => r.status === 'no-quorum' && r.hasQuorumIntersection === false],
  ['nodes an object', () => analyzeNetwork({ publicKey: 'GA' }, [], []), 'INVALID_INPUT'],
  ['nodes a string', () => analyzeNetwork('[]', [], []), 'INVALID_INPUT'],
  ['nodes null', () => analyzeNetwork(null, [], []), 'INVALID_INPUT'],
  ['nodes of numbers', () => analyzeNetwork([1, 2, 3], [], []), 'INVALID_INPUT'],
  ['a cyclic quorum set', () => analyzeNetwork([cyclic], [], []), 'INVALID_INPUT'],
  ['a throwing getter', () => analyzeNetwork([{ get publicKey() { throw new Error('boom'); } }], [], []), 'ANY_REJECTION'],
  ['a long list, timeoutMs 200', () => listAll({ timeoutMs: 200 }), 'TIMEOUT'],
  ['a long list, aborted', () => listAll({ signal: aborter.signal }), 'ABORTED'],
  ['a long list, aborted, partial', () => listAll({ signal: aborter.signal, partial: true }),
    (r) => r.complete === false && r.interrupted === 'ABORTED'],
  ['top tier of the watchers network', () => { const w = watchers(); return new FbasAnalyzer().analyzeTopTier(w.nodes, w.organizations, null); },
    (r) => r.top_tier_size === 21],
  ['blocking sets with everyone faulty', () => new FbasAnalyzer().analyzeBlockingSets(triangle(), ['GA', 'GB', 'GC'], [], null),
    (r) => r.min === 0],
  ['splitting sets of an empty network', () => new FbasAnalyzer().analyzeSplittingSets([], [], null), (r) => r.size === 0],
];

(async () => {
  const start = Date.now();
  const rssBefore = mb();
  setTimeout(() => aborter.abort(), 300);
  const settled = await Promise.allSettled(cases.map(([, run]) => Promise.resolve().then(run)));
  const results = settled.map((s, i) => {
    const [name, , expected] = cases[i];
    let ok;
    let got;
    if (s.status === 'fulfilled') {
      got = 'resolved';
      try { ok = typeof expected === 'function' && expected(s.value) === true; } catch (e) { ok = false; got += ' ' + e; }
      if (!ok) got += ' ' + JSON.stringify(s.value).slice(0, 300);
    } else {
      const e = s.reason;
      got = 'rejected ' + (e && e.code) + ': ' + (e && e.message ? e.message.slice(0, 200) : e);
      ok = expected === 'ANY_REJECTION' || (e && e.code === expected);
    }
    return { name, ok, got };
  });
  const allCasesMs = Date.now() - start;
  // Still alive, still right, and not held up: the aborted and timed-out analyses freed their
  // threads.
  const afterStart = Date.now();
  const after = await analyzeNetwork(triangle(), ['GA'], []);
  const afterMs = Date.now() - afterStart;
  const stillRight = exactTriangle(after) && after.node.blockingSetsFilteredMinSize === 1;
  const facade = await new FbasAnalyzer().analyzeTopTier(facadeNodes(), [], null);
  report({ results, allCasesMs, afterMs, stillRight, facadeTopTier: facade.top_tier_size, rssBefore, rssPeak: mb() });
})();
`;

const THOUSAND_ANALYSES = String.raw`
const t = topTier(5);
const withWatchers = [...t.nodes];
for (let i = 0; i < 200; i++) withWatchers.push(node('GW' + i, i % 2 ? t.q : null));
// Listing this network's minimal quorums outlasts every budget here.
const hard = hardNetwork(30);
const listAll = (options) => new FbasAnalyzer().analyzeMinimalQuorums(hard.nodes, hard.organizations, null, options);
// A mix: healthy networks, watchers, bad input, timeouts and aborts (the paths that allocate
// and could leak), 10 at a time.
function one(i) {
  switch (i % 8) {
    case 0: return analyzeNetwork(triangle(), [], []);
    case 1: return analyzeNetwork(withWatchers, ['GTOP000V0'], t.organizations);
    case 2: return analyzeNetwork([node('GA', qs(-1, []))], [], []).catch((e) => e.code);
    case 3: return listAll({ timeoutMs: 5 }).catch((e) => e.code);
    case 4: return listAll({ signal: AbortSignal.abort() }).catch((e) => e.code);
    case 5: return new FbasAnalyzer().analyzeMinimalQuorums(t.nodes, t.organizations, 'ORGANIZATION');
    case 6: return new FbasAnalyzer().analyzeBlockingSets(withWatchers, [], t.organizations, null);
    default: return new FbasAnalyzer().analyzeSplittingSets(triangle(), [], null);
  }
}
async function batch(from, to) {
  for (let i = from; i < to; i += 10) {
    const out = await Promise.all(Array.from({ length: 10 }, (_, k) => one(i + k)));
    if (out.some((r) => r === 'INTERNAL')) throw new Error('an internal error');
  }
}
const settle = async () => { for (let k = 0; k < 3; k++) { global.gc(); await new Promise((r) => setTimeout(r, 50)); } };
(async () => {
  const start = Date.now();
  await batch(0, 100);
  await settle();
  const rssWarm = mb();
  const heapWarm = process.memoryUsage().heapUsed / 1048576;
  await batch(100, 1100);
  await settle();
  const rssAfter = mb();
  const heapAfter = process.memoryUsage().heapUsed / 1048576;
  const check = await analyzeNetwork(triangle(), [], []);
  report({ analyses: 1000, rssWarm, rssAfter, heapWarm, heapAfter, ms: Date.now() - start, stillRight: check.node.topTierSize === 3 });
})();
`;

describe('the Node process never dies', () => {
  test('every adversarial case at once, then the process is alive and correct', async () => {
    const { code, signal, stdout, stderr, report } = await runChild(PRELUDE + EVERYTHING_AT_ONCE, 110000);
    expect({ code, signal, fatal: report && report.fatal }).toEqual({ code: 0, signal: null, fatal: undefined });
    expect(report).not.toBeNull();
    const failed = report.results.filter((r) => !r.ok);
    expect(failed).toEqual([]);
    expect(report.results.length).toBeGreaterThanOrEqual(30);
    expect(report.stillRight).toBe(true);
    expect(report.facadeTopTier).toBe(3);
    // Once the load is gone an analysis is immediate: nothing aborted still holds a thread.
    expect(report.afterMs).toBeLessThan(1000);
    process.stdout.write(
      `\nhardening: ${report.results.length} adversarial cases in flight at once, settled in ` +
        `${report.allCasesMs} ms; then an analysis in ${report.afterMs} ms; RSS ` +
        `${report.rssBefore.toFixed(0)} -> ${report.rssPeak.toFixed(0)} MB\n`,
    );
    if (!report) throw new Error(stdout + stderr);
  }, 120000);

  test(`1 000 analyses in one process: RSS flat within ${RSS_TOLERANCE_MB} MB`, async () => {
    const { code, signal, stdout, stderr, report } = await runChild(PRELUDE + THOUSAND_ANALYSES, 110000);
    if (!report) throw new Error(`no report (exit ${code}, ${signal})\n${stdout}\n${stderr}`);
    expect({ code, signal, fatal: report.fatal }).toEqual({ code: 0, signal: null, fatal: undefined });
    expect(report.stillRight).toBe(true);
    const growth = report.rssAfter - report.rssWarm;
    process.stdout.write(
      `\n1 000 analyses in ${report.ms} ms: RSS ${report.rssWarm.toFixed(1)} -> ` +
        `${report.rssAfter.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB), JS heap ` +
        `${report.heapWarm.toFixed(1)} -> ${report.heapAfter.toFixed(1)} MB\n`,
    );
    expect(growth).toBeLessThan(RSS_TOLERANCE_MB);
    expect(report.heapAfter - report.heapWarm).toBeLessThan(10);
  }, 120000);
});

describe('deadlines through the Node API', () => {
  test('timeoutMs is honoured within 10 % or 100 ms on the 24-organization network', async () => {
    const { nodes, organizations } = pythonFbasNetwork('almost_symmetric_network_24_orgs');
    const lines = [];
    for (const ms of [300, 1000, 2000]) {
      for (const partial of [false, true]) {
        const start = performance.now();
        const result = await analyzeNetwork(nodes, [], organizations, { timeoutMs: ms, partial }).catch((e) => e);
        const over = performance.now() - start - ms;
        lines.push(`${ms} ms${partial ? ' (partial)' : ''}: ${over >= 0 ? '+' : ''}${over.toFixed(0)} ms`);
        // The splitting sets of this network take far longer than 2 s: every call is cut.
        if (partial) expect(result.complete).toBe(false);
        else expect(result.code).toBe('TIMEOUT');
        // The target is 10 % or 100 ms (printed below, for the record); the assertion leaves room
        // for a 2-core CI machine whose other core is busy, and still catches a budget ignored.
        expect(over).toBeLessThanOrEqual(Math.max(ms / 10, 100) + 900);
      }
    }
    process.stdout.write(`\ntimeoutMs on 24 organizations, settled after the deadline by: ${lines.join(', ')}\n`);
  }, 60000);
});

describe('a cap on solver memory (options.maxClauses)', () => {
  // The 24-organization network's encodings have about 10 000 clauses each: a cap of 500 stops
  // every SAT-backed value, which must come back unknown (or, without `partial`, as CLAUSE_CAP),
  // never as an abort or a wrong number; the values needing no solver stay exact.
  const { nodes, organizations } = pythonFbasNetwork('almost_symmetric_network_24_orgs');

  test('an encoding over the cap makes its values unknown, not an abort', async () => {
    const capped = await analyzeNetwork(nodes, [], organizations, { maxClauses: 500, partial: true, timeoutMs: 20000 });
    expect(capped.complete).toBe(false);
    // Intersection is proved without a solver on this network (no two slices are disjoint);
    // the values that need one are unknown, with their bounds.
    expect(capped.hasQuorumIntersection).toBe(true);
    expect(capped.stopped).toBe('clause-cap');
    expect(capped.interrupted).toBe('CLAUSE_CAP');
    expect(Object.keys(capped.bounds).length).toBeGreaterThan(0);
    const rejected = await analyzeNetwork(nodes, [], organizations, { maxClauses: 500 }).catch((e) => e);
    expect(rejected.code).toBe('CLAUSE_CAP');
    expect(rejected.message).toContain('maxClauses');
  }, 60000);

  test('a cap the encodings fit under changes nothing', async () => {
    const nodes2 = facadeNodes();
    const orgs2 = facadeOrganizations();
    const plain = await analyzeNetwork(nodes2, [], orgs2);
    const roomy = await analyzeNetwork(nodes2, [], orgs2, { maxClauses: 1e6 });
    const none = await analyzeNetwork(nodes2, [], orgs2, { maxClauses: Infinity });
    const values = (r) => JSON.stringify({ ...r, timingsMs: undefined });
    expect(values(roomy)).toEqual(values(plain));
    expect(values(none)).toEqual(values(plain));
  });
});

