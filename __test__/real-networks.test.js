'use strict';
// Integration on real data: every stellarbeat snapshot of tests/data, loaded as the backend
// loads it, through analyzeNetwork and the facade methods; every value equal to the legacy
// engine's recorded answer (tests/data/legacy-engine.json).
const { analyzeNetwork, FbasAnalyzer, MergeBy } = require('..');
const { stellarbeatSnapshots, legacyRecords } = require('./helpers');

const LEVELS = [
  ['node', null],
  ['organization', MergeBy.ORGANIZATION],
  ['country', MergeBy.COUNTRY],
  ['isp', MergeBy.ISP],
];
const snapshots = stellarbeatSnapshots();
const records = legacyRecords();
const timings = [];

afterAll(() => {
  // The per-network wall time next to the legacy engine's (its 18 calls, as recorded).
  const lines = timings.map(
    ([key, ms, legacyMs]) => `  ${key.padEnd(58)} fbas-sat ${ms.toFixed(0).padStart(5)} ms   legacy ${String(legacyMs).padStart(5)} ms`,
  );
  process.stdout.write(`\nanalyzeNetwork wall time per snapshot:\n${lines.join('\n')}\n`);
});

test('the snapshots are there and recorded as finished', () => {
  expect(snapshots.length).toBeGreaterThanOrEqual(6);
  for (const s of snapshots) expect(records[s.key]).toMatchObject({ status: 'ok' });
});

describe.each(snapshots.map((s) => [s.key, s]))('%s', (key, snapshot) => {
  const legacy = records[key];

  test('analyzeNetwork equals the legacy engine on every value', async () => {
    const start = process.hrtime.bigint();
    const result = await analyzeNetwork(snapshot.nodes, snapshot.faulty, snapshot.organizations);
    timings.push([key, Number(process.hrtime.bigint() - start) / 1e6, legacy.wallMs]);
    const mine = { hasQuorumIntersection: result.hasQuorumIntersection, hasSymmetricTopTier: result.hasSymmetricTopTier };
    const theirs = { hasQuorumIntersection: legacy.hasQuorumIntersection, hasSymmetricTopTier: legacy.hasSymmetricTopTier };
    for (const [level] of LEVELS) {
      mine[level] = result[level];
      theirs[level] = {
        topTierSize: legacy[level].topTierSize,
        blockingSetsMinSize: legacy[level].minBlockingSetSize,
        blockingSetsFilteredMinSize: legacy[level].minBlockingSetFilteredSize,
        splittingSetsMinSize: legacy[level].minSplittingSetSize,
      };
    }
    expect(mine).toEqual(theirs);
    expect(result.status).toBe(legacy.hasQuorumIntersection ? 'intersecting' : 'split');
    expect(result.minQuorumSize).toBe(legacy.minimalQuorums.min);
    expect(result.complete).toBe(true);
  });

  test('analyzeSymmetricTopTier equals the legacy engine', async () => {
    const result = await new FbasAnalyzer().analyzeSymmetricTopTier(snapshot.nodes, snapshot.organizations, null);
    expect(result).toEqual({ symmetric_top_tier: legacy.symmetricTopTier });
  });

  test.each(LEVELS)('analyzeTopTier at level %s equals the legacy engine', async (level, mergeBy) => {
    const result = await new FbasAnalyzer().analyzeTopTier(snapshot.nodes, snapshot.organizations, mergeBy);
    expect(result.top_tier_size).toBe(legacy[level].topTierSize);
    if (mergeBy === null) {
      expect(result.top_tier).toEqual(legacy[level].topTier);
    } else {
      // Merged, the legacy engine lists the groups in the iteration order of a hash set; the
      // names are the same.
      expect([...result.top_tier].sort()).toEqual([...legacy[level].topTier].sort());
    }
  });
});
