// The backend's use of the package, type-checked with `--strict`: its facade's calls and the
// one-call analysis, with the backend's own types.
import {
  analyzeNetwork,
  AnalysisResult,
  FbasAnalysisNode,
  FbasAnalysisOrganization,
  FbasAnalyzer,
  MergeBy,
  TopTierAnalysis,
} from 'fbas-sat';

const nodes: FbasAnalysisNode[] = [
  {
    publicKey: 'GAA',
    name: null,
    geoData: { countryName: null },
    isp: null,
    quorumSet: { threshold: 1, validators: ['GAA'], innerQuorumSets: [] },
  },
];
const organizations: FbasAnalysisOrganization[] = [{ id: 'o1', name: 'One', validators: ['GAA'] }];

export async function scan(signal: AbortSignal): Promise<number | null> {
  const r: AnalysisResult = await analyzeNetwork(nodes, [], organizations, { timeoutMs: 60_000, signal });
  const intersecting: boolean = r.status === 'intersecting' && r.hasQuorumIntersection === true;
  const analyzer = new FbasAnalyzer();
  const top: TopTierAnalysis = await analyzer.analyzeTopTier(nodes, organizations, MergeBy.ORGANIZATION);
  const blocking = await analyzer.analyzeBlockingSets(nodes, [], organizations, null);
  return intersecting ? top.top_tier_size + blocking.min + (r.node.splittingSetsMinSize ?? 0) : null;
}
