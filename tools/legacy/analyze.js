#!/usr/bin/env node
'use strict';
/*
 * Harness over the legacy engine @stellarbeat/stellar_analysis_nodejs@0.6.2: makes the 18 calls the
 * stellarbeat backend makes per network scan and prints what each call returned.
 *
 * Usage:
 *   node tools/legacy/analyze.js < requests.json
 *       stdin: one request or a JSON array of requests, a request being
 *         {"nodes": [FbasAnalysisNode...], "organizations": [{id, name, validators}...],
 *          "faulty": [publicKey...]}
 *       with FbasAnalysisNode = {publicKey, name, quorumSet: {threshold, validators,
 *         innerQuorumSets} | null, geoData: {countryName} | null, isp}.
 *       stdout: one result, or an array of results in request order.
 *   node tools/legacy/analyze.js --file NETWORK.json [--orgs ORGS.json]
 *       loads a stellarbeat-format (array of nodes) or python-fbas-format file and maps it as the
 *       backend's FbasMapper does (faulty = nodes with isValidating === false); prints one result.
 *
 * A result:
 *   {hasSymmetricTopTier, symmetricTopTier, minimalQuorums: {result, size, min, quorum_intersection},
 *    hasQuorumIntersection,
 *    node|organization|country|isp: {topTier, topTierSize, blockingSets: {result, size, min, ...},
 *                                    blockingSetsFiltered: {...}, splittingSets: {...}},
 *    droppedNullQuorumSetNodes, elapsedMs: {callName: ms}}
 * Every call's JSON is kept as the engine returned it (blockingSets etc. are the raw objects;
 * symmetricTopTier is the raw `symmetric_top_tier`, topTier/topTierSize the raw `top_tier` /
 * `top_tier_size`). A call that threw is recorded as {"error": message} (in every field derived from
 * it), a call that did not finish within the budget as "timeout".
 *
 * Quirks of the engine handled here:
 * - 0.6.2 panics on nodes with `quorumSet: null`; such nodes (unsatisfiable, never in the core) are
 *   dropped before calling, which is what 0.7.0 would answer. The count is `droppedNullQuorumSetNodes`.
 * - A panic inside an analysis call poisons the loaded WASM module; a fresh instance is loaded for
 *   every request and again after every failed call.
 * - Per-request wall-clock budget: env LEGACY_TIMEOUT_MS (default 60000). Requests run in a worker
 *   thread that is terminated when the budget runs out.
 * - The engine writes progress lines with console.log; they are kept off stdout (set
 *   LEGACY_VERBOSE=1 to see them on stderr).
 */

const path = require('path');
const fs = require('fs');
const { Worker, isMainThread, parentPort } = require('worker_threads');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = '@stellarbeat/stellar_analysis_nodejs';

const MERGE = { DoNotMerge: 0, Orgs: 1, ISPs: 2, Countries: 3 }; // stellar_analysis.MergeBy
const LEVELS = [
  ['node', MERGE.DoNotMerge],
  ['organization', MERGE.Orgs],
  ['country', MERGE.Countries],
  ['isp', MERGE.ISPs],
];

// The 18 calls in the order the backend makes them.
function callPlan() {
  const plan = [
    { name: 'symmetricTopTier', fn: 'analyze_symmetric_top_tier', merge: MERGE.DoNotMerge },
    { name: 'minimalQuorums', fn: 'analyze_minimal_quorums', merge: MERGE.DoNotMerge },
  ];
  for (const [level, merge] of LEVELS) plan.push({ name: `${level}.topTier`, fn: 'analyze_top_tier', merge });
  for (const [level, merge] of LEVELS)
    plan.push({ name: `${level}.blockingSets`, fn: 'analyze_minimal_blocking_sets', merge, faulty: false });
  for (const [level, merge] of LEVELS)
    plan.push({ name: `${level}.blockingSetsFiltered`, fn: 'analyze_minimal_blocking_sets', merge, faulty: true });
  for (const [level, merge] of LEVELS)
    plan.push({ name: `${level}.splittingSets`, fn: 'analyze_minimal_splitting_sets', merge });
  return plan;
}

/* ------------------------------------------------------------------ worker side */

function loadFreshEngine() {
  const resolved = require.resolve(PACKAGE, { paths: [REPO_ROOT] });
  delete require.cache[resolved];
  const engine = require(resolved); // instantiates a new WebAssembly.Instance (own memory)
  engine.init_panic_hook(); // panic messages go to console.error, which we capture
  return engine;
}

