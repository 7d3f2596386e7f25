// AnalysisWorker: the engine in a Web Worker, so that the page stays responsive, with calls that
// can be cancelled.
//
// A call runs to its end inside WebAssembly, which cannot be interrupted from outside; so
// cancelling means terminating the worker. The worker runs one call at a time, the others wait
// here in order. Cancelling one call (its `signal`) terminates the worker if that call is running
// and starts a fresh worker for the next call; cancelling a waiting call only removes it.
// `cancel()` does that to every call at once. A cancelled call rejects with `code: 'ABORTED'`.

import { failure } from './errors.js';

const aborted = () => failure('ABORTED', 'the analysis was cancelled');

export class AnalysisWorker {
  #workerUrl;
  #wasmUrl;
  #worker = null;
  #running = null;
  #waiting = [];
  #nextId = 1;

  /**
   * `workerUrl`: where ./worker.js is served (default: next to this file); `wasmUrl`: where
   * fbas_sat_web_bg.wasm is (default: next to this file). Bundlers that rename assets need both.
   */
  constructor({ workerUrl, wasmUrl } = {}) {
    this.#workerUrl = workerUrl ?? new URL('./worker.js', import.meta.url);
    this.#wasmUrl = String(wasmUrl ?? new URL('./fbas_sat_web_bg.wasm', import.meta.url));
  }

  /** `analyzeNetwork` of ./fbas_sat_web.js in the worker; `options.signal` cancels it. */
  analyzeNetwork(nodes, faultyNodes, organizations, options) {
    const { signal, ...rest } = options ?? {};
    return this.#call('analyzeNetwork', [nodes, faultyNodes, organizations, rest], signal);
  }

  // The legacy engine's five calls, as in ./fbas_sat_web.js (JSON text in, the legacy JSON out),
  // each with an optional last `{ signal }` that cancels it.

  analyze_minimal_quorums(json_fbas, json_orgs, merge_by, { signal } = {}) {
    return this.#call('analyze_minimal_quorums', [json_fbas, json_orgs, merge_by], signal);
  }

  analyze_minimal_blocking_sets(json_fbas, json_orgs, faulty_nodes, merge_by, { signal } = {}) {
    return this.#call('analyze_minimal_blocking_sets', [json_fbas, json_orgs, faulty_nodes, merge_by], signal);
  }

  analyze_minimal_splitting_sets(json_fbas, json_orgs, merge_by, { signal } = {}) {
    return this.#call('analyze_minimal_splitting_sets', [json_fbas, json_orgs, merge_by], signal);
  }

  analyze_top_tier(json_fbas, json_orgs, merge_by, { signal } = {}) {
    return this.#call('analyze_top_tier', [json_fbas, json_orgs, merge_by], signal);
  }

  analyze_symmetric_top_tier(json_fbas, json_orgs, merge_by, { signal } = {}) {
    return this.#call('analyze_symmetric_top_tier', [json_fbas, json_orgs, merge_by], signal);
  }

  /** Cancel every call, running or waiting; the next call starts a fresh worker. */
  cancel() {
    const calls = [this.#running, ...this.#waiting].filter(Boolean);
    this.#running = null;
    this.#waiting = [];
    this.#stopWorker();
    for (const call of calls) this.#settle(call, aborted());
  }

  #call(method, args, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(aborted());
      const call = { id: this.#nextId++, method, args, resolve, reject, signal };
      call.onAbort = () => this.#abort(call);
      signal?.addEventListener('abort', call.onAbort, { once: true });
      this.#waiting.push(call);
      this.#next();
    });
  }

  #next() {
    if (this.#running || this.#waiting.length === 0) return;
    const call = (this.#running = this.#waiting.shift());
    this.#startWorker().postMessage({ id: call.id, method: call.method, args: call.args });
  }

  #startWorker() {
    if (!this.#worker) {
      const worker = new Worker(this.#workerUrl, { type: 'module' });
      worker.onmessage = ({ data }) => this.#answered(data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.#broken(`internal error: the worker failed: ${event.message ?? 'it could not start'}`);
      };
      worker.postMessage({ type: 'init', wasm: this.#wasmUrl });
      this.#worker = worker;
    }
    return this.#worker;
  }

  #stopWorker() {
    this.#worker?.terminate();
    this.#worker = null;
  }

  #answered({ id, result, error }) {
    const call = this.#running;
    if (!call || call.id !== id) return;
    this.#running = null;
    this.#settle(call, error && failure(error.code ?? 'INTERNAL', error.message, error.path), result);
    this.#next();
  }

  #abort(call) {
    if (call === this.#running) {
      this.#running = null;
      this.#stopWorker();
    } else {
      this.#waiting = this.#waiting.filter((c) => c !== call);
    }
    this.#settle(call, aborted());
    this.#next();
  }

  /** The worker itself failed (it could not load): the running call fails, a new one is tried. */
  #broken(message) {
    const call = this.#running;
    this.#running = null;
    this.#stopWorker();
    if (call) this.#settle(call, failure('INTERNAL', message));
    this.#next();
  }

  #settle(call, error, result) {
    call.signal?.removeEventListener('abort', call.onAbort);
    if (error) call.reject(error);
    else call.resolve(result);
  }
}
