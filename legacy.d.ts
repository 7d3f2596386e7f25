// fbas-sat/legacy: the API of @stellarbeat/stellar_analysis_nodejs (its `stellar_analysis`
// module), typed as that module types it: JSON text in, `any` out. The answers have the shapes
// of index.d.ts' TopTierAnalysis, SymmetricTopTierAnalysis, BlockingSetsAnalysis,
// SplittingSetsAnalysis and MinimalQuorumsAnalysis. Each call is synchronous and blocks for at
// most the time budget (setTimeBudget; default 60 s), then throws an Error with code 'TIMEOUT';
// bad input throws an Error with code 'INVALID_INPUT' naming the node and field.

/**
 * @param {string} json_fbas
 * @param {string} json_orgs
 * @param {number} merge_by
 * @returns {any}
 */
export function analyze_minimal_quorums(json_fbas: string, json_orgs: string, merge_by: number): any;
/**
 * @param {string} json_fbas
 * @param {string} json_orgs
 * @param {string} faulty_nodes
 * @param {number} merge_by
 * @returns {any}
 */
export function analyze_minimal_blocking_sets(json_fbas: string, json_orgs: string, faulty_nodes: string, merge_by: number): any;
/**
 * @param {string} json_fbas
 * @param {string} json_orgs
 * @param {number} merge_by
 * @returns {any}
 */
export function analyze_minimal_splitting_sets(json_fbas: string, json_orgs: string, merge_by: number): any;
/**
 * @param {string} json_fbas
 * @param {string} json_orgs
 * @param {number} merge_by
 * @returns {any}
 */
export function analyze_top_tier(json_fbas: string, json_orgs: string, merge_by: number): any;
/**
 * @param {string} json_fbas
 * @param {string} json_orgs
 * @param {number} merge_by
 * @returns {any}
 */
export function analyze_symmetric_top_tier(json_fbas: string, json_orgs: string, merge_by: number): any;
/** Nothing to install: fbas-sat never panics across the boundary (it throws Errors). */
export function init_panic_hook(): void;
/** The legacy engine's grouping levels, with its numbers. */
export enum MergeBy {
  DoNotMerge = 0,
  Orgs = 1,
  ISPs = 2,
  Countries = 3,
}
/** The default time budget of one call: 60 000 ms. */
export const DEFAULT_TIME_BUDGET_MS: number;
/** Set the time budget of each call (milliseconds, finite, >= 0); returns the previous one. */
export function setTimeBudget(ms: number): number;