function workerMain() {
  const verbose = !!process.env.LEGACY_VERBOSE;
  let captured = [];
  console.log = (...args) => {
    if (verbose) process.stderr.write(args.join(' ') + '\n');
  };
  console.error = (...args) => {
    captured.push(args.join(' '));
  };
  parentPort.on('message', ({ id, request }) => {
    let engine = loadFreshEngine();
    const nodesJson = JSON.stringify(request.nodes);
    const orgsJson = JSON.stringify(request.organizations);
    const faultyJson = JSON.stringify(request.faulty);
    for (const call of callPlan()) {
      captured = [];
      const t0 = process.hrtime.bigint();
      let msg;
      try {
        const args =
          call.fn === 'analyze_minimal_blocking_sets'
            ? [nodesJson, orgsJson, call.faulty ? faultyJson : '[]', call.merge]
            : [nodesJson, orgsJson, call.merge];
        const value = engine[call.fn](...args);
        msg = { value };
      } catch (e) {
        // console_error_panic_hook prints "panicked at '...'\n\nStack: ..."; keep the message only.
        const panic = captured.join('\n').split('\n\nStack:')[0].trim();
        msg = { error: String(e && e.message ? `${e.name || 'Error'}: ${e.message}` : e) + (panic ? ` (${panic})` : '') };
        engine = loadFreshEngine(); // the old instance is poisoned after a panic
      }
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      parentPort.postMessage({ id, type: 'call', name: call.name, ms, ...msg });
    }
    parentPort.postMessage({ id, type: 'done' });
  });
}

/* ------------------------------------------------------------------ main side */

function prepareRequest(request) {
  const nodes = Array.isArray(request.nodes) ? request.nodes : [];
  const kept = nodes.filter((n) => !(n && n.quorumSet === null));
  return {
    nodes: kept,
    organizations: Array.isArray(request.organizations) ? request.organizations : [],
    faulty: Array.isArray(request.faulty) ? request.faulty : [],
    dropped: nodes.length - kept.length,
  };
}

function assemble(calls, dropped) {
  const get = (name) => (name in calls ? calls[name] : { failed: 'timeout' });
  const failure = (c) => c.failed; // "timeout" or {"error": ...}
  const out = {};
  const sym = get('symmetricTopTier');
  if (failure(sym)) {
    out.hasSymmetricTopTier = failure(sym);
    out.symmetricTopTier = failure(sym);
  } else {
    out.symmetricTopTier = sym.value.symmetric_top_tier === undefined ? null : sym.value.symmetric_top_tier;
    out.hasSymmetricTopTier = out.symmetricTopTier !== null;
  }
  const mq = get('minimalQuorums');
  out.minimalQuorums = failure(mq) || mq.value;
  out.hasQuorumIntersection = failure(mq) || mq.value.quorum_intersection;
  for (const [level] of LEVELS) {
    const r = {};
    const tt = get(`${level}.topTier`);
    r.topTier = failure(tt) || tt.value.top_tier;
    r.topTierSize = failure(tt) || tt.value.top_tier_size;
    for (const kind of ['blockingSets', 'blockingSetsFiltered', 'splittingSets']) {
      const c = get(`${level}.${kind}`);
      r[kind] = failure(c) || c.value;
    }
    out[level] = r;
  }
  out.droppedNullQuorumSetNodes = dropped;
  out.elapsedMs = {};
  for (const call of callPlan()) if (call.name in calls) out.elapsedMs[call.name] = calls[call.name].ms;
  return out;
}

class EngineRunner {
  constructor(timeoutMs) {
    this.timeoutMs = timeoutMs;
    this.worker = null;
    this.nextId = 1;
  }

  spawn() {
    this.worker = new Worker(__filename, { stdout: false, stderr: false });
    this.worker.unref();
  }

  run(request) {
    if (!this.worker) this.spawn();
    const worker = this.worker;
    const id = this.nextId++;
    const calls = {};
    return new Promise((resolve) => {
      let finished = false;
      const finish = (killed) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (killed) {
          this.worker = null;
          worker.terminate().catch(() => {});
        }
        resolve(calls);
      };
      const onMessage = (m) => {
        if (m.id !== id) return;
        if (m.type === 'call') {
          calls[m.name] = 'error' in m ? { failed: { error: m.error }, ms: m.ms } : { value: m.value, ms: m.ms };
        } else if (m.type === 'done') {
          finish(false);
        }
      };
      // The worker itself died (e.g. out of memory): record the running call as an error.
      const onError = (e) => {
        const next = callPlan().find((c) => !(c.name in calls));
        if (next) calls[next.name] = { failed: { error: `worker died: ${e && e.message ? e.message : e}` }, ms: 0 };
        finish(true);
      };
      const onExit = (code) => onError(new Error(`exit code ${code}`));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const timer = setTimeout(() => finish(true), this.timeoutMs);
      worker.postMessage({ id, request: { nodes: request.nodes, organizations: request.organizations, faulty: request.faulty } });
    });
  }

  close() {
    if (this.worker) this.worker.terminate().catch(() => {});
    this.worker = null;
  }
}

