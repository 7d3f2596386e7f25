// fbas-sat-web: exact analysis of Stellar quorum configurations in the browser (fbas-core
// compiled to WebAssembly, crates/fbas-wasm).
//
// The API of @stellarbeat/stellar_analysis_web (default export `init`, `initSync`, the five
// `analyze_*` functions taking JSON strings and answering the legacy engine's JSON, `MergeBy`,
// `init_panic_hook`), each call under a time budget (`setTimeBudget`, 60 s by default), plus
// `analyzeNetwork`: the 18 values a scan stores, with status and witnesses.
//
// The module's ABI (crates/fbas-wasm/src/abi.rs): each argument is UTF-8 text copied into memory
// from `fbas_alloc`, `fbas_call` returns 0 (answer) or 1 (error `{code, message, path}`) and
// leaves one JSON text at `fbas_result_ptr()`/`fbas_result_len()`. A call runs to its end on the
// calling thread: run it in a Web Worker (see ./analysis_worker.js) to keep a page responsive.

import { failure } from './errors.js';

const WASM_FILE = 'fbas_sat_web_bg.wasm';

/** The grouping levels, numbered as in @stellarbeat/stellar_analysis_web. */
export const MergeBy = Object.freeze({
  DoNotMerge: 0,
  0: 'DoNotMerge',
  Orgs: 1,
  1: 'Orgs',
  ISPs: 2,
  2: 'ISPs',
  Countries: 3,
  3: 'Countries',
});

/** The compiled module and its live instance (`undefined` before `init`). */
let engine;
/** The message of the panic that is trapping right now. */
let panicMessage = null;
/** `init_panic_hook` was called: panics are also written to the console. */
let logPanics = false;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function imports() {
  return {
    fbas_clock: { now_ms: () => performance.now() },
    fbas_host: {
      panicked(ptr, len) {
        panicMessage = decoder.decode(new Uint8Array(engine.exports.memory.buffer, ptr, len));
        if (logPanics) console.error(panicMessage);
      },
    },
  };
}

function start(module, instance) {
  engine = { module, exports: instance.exports };
  return engine.exports;
}

/** Accept both `init({ module_or_path })` and the older `init(module_or_path)`. */
function unwrap(argument, key) {
  return argument !== undefined && argument !== null && Object.getPrototypeOf(argument) === Object.prototype
    ? argument[key]
    : argument;
}

async function compile(source) {
  if (typeof Response === 'function' && source instanceof Response) {
    if (!source.ok) throw new Error(`fbas-sat-web: cannot load ${source.url} (HTTP ${source.status})`);
    const wasmType = (source.headers.get('Content-Type') ?? '').startsWith('application/wasm');
    if (wasmType && typeof WebAssembly.compileStreaming === 'function') {
      return WebAssembly.compileStreaming(source);
    }
    return WebAssembly.compile(await source.arrayBuffer());
  }
  return source instanceof WebAssembly.Module ? source : WebAssembly.compile(source);
}

/**
 * Load the engine: `init()` fetches `fbas_sat_web_bg.wasm` next to this file; `init(url)` or
 * `init({ module_or_path })` takes a URL, a `Response`, the bytes or a compiled
 * `WebAssembly.Module`. Resolves with the module's raw exports; a second call does nothing.
 */
export default async function init(moduleOrPath) {
  if (engine) return engine.exports;
  let source = await unwrap(moduleOrPath, 'module_or_path');
  if (source === undefined) source = new URL(WASM_FILE, import.meta.url);
  if (
    typeof source === 'string' ||
    source instanceof URL ||
    (typeof Request === 'function' && source instanceof Request)
  ) {
    source = await fetch(source);
  }
  const module = await compile(source);
  const instance = await WebAssembly.instantiate(module, imports());
  return engine ? engine.exports : start(module, instance);
}

