import type {
  AnalysisOptions, AnalysisResult, FbasAnalysisNode, FbasAnalysisOrganization, MergeBy,
} from './fbas_sat_web.js';

/** The cancellation of one of the legacy calls. */
export interface CallOptions {
  signal?: AbortSignal;
}

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
  /** The legacy engine's calls, as in `fbas_sat_web.js`, in the worker. */
  analyze_minimal_quorums(json_fbas: string, json_orgs: string, merge_by: MergeBy, options?: CallOptions): Promise<any>;
  analyze_minimal_blocking_sets(json_fbas: string, json_orgs: string, faulty_nodes: string, merge_by: MergeBy, options?: CallOptions): Promise<any>;
  analyze_minimal_splitting_sets(json_fbas: string, json_orgs: string, merge_by: MergeBy, options?: CallOptions): Promise<any>;
  analyze_top_tier(json_fbas: string, json_orgs: string, merge_by: MergeBy, options?: CallOptions): Promise<any>;
  analyze_symmetric_top_tier(json_fbas: string, json_orgs: string, merge_by: MergeBy, options?: CallOptions): Promise<any>;
  /** Cancel every call, running or waiting. */
  cancel(): void;
}