/* ------------------------------------------------------------------ --file mode (FbasMapper) */

function mapQuorumSet(q) {
  if (q === undefined || q === null) return null;
  return {
    threshold: q.threshold,
    validators: q.validators || [],
    innerQuorumSets: (q.innerQuorumSets || []).map(mapQuorumSet),
  };
}

function mapNode(n) {
  return {
    publicKey: n.publicKey,
    name: n.name ?? null,
    quorumSet: mapQuorumSet(n.quorumSet),
    geoData: { countryName: n.geoData?.countryName ?? null },
    isp: n.isp ?? null,
  };
}

function mapOrganizations(orgs) {
  return (orgs || [])
    .filter((o) => Array.isArray(o.validators) && o.validators.length > 0)
    .map((o) => ({ id: o.id ?? o.name, name: o.name ?? null, validators: o.validators }));
}

// python-fbas format: {validators: [{id, qset, attrs}], qsets: {id: {threshold, members}}}
function pythonFbasToNodes(doc) {
  const qsets = doc.qsets || {};
  const build = (qid) => {
    const q = qsets[qid];
    const validators = [];
    const inner = [];
    for (const m of q.members || []) {
      if (Object.prototype.hasOwnProperty.call(qsets, m)) inner.push(build(m));
      else validators.push(m);
    }
    return { threshold: q.threshold, validators, innerQuorumSets: inner };
  };
  return doc.validators.map((v) => {
    const attrs = v.attrs || {};
    return {
      publicKey: v.id,
      name: attrs.name,
      quorumSet: v.qset === null || v.qset === undefined ? null : build(v.qset),
      geoData: attrs.geoData,
      isp: attrs.isp,
    };
  });
}

function requestFromFile(file, orgsFile) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  let raw;
  let faulty = [];
  if (Array.isArray(doc)) {
    raw = doc;
    faulty = doc.filter((n) => n.isValidating === false).map((n) => n.publicKey);
  } else {
    raw = pythonFbasToNodes(doc);
  }
  let orgs = [];
  if (orgsFile) {
    const o = JSON.parse(fs.readFileSync(orgsFile, 'utf8'));
    orgs = mapOrganizations(o.map((x) => ({ id: x.id ?? x.name, name: x.name, validators: x.validators })));
  }
  return { nodes: raw.map(mapNode), organizations: orgs, faulty };
}

/* ------------------------------------------------------------------ CLI */

async function mainCli() {
  const args = process.argv.slice(2);
  let file = null;
  let orgs = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--file') file = args[++i];
    else if (args[i] === '--orgs') orgs = args[++i];
    else if (args[i] === '-h' || args[i] === '--help') {
      process.stdout.write('usage: analyze.js < requests.json | analyze.js --file NETWORK.json [--orgs ORGS.json]\n');
      return 0;
    } else {
      process.stderr.write(`unknown argument: ${args[i]}\n`);
      return 2;
    }
  }
  let input;
  let single;
  if (file) {
    input = [requestFromFile(file, orgs)];
    single = true;
  } else {
    const text = fs.readFileSync(0, 'utf8');
    const parsed = JSON.parse(text);
    single = !Array.isArray(parsed);
    input = single ? [parsed] : parsed;
  }
  const timeoutMs = Number(process.env.LEGACY_TIMEOUT_MS || 60000);
  const runner = new EngineRunner(timeoutMs);
  const results = [];
  for (const req of input) {
    const prepared = prepareRequest(req);
    const calls = await runner.run(prepared);
    results.push(assemble(calls, prepared.dropped));
  }
  runner.close();
  const out = JSON.stringify(single ? results[0] : results);
  await new Promise((resolve) => process.stdout.write(out + '\n', resolve));
  return 0;
}

if (isMainThread) {
  mainCli().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`analyze.js: ${e && e.stack ? e.stack : e}\n`);
      process.exit(1);
    },
  );
} else {
  workerMain();
}