/** Load the engine synchronously from its bytes or a compiled `WebAssembly.Module`. */
export function initSync(module) {
  if (engine) return engine.exports;
  let source = unwrap(module, 'module');
  if (!(source instanceof WebAssembly.Module)) source = new WebAssembly.Module(source);
  return start(source, new WebAssembly.Instance(source, imports()));
}

/** Write panic messages to the console too (they always end up in the thrown error). */
export function init_panic_hook() {
  logPanics = true;
}

/** Copy `text` into the module's memory; the (pointer, length) pair to pass to an export. */
function pass(exports, text) {
  const bytes = encoder.encode(text);
  const ptr = exports.fbas_alloc(bytes.length);
  if (ptr === 0) return null;
  new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
}

/**
 * `fbas_call` with text arguments then numbers; the parsed answer, or a thrown failure. A trap
 * (a panic, memory exhausted) throws `INTERNAL` and replaces the instance, whose memory may hold
 * half-done work, by a fresh one.
 */
function call(texts, numbers) {
  if (!engine) throw new Error('fbas-sat-web: call init() or initSync() first');
  const { exports, module } = engine;
  const pairs = [];
  for (const text of texts) {
    const pair = pass(exports, text);
    if (pair === null) {
      for (const [ptr, len] of pairs) exports.fbas_free(ptr, len);
      throw failure('INTERNAL', 'internal error: out of memory for the arguments');
    }
    pairs.push(pair);
  }
  let status;
  try {
    status = exports.fbas_call(...pairs.flat(), ...numbers);
  } catch (trap) {
    const why = panicMessage ?? String(trap);
    panicMessage = null;
    engine = undefined;
    try {
      start(module, new WebAssembly.Instance(module, imports()));
    } catch {
      // Left uninitialised: the next call asks for init() again.
    }
    throw failure('INTERNAL', `internal error: ${why}`);
  }
  const bytes = new Uint8Array(exports.memory.buffer, exports.fbas_result_ptr(), exports.fbas_result_len());
  const result = JSON.parse(decoder.decode(bytes));
  if (status !== 0) throw failure(result.code, result.message, result.path ?? undefined);
  return result;
}

/** `options.timeoutMs`, `options.maxClauses` and `options.partial` as the numbers the module
 * takes (the Node package's rules and messages). */
function budget(options) {
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw failure('INVALID_INPUT', 'invalid input: options: must be an object', 'options');
  }
  const { timeoutMs, maxClauses, partial } = options ?? {};
  let timeout = Infinity;
  if (timeoutMs !== undefined && timeoutMs !== null) {
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
      throw failure(
        'INVALID_INPUT',
        `invalid input: options.timeoutMs: must be a finite number of milliseconds >= 0, got ${timeoutMs}`,
        'options.timeoutMs',
      );
    }
    timeout = timeoutMs;
  }
  let clauses = NaN;
  if (maxClauses !== undefined && maxClauses !== null) {
    if (maxClauses !== Infinity && !(Number.isSafeInteger(maxClauses) && maxClauses >= 1)) {
      throw failure(
        'INVALID_INPUT',
        `invalid input: options.maxClauses: must be a positive integer or Infinity, got ${maxClauses}`,
        'options.maxClauses',
      );
    }
    clauses = maxClauses;
  }
  if (partial !== undefined && partial !== null && typeof partial !== 'boolean') {
    throw failure('INVALID_INPUT', 'invalid input: options.partial: must be a boolean', 'options.partial');
  }
  return [timeout, clauses, partial ? 1 : 0];
}

/** `JSON.stringify(value)`; what cannot be written as JSON (cycles, BigInts, nesting too deep
 * for the JS stack) is bad input. `null` and `undefined` are `fallback`, or missing. */
function stringify(value, what, fallback) {
  if (value === undefined || value === null) {
    if (fallback === undefined) throw failure('INVALID_INPUT', `invalid input: ${what}: is missing`, what);
    return fallback;
  }
  try {
    return JSON.stringify(value);
  } catch (e) {
    throw failure('INVALID_INPUT', `invalid input: ${what}: cannot be converted to JSON: ${e.message}`, what);
  }
}

