import type {
  AnalysisOptions, AnalysisResult, FbasAnalysisNode, FbasAnalysisOrganization,
} from './fbas_sat_web.js';

/**
 * fbas-sat-web in a Web Worker. One call runs at a time, the others wait in order. A call runs
 * inside WebAssembly to its end, so cancelling a running call terminates the worker (a fresh one
 * starts with the next call); cancelling a waiting call removes it. Cancelled calls reject with
 * `code: 'ABORTED'`.
 */
export class AnalysisWorker {
  /**
   * `workerUrl`: where `worker.js` is served, `wasmUrl`: where `fbas_sat_web_bg.wasm` is
   * (both default to next to this file).
   */
  constructor(options?: { workerUrl?: string | URL; wasmUrl?: string | URL });
  analyzeNetwork(
    nodes: FbasAnalysisNode[],
    faultyNodes: string[],
    organizations: FbasAnalysisOrganization[],
    options?: AnalysisOptions & { signal?: AbortSignal },
  ): Promise<AnalysisResult>;
  /** Cancel every call, running or waiting. */
  cancel(): void;
}
