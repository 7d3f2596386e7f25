// fbas-sat: the asynchronous API. Written by hand (the generated native layer is binding.d.ts);
// __test__/types/ checks these declarations against real answers under `tsc --strict`.

/** A quorum set, as the backend's `FbasMapper` builds it. */
export interface FBASAnalysisQuorumSet {
  /** A non-negative integer. */
  threshold: number
  validators: string[]
  innerQuorumSets: FBASAnalysisQuorumSet[]
}

/**
 * A node, as the backend's `FbasMapper` builds it. `quorumSet: null` is a node that can never
 * be satisfied.
 */
export interface FbasAnalysisNode {
  publicKey: string
  name: string | null
  quorumSet: FBASAnalysisQuorumSet | null
  geoData: { countryName: string | null } | null
  isp: string | null
}

/**
 * An organization: its `name` labels the group when merging by organization (the `id` when
 * the name is null). Validators that are not nodes are ignored.
 */
export interface FbasAnalysisOrganization {
  id: string
  name: string | null
  validators: string[]
}

/** Grouping level of the facade methods (`null` analyses single nodes). */
export declare enum MergeBy {
  ORGANIZATION = 'ORGANIZATION',
  COUNTRY = 'COUNTRY',
  ISP = 'ISP',
}

/** A `MergeBy` value, or its string (the backend's own `MergeBy` enum has the same strings). */
export type MergeByValue = MergeBy | 'ORGANIZATION' | 'COUNTRY' | 'ISP'

/** The `code` of an error, and of the stop a partial answer reports in `interrupted`. */
export type ErrorCode = 'INVALID_INPUT' | 'TIMEOUT' | 'ABORTED' | 'CLAUSE_CAP' | 'INTERNAL'

/** The codes a budget stop is reported with. */
export type StopCode = 'TIMEOUT' | 'ABORTED' | 'CLAUSE_CAP'

/** Every rejection is an `Error` with a `code` (and, for bad input, the `path` at fault). */
export interface FbasSatError extends Error {
  code: ErrorCode
  /** Where the bad input is, e.g. `nodes[3] (GABC…).quorumSet.threshold`. */
  path?: string
}

/** The optional last argument of every method. */
export interface AnalysisOptions {
  /**
   * Give up after this many milliseconds: reject with `code: 'TIMEOUT'` (or, with `partial`,
   * resolve with what is known).
   */
  timeoutMs?: number
  /**
   * Abort the analysis: reject with `code: 'ABORTED'` (or, with `partial`, resolve with what is
   * known).
   */
  signal?: AbortSignal
  /**
   * List at most this many minimal sets (default 1 000 000; `Infinity`: no limit; a list of
   * more than 128 MiB of names is cut regardless); a cut list carries `complete: false`, its
   * `min` stays exact.
   */
  maxSets?: number
  /**
   * The most clauses one SAT instance may hold, learnt ones included (default 1 500 000, up to
   * about 150 MB; `Infinity`: no cap); the instances of one call hold twice that together at
   * most, however many cores run them. An analysis that would need more stops
   * (`code: 'CLAUSE_CAP'`, or with `partial` a `null` value) instead of taking gigabytes.
   */
  maxClauses?: number
  /**
   * On timeout, abort or clause cap, resolve with the values known (the others `null`) and
   * `complete: false` instead of rejecting.
   */
  partial?: boolean
}

/** Options that ask for a partial answer rather than a rejection. */
export type PartialOptions = AnalysisOptions & { partial: true }

/** Options without `partial`: the promise resolves only with a whole answer. */
export type WholeOptions = AnalysisOptions & { partial?: false }

/** The marks of a partial answer (a budget stopped the call; `null` values are unknown). */
export interface Interrupted {
  complete?: false
  interrupted?: StopCode
}

/** `analyzeTopTier`'s answer (the legacy engine's JSON). */
export interface TopTierAnalysis {
  /** Public keys sorted, or group names in the order of their first (sorted) node. */
  top_tier: string[]
  top_tier_size: number
  /** Whether this network (after preprocessing) was in the cache when the call began. */
  cache_hit: boolean
}

/** `analyzeTopTier`'s answer with `partial: true`. */
export interface PartialTopTierAnalysis extends Interrupted {
  top_tier: string[] | null
  top_tier_size: number | null
  cache_hit: boolean
}

/** A quorum set in the legacy engine's JSON: `innerQuorumSets` is left out when empty. */
export interface SymmetricQuorumSet {
  threshold: number
  validators: string[]
  innerQuorumSets?: SymmetricQuorumSet[]
}

/** `analyzeSymmetricTopTier`'s answer: the top tier's common quorum set, merged to the level. */
export interface SymmetricTopTierAnalysis {
  symmetric_top_tier: SymmetricQuorumSet | null
}

/** The lists' common shape. */
interface SetsAnalysis {
  /** The minimal sets, by public key or group name, smallest first. */
  result: string[][]
  /** The number of sets listed. */
  size: number
  /** The size of the smallest set (0 when there is none); exact even when the list was cut. */
  min: number
  /** Present (`false`) only when the list was cut at `maxSets` (or 128 MiB of names). */
  complete?: false
}