/**
 * The whole per-scan analysis: the 18 values the explorer stores (intersection, symmetric top
 * tier, and per level top tier, blocking, filtered blocking and splitting set sizes), with
 * status, witnesses, bounds and timings. Options as the Node package's `analyzeNetwork`:
 * `timeoutMs` (default: none) and `maxClauses` make the call throw `TIMEOUT` or `CLAUSE_CAP`
 * when they stop it, or with `partial: true` answer the values known (`null` for the others,
 * `complete: false`). Throws `INVALID_INPUT` (with `path`) for bad input.
 */
export function analyzeNetwork(nodes, faultyNodes, organizations, options) {
  const limits = budget(options);
  const texts = [
    'analyzeNetwork',
    stringify(nodes, 'nodes'),
    stringify(organizations, 'organizations', '[]'),
    stringify(faultyNodes, 'faultyNodes', '[]'),
  ];
  return call(texts, [MergeBy.DoNotMerge, ...limits]);
}

/** The time budget of each of the five functions below, in milliseconds. */
export const DEFAULT_TIME_BUDGET_MS = 60_000;
let timeBudgetMs = DEFAULT_TIME_BUDGET_MS;

/** Set the time budget of each call of the five functions (milliseconds, finite, >= 0); returns
 * the previous one. A call that runs out of it throws `TIMEOUT`. */
export function setTimeBudget(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw failure('INVALID_INPUT', `setTimeBudget: expected a finite number of milliseconds >= 0, got ${ms}`);
  }
  const previous = timeBudgetMs;
  timeBudgetMs = ms;
  return previous;
}

/** One of the five functions: its JSON string arguments, the legacy engine's JSON answer. */
function legacy(method, jsonFbas, jsonOrgs, faultyNodes, mergeBy) {
  const text = (value, what) => {
    if (typeof value !== 'string') throw failure('INVALID_INPUT', `invalid input: ${what}: must be a string of JSON`, what);
    return value;
  };
  const faulty = faultyNodes === null ? '' : text(faultyNodes, 'faulty_nodes');
  const level = mergeBy ?? MergeBy.DoNotMerge;
  return call(
    [method, text(jsonFbas, 'json_fbas'), text(jsonOrgs, 'json_orgs'), faulty],
    [typeof level === 'number' ? level : NaN, timeBudgetMs, NaN, 0],
  );
}

/** Minimal quorums, and whether every two intersect: `{result, size, min, quorum_intersection}`. */
export function analyze_minimal_quorums(json_fbas, json_orgs, merge_by) {
  return legacy('analyzeMinimalQuorums', json_fbas, json_orgs, null, merge_by);
}

/** Minimal blocking sets, the faulty nodes (a JSON array of public keys) taken out of each. */
export function analyze_minimal_blocking_sets(json_fbas, json_orgs, faulty_nodes, merge_by) {
  return legacy('analyzeBlockingSets', json_fbas, json_orgs, faulty_nodes, merge_by);
}

/** Minimal splitting sets: `{result, size, min, quorum_intersection: null}`. */
export function analyze_minimal_splitting_sets(json_fbas, json_orgs, merge_by) {
  return legacy('analyzeSplittingSets', json_fbas, json_orgs, null, merge_by);
}

/** The top tier: `{top_tier, top_tier_size, cache_hit}`. */
export function analyze_top_tier(json_fbas, json_orgs, merge_by) {
  return legacy('analyzeTopTier', json_fbas, json_orgs, null, merge_by);
}

/** The top tier's common quorum set when it is symmetric: `{symmetric_top_tier}` (or null). */
export function analyze_symmetric_top_tier(json_fbas, json_orgs, merge_by) {
  return legacy('analyzeSymmetricTopTier', json_fbas, json_orgs, null, merge_by);
}
