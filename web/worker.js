// The Web Worker side of AnalysisWorker (./analysis_worker.js): loads the engine when told where
// its .wasm is, then runs one call per message and posts back its answer or its error.
import init, * as engine from './fbas_sat_web.js';

const METHODS = new Set([
  'analyzeNetwork',
  'analyze_minimal_quorums',
  'analyze_minimal_blocking_sets',
  'analyze_minimal_splitting_sets',
  'analyze_top_tier',
  'analyze_symmetric_top_tier',
]);

let ready = null;

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    ready = init({ module_or_path: data.wasm });
    return;
  }
  const { id, method, args } = data;
  try {
    await ready;
    if (!METHODS.has(method)) throw new Error(`fbas-sat-web: no method ${method}`);
    self.postMessage({ id, result: engine[method](...args) });
  } catch (e) {
    self.postMessage({ id, error: { message: e.message, code: e.code, path: e.path } });
  }
};
