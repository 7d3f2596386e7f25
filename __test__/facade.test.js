'use strict';
// The stellarbeat backend's own FbasAnalyzerFacade tests, against fbas-sat, plus the legacy
// engine's full answers for the same calls on the same network.
const { FbasAnalyzer, MergeBy, clearCache } = require('..');
const { facadeNodes, facadeOrganizations, legacyAnswers } = require('./helpers');

const LEVELS = [
  ['node', null],
  ['organization', MergeBy.ORGANIZATION],
  ['country', MergeBy.COUNTRY],
  ['isp', MergeBy.ISP],
];

let legacy; // the legacy engine's answers: with organizations, and GAA faulty
let legacyNoOrgs;

beforeAll(() => {
  // As for the backend's test, the engine has seen no network yet (no cache hit).
  clearCache();
  [legacy, legacyNoOrgs] = legacyAnswers([
    { nodes: facadeNodes(), organizations: facadeOrganizations(), faulty: ['GAA'] },
    { nodes: facadeNodes(), organizations: [], faulty: ['GAA'] },
  ]);
});

describe('FbasAnalyzerFacade behaviours', () => {
  const analyzer = new FbasAnalyzer();

  test('MergeBy is the backend enum', () => {
    expect(MergeBy).toEqual({ ORGANIZATION: 'ORGANIZATION', COUNTRY: 'COUNTRY', ISP: 'ISP' });
  });

  test('top tier nodes', async () => {
    const result = await analyzer.analyzeTopTier(facadeNodes(), [], null);
    expect(result).toEqual({ top_tier: ['GAA', 'GBB', 'GCC'], top_tier_size: 3, cache_hit: false });
    expect(Object.keys(result)).toEqual(['top_tier', 'top_tier_size', 'cache_hit']);
    // The legacy engine's cache: the same network again is a hit.
    expect((await analyzer.analyzeTopTier(facadeNodes(), [], null)).cache_hit).toBe(true);
  });

  test('top tier organizations', async () => {
    const result = await analyzer.analyzeTopTier(facadeNodes(), facadeOrganizations(), MergeBy.ORGANIZATION);
    expect(result.top_tier).toEqual(['organization1', 'organization2']);
    expect(result.top_tier_size).toEqual(2);
  });

  test('top tier countries', async () => {
    const result = await analyzer.analyzeTopTier(facadeNodes(), [], MergeBy.COUNTRY);
    expect(result.top_tier).toEqual(['Netherlands']);
    expect(result.top_tier_size).toEqual(1);
  });

  test('top tier ISPs', async () => {
    const result = await analyzer.analyzeTopTier(facadeNodes(), [], MergeBy.ISP);
    expect(result.top_tier).toEqual(['Cloudflare']);
    expect(result.top_tier_size).toEqual(1);
  });

  test.each(LEVELS)('top tier at level %s equals the legacy engine', async (level, mergeBy) => {
    const result = await analyzer.analyzeTopTier(facadeNodes(), facadeOrganizations(), mergeBy);
    expect(result.top_tier).toEqual(legacy[level].topTier);
    expect(result.top_tier_size).toEqual(legacy[level].topTierSize);
  });

  test('symmetric top tier nodes', async () => {
    const result = await analyzer.analyzeSymmetricTopTier(facadeNodes(), [], null);
    expect(result.symmetric_top_tier).toEqual({ threshold: 2, validators: ['GAA', 'GBB', 'GCC'] });
    expect(result.symmetric_top_tier).toEqual(legacyNoOrgs.symmetricTopTier);
    expect('innerQuorumSets' in result.symmetric_top_tier).toBe(false);
  });

  test('blocking set nodes', async () => {
    const result = await analyzer.analyzeBlockingSets(facadeNodes(), ['GAA'], [], null);
    expect(result.result).toEqual([['GBB'], ['GCC']]);
    expect(result.min).toEqual(1);
    expect(result.size).toEqual(2);
  });

  test('blocking set organizations', async () => {
    const result = await analyzer.analyzeBlockingSets(facadeNodes(), ['GAA'], facadeOrganizations(), MergeBy.ORGANIZATION);
    expect(result.result).toEqual([['organization1'], ['organization2']]);
    expect(result.min).toEqual(1);
    expect(result.size).toEqual(2);
  });

  test('blocking set countries', async () => {
    const result = await analyzer.analyzeBlockingSets(facadeNodes(), ['GAA'], [], MergeBy.COUNTRY);
    expect(result).toEqual(expect.objectContaining({ result: [['Netherlands']], min: 1, size: 1 }));
  });

  test('blocking set ISPs', async () => {
    const result = await analyzer.analyzeBlockingSets(facadeNodes(), ['GAA'], [], MergeBy.ISP);
    expect(result).toEqual(expect.objectContaining({ result: [['Cloudflare']], min: 1, size: 1 }));
  });

  test.each(LEVELS)('blocking sets at level %s equal the legacy engine', async (level, mergeBy) => {
    const plain = await analyzer.analyzeBlockingSets(facadeNodes(), [], facadeOrganizations(), mergeBy);
    expect(plain).toEqual(legacy[level].blockingSets);
    const filtered = await analyzer.analyzeBlockingSets(facadeNodes(), ['GAA'], facadeOrganizations(), mergeBy);
    expect(filtered).toEqual(legacy[level].blockingSetsFiltered);
  });

  test('splitting sets nodes', async () => {
    const result = await analyzer.analyzeSplittingSets(facadeNodes(), [], null);
    expect(result.result).toEqual([['GAA'], ['GBB'], ['GCC']]);
    expect(result.min).toEqual(1);
    expect(result.size).toEqual(3);
  });

  test('splitting sets organizations', async () => {
    const result = await analyzer.analyzeSplittingSets(facadeNodes(), facadeOrganizations(), MergeBy.ORGANIZATION);
    expect(result).toEqual(expect.objectContaining({ result: [['organization1'], ['organization2']], min: 1, size: 2 }));
  });

  test('splitting sets countries and ISPs', async () => {
    const country = await analyzer.analyzeSplittingSets(facadeNodes(), [], MergeBy.COUNTRY);
    expect(country).toEqual(expect.objectContaining({ result: [['Netherlands']], min: 1, size: 1 }));
    const isp = await analyzer.analyzeSplittingSets(facadeNodes(), [], MergeBy.ISP);
    expect(isp).toEqual(expect.objectContaining({ result: [['Cloudflare']], min: 1, size: 1 }));
  });

  test.each(LEVELS)('splitting sets at level %s equal the legacy engine', async (level, mergeBy) => {
    const result = await analyzer.analyzeSplittingSets(facadeNodes(), facadeOrganizations(), mergeBy);
    expect(result).toEqual(legacy[level].splittingSets);
  });

  test('minimal quorums nodes', async () => {
    const result = await analyzer.analyzeMinimalQuorums(facadeNodes(), [], null);
    expect(result).toEqual({
      min: 2,
      quorum_intersection: true,
      result: [
        ['GAA', 'GBB'],
        ['GAA', 'GCC'],
        ['GBB', 'GCC'],
      ],
      size: 3,
    });
    expect(result).toEqual(legacyNoOrgs.minimalQuorums);
  });

  test('analyzeNetwork gives the values of the 18 legacy calls', async () => {
    const { analyzeNetwork } = require('..');
    const result = await analyzeNetwork(facadeNodes(), ['GAA'], facadeOrganizations());
    expect(result.status).toBe('intersecting');
    expect(result.hasQuorumIntersection).toBe(legacy.hasQuorumIntersection);
    expect(result.hasSymmetricTopTier).toBe(legacy.hasSymmetricTopTier);
    for (const [level] of LEVELS) {
      expect({ level, ...result[level] }).toEqual({
        level,
        topTierSize: legacy[level].topTierSize,
        blockingSetsMinSize: legacy[level].blockingSets.min,
        blockingSetsFilteredMinSize: legacy[level].blockingSetsFiltered.min,
        splittingSetsMinSize: legacy[level].splittingSets.min,
      });
    }
    expect(result.minQuorumSize).toBe(2);
    expect(typeof result.timingsMs).toBe('object');
    expect(result.witnesses.minQuorum).toHaveLength(2);
    expect(result.complete).toBe(true);
  });

  test('the class method analyzeNetwork is the exported function', async () => {
    const { analyzeNetwork } = require('..');
    const a = await analyzer.analyzeNetwork(facadeNodes(), [], facadeOrganizations());
    const b = await analyzeNetwork(facadeNodes(), [], facadeOrganizations());
    delete a.timingsMs;
    delete b.timingsMs;
    expect(a).toEqual(b);
  });

  test('null fields are valid input (the legacy engine aborts on them)', async () => {
    const nodes = facadeNodes().map((n) => ({ ...n, name: null, geoData: null, isp: null }));
    nodes.push({ publicKey: 'GDD', name: null, quorumSet: null, geoData: null, isp: null });
    const orgs = [{ id: 'o1', name: null, validators: ['GAA', 'GBB'] }];
    const result = await analyzer.analyzeTopTier(nodes, orgs, MergeBy.ORGANIZATION);
    expect(result.top_tier).toEqual(['o1', 'GCC']);
    const country = await analyzer.analyzeTopTier(nodes, orgs, MergeBy.COUNTRY);
    expect(country.top_tier).toEqual(['GAA', 'GBB', 'GCC']);
  });
});