/** `analyzeBlockingSets`' answer. */
export interface BlockingSetsAnalysis extends SetsAnalysis {
  quorum_intersection: null
}

/** `analyzeSplittingSets`' answer. */
export interface SplittingSetsAnalysis extends SetsAnalysis {
  quorum_intersection: null
}

/** `analyzeMinimalQuorums`' answer. */
export interface MinimalQuorumsAnalysis extends SetsAnalysis {
  /** Whether every two quorums intersect. */
  quorum_intersection: boolean
}

/** A list answer with `partial: true`: `null` where the budget stopped the search. */
export interface PartialSetsAnalysis<Q> extends Interrupted {
  result: string[][] | null
  size: number | null
  min: number | null
  quorum_intersection: Q | null
}

/** The four values the backend stores per grouping level. */
export interface MergeAnalysisResult {
  topTierSize: number
  blockingSetsMinSize: number
  blockingSetsFilteredMinSize: number
  splittingSetsMinSize: number
}

/** The four values per level in a partial answer (`null`: unknown, see `bounds`). */
export type PartialMergeAnalysisResult = { [K in keyof MergeAnalysisResult]: number | null }

/** A splitting set and the two quorums (public keys) that are disjoint once it is deleted. */
export interface SplittingWitness {
  set: string[]
  quorums: [string[], string[]]
}

/** A smallest history-critical set and the quorum it would leave without valid history. */
export interface HistoryWitness {
  /** The history-publishing members of `quorum`. */
  set: string[]
  /** A minimal quorum with no other member publishing history. */
  quorum: string[]
}

/** Sets that prove the numbers; per-level maps are keyed `node`, `organization`, `country`, `isp`. */
export interface AnalysisWitnesses {
  disjointQuorums?: [string[], string[]]
  minQuorum?: string[]
  blockingSet?: Record<string, string[]>
  blockingSetFiltered?: Record<string, string[]>
  splittingSet?: Record<string, SplittingWitness>
  historyCriticalSet?: HistoryWitness
}

/** The proved bounds of a value a budget left unknown: it lies in `lower..=upper`. */
export interface Bounds {
  lower: number
  /** `null`: no upper bound known. */
  upper: number | null
}

/** `analyzeNetwork`'s answer: the backend's `AnalysisResult` plus status, witnesses and timings. */
export interface AnalysisResult {
  status: 'intersecting' | 'split' | 'no-quorum'
  complete: true
  stopped: null
  /** `false` also when there is no quorum at all (as the legacy engine answers). */
  hasQuorumIntersection: boolean
  hasSymmetricTopTier: boolean
  /** Size of the smallest quorum (0 when there is none). */
  minQuorumSize: number
  /** See `analyzeHistoryCritical`; present when the nodes carry `historyArchiveHasError`. */
  historyCriticalSetSize?: number
  node: MergeAnalysisResult
  organization: MergeAnalysisResult
  country: MergeAnalysisResult
  isp: MergeAnalysisResult
  /** Empty: every value is exact. */
  bounds: Record<string, never>
  witnesses: AnalysisWitnesses
  /** Wall time per sub-analysis in milliseconds. */
  timingsMs: Record<string, number>
}

/** `analyzeNetwork`'s answer with `partial: true`: `null` values are unknown (see `bounds`). */
export interface PartialAnalysisResult {
  /** `'unknown'` when the intersection check was stopped. */
  status: 'intersecting' | 'split' | 'no-quorum' | 'unknown'
  /** Whether every value is exact. */
  complete: boolean
  /** Why some value is unknown (`null` when complete). */
  stopped: 'deadline' | 'cancelled' | 'clause-cap' | null
  hasQuorumIntersection: boolean | null
  hasSymmetricTopTier: boolean | null
  minQuorumSize: number | null
  historyCriticalSetSize?: number | null
  node: PartialMergeAnalysisResult
  organization: PartialMergeAnalysisResult
  country: PartialMergeAnalysisResult
  isp: PartialMergeAnalysisResult
  /** Per unknown value, its proved bounds, keyed by its path (`node.splittingSetsMinSize`, …). */
  bounds: Record<string, Bounds>
  witnesses: AnalysisWitnesses
  timingsMs: Record<string, number>
  /** The code of the stop, when some value is unknown. */
  interrupted?: StopCode
}

/** `analyzeHistoryCritical`'s answer. */
export interface HistoryCriticalAnalysis {
  /**
   * The fewest history-publishing validators (`historyArchiveHasError === false`) whose
   * failure leaves some quorum without any member that publishes valid history; `null` when no
   * node carries `historyArchiveHasError`.
   */
  historyCriticalSetSize: number | null
  set?: string[]
  quorum?: string[]
}

/** `analyzeHistoryCritical`'s answer with `partial: true`. */
export interface PartialHistoryCriticalAnalysis extends HistoryCriticalAnalysis, Interrupted {
  /** The proved bounds of a size a budget left unknown. */
  bounds?: Bounds
}

