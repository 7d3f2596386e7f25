/* fbas-sat-web: exact analysis of Stellar quorum configurations in the browser. */

/** The grouping levels, numbered as in @stellarbeat/stellar_analysis_web. */
export enum MergeBy {
  DoNotMerge = 0,
  Orgs = 1,
  ISPs = 2,
  Countries = 3,
}

/** What `init` loads the engine from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
/** What `initSync` loads the engine from. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/** The module's raw exports (its JSON ABI; use the functions of this package instead). */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
  readonly fbas_alloc: (len: number) => number;
  readonly fbas_free: (ptr: number, len: number) => void;
  readonly fbas_result_ptr: () => number;
  readonly fbas_result_len: () => number;
  readonly fbas_call: (
    method: number, methodLen: number, nodes: number, nodesLen: number,
    organizations: number, organizationsLen: number, faulty: number, faultyLen: number,
    mergeBy: number, timeoutMs: number, maxClauses: number, partial: number,
  ) => number;
}

/**
 * Load the engine. Without an argument it fetches `fbas_sat_web_bg.wasm` next to this file;
 * otherwise from a URL (e.g. a bundler's `?url` import), a `Response`, the bytes or a compiled
 * module, given directly or as `{ module_or_path }`. A second call does nothing.
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;

/** Load the engine synchronously from its bytes or a compiled module. */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/** Also write panic messages to the console (an internal error always carries its message). */
export function init_panic_hook(): void;

/** The error every function throws: `code` says what happened, `path` where bad input is. */
export interface AnalysisError extends Error {
  code: 'INVALID_INPUT' | 'TIMEOUT' | 'CLAUSE_CAP' | 'INTERNAL';
  /** Where the bad value is, e.g. `nodes[3] (GABC…).quorumSet.threshold`. */
  path?: string;
}

/** A node as the explorer has it; fields not listed here are ignored. */
export interface FbasAnalysisNode {
  publicKey: string;
  name?: string | null;
  /** `null`: a node that can never be satisfied. */
  quorumSet: FbasAnalysisQuorumSet | null;
  geoData?: { countryName: string | null } | null;
  isp?: string | null;
  /** With it, `historyCriticalSetSize` is computed too. */
  historyArchiveHasError?: boolean | null;
}

export interface FbasAnalysisQuorumSet {
  threshold: number;
  validators: string[];
  innerQuorumSets: FbasAnalysisQuorumSet[];
}

/** An organization; its `name` labels the group (the `id` when the name is null). */
export interface FbasAnalysisOrganization {
  id: string;
  name: string | null;
  validators: string[];
}

export interface AnalysisOptions {
  /** Stop after this many milliseconds: throw `TIMEOUT` (with `partial`, answer the values known). */
  timeoutMs?: number;
  /**
   * The most clauses one SAT instance may hold (default 1 500 000, up to about 150 MB;
   * `Infinity`: no cap); an analysis that needs more throws `CLAUSE_CAP` (with `partial`,
   * leaves its values `null`).
   */
  maxClauses?: number;
  /** When a budget stops the analysis, answer the values known (`null` for the others). */
  partial?: boolean;
}

/** The four values stored per level; `null` when a budget ran out first. */
export interface LevelResult {
  topTierSize: number | null;
  blockingSetsMinSize: number | null;
  blockingSetsFilteredMinSize: number | null;
  splittingSetsMinSize: number | null;
}

/** Sets that prove the values; per-level maps are keyed `node`, `organization`, `country`, `isp`. */
export interface AnalysisWitnesses {
  disjointQuorums?: [string[], string[]];
  minQuorum?: string[];
  blockingSet?: Record<string, string[]>;
  blockingSetFiltered?: Record<string, string[]>;
  splittingSet?: Record<string, { set: string[]; quorums: [string[], string[]] }>;
  historyCriticalSet?: { set: string[]; quorum: string[] };
}

/** `analyzeNetwork`'s answer: the 18 values the explorer stores, and more. */
export interface AnalysisResult {
  status: 'intersecting' | 'split' | 'no-quorum' | 'unknown';
  /** Why some value is `null` (`null`: every value is exact). */
  stopped: 'deadline' | 'clause-cap' | null;
  /** `false` also when there is no quorum at all. */
  hasQuorumIntersection: boolean | null;
  hasSymmetricTopTier: boolean | null;
  minQuorumSize: number | null;
  historyCriticalSetSize?: number | null;
  node: LevelResult;
  organization: LevelResult;
  country: LevelResult;
  isp: LevelResult;
  witnesses: AnalysisWitnesses;
  /** Wall time per sub-analysis, in milliseconds. */
  timingsMs: Record<string, number>;
  /** Whether every value is exact. */
  complete: boolean;
  /** The proved bounds of each unknown value, by path (`node.splittingSetsMinSize`). */
  bounds: Record<string, { lower: number; upper: number | null }>;
  /** Why a partial answer is incomplete. */
  interrupted?: 'TIMEOUT' | 'CLAUSE_CAP';
}

/**
 * The whole per-scan analysis, on the calling thread (use `AnalysisWorker` from
 * `fbas-sat-web/analysis_worker` to keep a page responsive). Throws `INVALID_INPUT`, and
 * `TIMEOUT` / `CLAUSE_CAP` unless `partial`.
 */
export function analyzeNetwork(
  nodes: FbasAnalysisNode[],
  faultyNodes: string[],
  organizations: FbasAnalysisOrganization[],
  options?: AnalysisOptions,
): AnalysisResult;

/** The time budget of each call of the five functions below (60 000 ms). */
export const DEFAULT_TIME_BUDGET_MS: number;
/** Set the time budget of each call of the five functions; returns the previous one. A call
 * that runs out of it throws `TIMEOUT`. */
export function setTimeBudget(ms: number): number;

/** Minimal quorums and whether every two intersect, as @stellarbeat/stellar_analysis_web. */
export function analyze_minimal_quorums(json_fbas: string, json_orgs: string, merge_by: MergeBy): any;
/** Minimal blocking sets, `faulty_nodes` (a JSON array of public keys) taken out of each. */
export function analyze_minimal_blocking_sets(json_fbas: string, json_orgs: string, faulty_nodes: string, merge_by: MergeBy): any;
/** Minimal splitting sets. */
export function analyze_minimal_splitting_sets(json_fbas: string, json_orgs: string, merge_by: MergeBy): any;
/** The top tier. */
export function analyze_top_tier(json_fbas: string, json_orgs: string, merge_by: MergeBy): any;
/** The top tier's common quorum set when it is symmetric, else `null`. */
export function analyze_symmetric_top_tier(json_fbas: string, json_orgs: string, merge_by: MergeBy): any;
