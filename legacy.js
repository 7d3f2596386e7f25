'use strict';
// fbas-sat/legacy: the API of @stellarbeat/stellar_analysis_nodejs (its stellar_analysis module),
// function for function: synchronous, JSON text in, the legacy engine's JSON shapes out, so that
// a caller changes one module specifier and nothing else. Each call blocks the calling thread
// (as the legacy engine's do) for at most the time budget (setTimeBudget; default 60 s), then
// throws an Error with code 'TIMEOUT'. Bad input throws an Error with code 'INVALID_INPUT'
// naming the node and field. The process-wide cache is shared with the asynchronous API.
// Types: legacy.d.ts.

const native = require('./binding.js');
const { answerOf } = require('./lib/reply.js');

/** The legacy engine's MergeBy, with its numbers (and the reverse mapping, as wasm-bindgen's). */
const MergeBy = Object.freeze({
  DoNotMerge: 0,
  Orgs: 1,
  ISPs: 2,
  Countries: 3,
  0: 'DoNotMerge',
  1: 'Orgs',
  2: 'ISPs',
  3: 'Countries',
});

/** The default time budget of one call, in milliseconds. */
const DEFAULT_TIME_BUDGET_MS = 60_000;
let timeBudgetMs = DEFAULT_TIME_BUDGET_MS;

function call(method, jsonFbas, jsonOrgs, faultyNodes, mergeBy) {
  return answerOf(native.analyzeSync(method, jsonFbas, jsonOrgs, faultyNodes, mergeBy, timeBudgetMs));
}

function analyze_minimal_quorums(json_fbas, json_orgs, merge_by) {
  return call('analyzeMinimalQuorums', json_fbas, json_orgs, null, merge_by);
}

function analyze_minimal_blocking_sets(json_fbas, json_orgs, faulty_nodes, merge_by) {
  return call('analyzeBlockingSets', json_fbas, json_orgs, faulty_nodes, merge_by);
}

function analyze_minimal_splitting_sets(json_fbas, json_orgs, merge_by) {
  return call('analyzeSplittingSets', json_fbas, json_orgs, null, merge_by);
}

function analyze_top_tier(json_fbas, json_orgs, merge_by) {
  return call('analyzeTopTier', json_fbas, json_orgs, null, merge_by);
}

function analyze_symmetric_top_tier(json_fbas, json_orgs, merge_by) {
  return call('analyzeSymmetricTopTier', json_fbas, json_orgs, null, merge_by);
}

/** The legacy engine routes Rust panics to the console; fbas-sat never panics across the
 * boundary (errors are thrown as Errors), so there is nothing to install. */
function init_panic_hook() {}

/** Set the time budget of each call (milliseconds, finite, >= 0); returns the previous one. */
function setTimeBudget(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw Object.assign(new TypeError(`setTimeBudget: expected a finite number of milliseconds >= 0, got ${ms}`), {
      code: 'INVALID_INPUT',
    });
  }
  const previous = timeBudgetMs;
  timeBudgetMs = ms;
  return previous;
}

module.exports = {
  MergeBy,
  analyze_minimal_quorums,
  analyze_minimal_blocking_sets,
  analyze_minimal_splitting_sets,
  analyze_top_tier,
  analyze_symmetric_top_tier,
  init_panic_hook,
  setTimeBudget,
  DEFAULT_TIME_BUDGET_MS,
};