/** The process-wide cache's limits and contents (see `configureCache`). */
export interface CacheInfo {
  maxNetworks: number
  maxBytes: number
  networks: number
  bytes: number
}

/**
 * The backend's `FbasAnalyzerFacade`, method for method, with promises: each method returns the
 * legacy engine's JSON for the same call. Every instance shares the process-wide cache.
 */
export declare class FbasAnalyzer {
  constructor()
  /** The top tier (union of all minimal quorums), as public keys or group names. */
  analyzeTopTier(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeByValue | null, options?: WholeOptions): Promise<TopTierAnalysis>
  analyzeTopTier(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy: MergeByValue | null | undefined, options: PartialOptions): Promise<PartialTopTierAnalysis>
  analyzeTopTier(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeByValue | null, options?: AnalysisOptions): Promise<TopTierAnalysis | PartialTopTierAnalysis>
  /** The common quorum set of the top tier when it is symmetric (merged to the level), else `null`. */
  analyzeSymmetricTopTier(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeByValue | null, options?: AnalysisOptions): Promise<SymmetricTopTierAnalysis>
  /** Minimal blocking sets, with the faulty nodes removed from each (liveness). */
  analyzeBlockingSets(nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeByValue | null, options?: WholeOptions): Promise<BlockingSetsAnalysis>
  analyzeBlockingSets(nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], mergeBy: MergeByValue | null | undefined, options: PartialOptions): Promise<PartialSetsAnalysis<never>>
  analyzeBlockingSets(nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeByValue | null, options?: AnalysisOptions): Promise<BlockingSetsAnalysis | PartialSetsAnalysis<never>>
  /** Minimal splitting sets (safety). */
  analyzeSplittingSets(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeByValue | null, options?: WholeOptions): Promise<SplittingSetsAnalysis>
  analyzeSplittingSets(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy: MergeByValue | null | undefined, options: PartialOptions): Promise<PartialSetsAnalysis<never>>
  analyzeSplittingSets(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeByValue | null, options?: AnalysisOptions): Promise<SplittingSetsAnalysis | PartialSetsAnalysis<never>>
  /** Minimal quorums, and whether every two quorums intersect. */
  analyzeMinimalQuorums(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeByValue | null, options?: WholeOptions): Promise<MinimalQuorumsAnalysis>
  analyzeMinimalQuorums(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy: MergeByValue | null | undefined, options: PartialOptions): Promise<PartialSetsAnalysis<boolean>>
  analyzeMinimalQuorums(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[], mergeBy?: MergeByValue | null, options?: AnalysisOptions): Promise<MinimalQuorumsAnalysis | PartialSetsAnalysis<boolean>>
  /** The same as the exported `analyzeNetwork`. */
  analyzeNetwork(nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], options?: WholeOptions): Promise<AnalysisResult>
  analyzeNetwork(nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], options: PartialOptions): Promise<PartialAnalysisResult>
  analyzeNetwork(nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], options?: AnalysisOptions): Promise<AnalysisResult | PartialAnalysisResult>
}

/**
 * The whole per-scan analysis in one call: everything the backend stores per network scan
 * (the 18 legacy calls), plus status, witnesses and timings.
 */
export declare function analyzeNetwork(nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], options?: WholeOptions): Promise<AnalysisResult>
export declare function analyzeNetwork(nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], options: PartialOptions): Promise<PartialAnalysisResult>
export declare function analyzeNetwork(nodes: FbasAnalysisNode[], faultyNodes: string[], organizations: FbasAnalysisOrganization[], options?: AnalysisOptions): Promise<AnalysisResult | PartialAnalysisResult>

/**
 * The history-critical set (python-fbas' `history-loss`): the fewest validators publishing
 * history (`historyArchiveHasError === false`) whose failure leaves some quorum without any
 * member that publishes valid history.
 */
export declare function analyzeHistoryCritical(nodes: Array<FbasAnalysisNode & { historyArchiveHasError?: boolean | null }>, options?: WholeOptions): Promise<HistoryCriticalAnalysis>
export declare function analyzeHistoryCritical(nodes: Array<FbasAnalysisNode & { historyArchiveHasError?: boolean | null }>, options: PartialOptions): Promise<PartialHistoryCriticalAnalysis>
export declare function analyzeHistoryCritical(nodes: Array<FbasAnalysisNode & { historyArchiveHasError?: boolean | null }>, options?: AnalysisOptions): Promise<HistoryCriticalAnalysis | PartialHistoryCriticalAnalysis>

/**
 * Set the process-wide cache's limits (default 16 networks, 256 MiB of results); entries over
 * them are dropped at once. `{ maxNetworks: 0 }` turns the cache off.
 */
export declare function configureCache(limits: { maxNetworks?: number; maxBytes?: number }): CacheInfo

/** The process-wide cache's limits and contents. */
export declare function cacheInfo(): CacheInfo

/** Drop everything the process-wide cache holds. */
export declare function clearCache(): void
