// The explorer backend's use of fbas-sat, type-checked under `tsc --strict`
// (__test__/types.test.js). The interfaces below are written from the backend's documented field
// names: what its FbasAnalyzerFacade, FbasMergedByAnalyzer and FbasAnalyzerService read and store.
// Assignments that must compile are plain; `@ts-expect-error` marks what must not.

import {
  FbasAnalyzer,
  analyzeNetwork,
  MergeBy,
  FbasAnalysisNode,
  FbasAnalysisOrganization,
  FbasSatError,
} from '../..';
import * as stellar_analysis from '../../legacy';

// --- The backend's own shapes -------------------------------------------------------------

interface AnalysisMergedResult {
  blockingSetsMinSize: number;
  blockingSetsFilteredMinSize: number;
  splittingSetsMinSize: number;
  topTierSize: number;
}

interface AnalysisResult {
  hasQuorumIntersection: boolean;
  hasSymmetricTopTier: boolean;
  node: AnalysisMergedResult;
  organization: AnalysisMergedResult;
  isp: AnalysisMergedResult;
  country: AnalysisMergedResult;
}

interface TopTierAnalysis {
  top_tier: string[];
  top_tier_size: number;
  cache_hit: boolean;
}

interface BlockingSetsAnalysis {
  result: string[][];
  min: number;
  size: number;
}

interface SplittingSetsAnalysis {
  result: string[][];
  min: number;
  size: number;
}

interface MinimalQuorumsAnalysis {
  result: string[][];
  size: number;
  min: number;
  quorum_intersection: boolean;
}

/** The backend's own MergeBy (a string enum with the same strings). */
enum BackendMergeBy {
  ORGANIZATION = 'ORGANIZATION',
  COUNTRY = 'COUNTRY',
  ISP = 'ISP',
}

// --- The one-call service: analyzeNetwork -------------------------------------------------

export async function performAnalysis(
  nodes: FbasAnalysisNode[],
  faultyNodes: string[],
  organizations: FbasAnalysisOrganization[],
): Promise<AnalysisResult> {
  const r = await analyzeNetwork(nodes, faultyNodes, organizations, { timeoutMs: 60_000 });
  const stored: AnalysisResult = {
    hasQuorumIntersection: r.hasQuorumIntersection,
    hasSymmetricTopTier: r.hasSymmetricTopTier,
    node: r.node,
    organization: r.organization,
    country: r.country,
    isp: r.isp,
  };
  // The whole answer is assignable too (extra fields aside).
  const whole: AnalysisResult = r;
  const complete: true = r.complete;
  return whole.node === stored.node ? stored : whole;
}

export async function partialAnalysis(
  nodes: FbasAnalysisNode[],
  organizations: FbasAnalysisOrganization[],
): Promise<number | null> {
  const p = await analyzeNetwork(nodes, [], organizations, { timeoutMs: 1000, partial: true });
  // @ts-expect-error a partial answer's values may be null: not the backend's AnalysisResult
  const notStored: AnalysisResult = p;
  // @ts-expect-error a partial answer's level values may be null
  const size: number = p.node.splittingSetsMinSize;
  const maybe: number | null = p.node.splittingSetsMinSize;
  const bounds = p.bounds['node.splittingSetsMinSize'];
  const upper: number | null | undefined = bounds?.upper;
  if (p.interrupted !== undefined) {
    const code: 'TIMEOUT' | 'ABORTED' | 'CLAUSE_CAP' = p.interrupted;
    void code;
  }
  void notStored;
  void size;
  void upper;
  return maybe;
}

// --- The facade, asynchronous ------------------------------------------------------------

export async function facade(
  nodes: FbasAnalysisNode[],
  faultyNodes: string[],
  organizations: FbasAnalysisOrganization[],
): Promise<number> {
  const analyzer = new FbasAnalyzer();
  const topTier: TopTierAnalysis = await analyzer.analyzeTopTier(nodes, organizations, null);
  const byOrg: TopTierAnalysis = await analyzer.analyzeTopTier(nodes, organizations, MergeBy.ORGANIZATION);
  const byBackendEnum: TopTierAnalysis = await analyzer.analyzeTopTier(
    nodes,
    organizations,
    BackendMergeBy.COUNTRY,
  );
  const blocking: BlockingSetsAnalysis = await analyzer.analyzeBlockingSets(
    nodes,
    faultyNodes,
    organizations,
    BackendMergeBy.ISP,
  );
  const splitting: SplittingSetsAnalysis = await analyzer.analyzeSplittingSets(nodes, organizations, null);
  const quorums: MinimalQuorumsAnalysis = await analyzer.analyzeMinimalQuorums(nodes, organizations, null);
  const symmetric = await analyzer.analyzeSymmetricTopTier(nodes, organizations, null);
  const hasSymmetricTopTier: boolean = symmetric.symmetric_top_tier !== null;

  const partialTopTier = await analyzer.analyzeTopTier(nodes, organizations, null, { partial: true });
  // @ts-expect-error a partial top tier may be null
  const length: number = partialTopTier.top_tier.length;
  // @ts-expect-error the level is a MergeBy, a string of one, or null
  await analyzer.analyzeTopTier(nodes, organizations, 'organization');

  try {
    await analyzeNetwork(nodes, faultyNodes, organizations, { timeoutMs: 10 });
  } catch (e) {
    const code: FbasSatError['code'] = (e as FbasSatError).code;
    void code;
  }
  void length;
  return (
    topTier.top_tier_size +
    byOrg.top_tier_size +
    byBackendEnum.top_tier_size +
    blocking.min +
    splitting.min +
    quorums.size +
    Number(hasSymmetricTopTier)
  );
}

// --- The one-line swap: the legacy engine's module, by another name ------------------------

export function legacyFacade(nodes: FbasAnalysisNode[], organizations: FbasAnalysisOrganization[]): boolean {
  const nodesJSON = JSON.stringify(nodes);
  const organizationsJSON = JSON.stringify(organizations);
  const tt: TopTierAnalysis = stellar_analysis.analyze_top_tier(nodesJSON, organizationsJSON, stellar_analysis.MergeBy.Orgs);
  const mq: MinimalQuorumsAnalysis = stellar_analysis.analyze_minimal_quorums(
    nodesJSON,
    organizationsJSON,
    stellar_analysis.MergeBy.DoNotMerge,
  );
  const blocking: BlockingSetsAnalysis = stellar_analysis.analyze_minimal_blocking_sets(
    nodesJSON,
    organizationsJSON,
    JSON.stringify([]),
    stellar_analysis.MergeBy.Countries,
  );
  const merge: stellar_analysis.MergeBy = stellar_analysis.MergeBy.ISPs;
  stellar_analysis.init_panic_hook();
  // @ts-expect-error the legacy functions take JSON text, not values
  stellar_analysis.analyze_top_tier(nodes, organizationsJSON, merge);
  return tt.cache_hit && mq.quorum_intersection && blocking.min >= 0;
}
