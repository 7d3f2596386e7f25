'use strict';
// Differential: seeded random small networks through fbas-sat and through the legacy engine
// (@stellarbeat/stellar_analysis_nodejs 0.6.2, via tools/legacy/analyze.js); every answer of the
// backend's 18 calls must agree, whole JSON for the facade methods.
const { analyzeNetwork, FbasAnalyzer, MergeBy } = require('..');
const { legacyAnswers, rng } = require('./helpers');

const COUNT = 100;
const LEVELS = [
  ['node', null],
  ['organization', MergeBy.ORGANIZATION],
  ['country', MergeBy.COUNTRY],
  ['isp', MergeBy.ISP],
];
const COUNTRIES = ['Netherlands', 'Germany', 'Finland', null, ''];
const ISPS = ['Amazon.com, Inc.', 'Amazon.com Inc', 'Hetzner', 'OVH', null, ''];

function randomNetwork(seed) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const n = 3 + Math.floor(random() * 5);
  const keys = Array.from({ length: n }, (_, i) => `G${String.fromCharCode(65 + i)}${seed % 97}`);
  const subset = (min) => {
    const s = keys.filter(() => random() < 0.6);
    while (s.length < min) s.push(pick(keys));
    return [...new Set(s)];
  };
  const qset = (depth) => {
    const validators = subset(1);
    if (random() < 0.1) validators.push('GUNKNOWN'); // a member that is no node
    const inner = depth < 2 && random() < 0.3 ? [qset(depth + 1)] : [];
    const members = validators.length + inner.length;
    const threshold = Math.max(1, Math.min(members, Math.ceil(members * (0.5 + random() * 0.5))));
    return { threshold, validators, innerQuorumSets: inner };
  };
  const nodes = keys.map((publicKey) => ({
    publicKey,
    name: random() < 0.8 ? publicKey.toLowerCase() : null,
    quorumSet: random() < 0.08 ? null : qset(0),
    geoData: { countryName: pick(COUNTRIES) },
    isp: pick(ISPS),
  }));
  const organizations = [];
  const shuffled = [...keys].sort(() => random() - 0.5);
  for (let o = 0; shuffled.length > 1 && random() < 0.7; o++) {
    const size = 1 + Math.floor(random() * Math.min(3, shuffled.length));
    organizations.push({ id: `org${o}`, name: `Org ${o}`, validators: shuffled.splice(0, size) });
  }
  const faulty = keys.filter(() => random() < 0.2);
  return { nodes, organizations, faulty };
}

const networks = Array.from({ length: COUNT }, (_, i) => randomNetwork(1000 + i));
let legacy;

beforeAll(() => {
  legacy = legacyAnswers(networks, 30000);
}, 300000);

// Merged levels are compared up to the order of the groups: the legacy engine numbers groups in
// an order fbas-core does not reproduce in every case (see real-networks.test.js), which
// reorders sets and members. Node level is compared as is.
function canonical(answer, mergeBy) {
  if (mergeBy === null || !Array.isArray(answer.result)) return answer;
  const result = answer.result.map((set) => [...set].sort()).sort((a, b) => a.length - b.length || String(a).localeCompare(String(b)));
  return { ...answer, result };
}

// A legacy answer that is an engine failure ({error} or 'timeout') is not compared.
const failed = (v) => v === 'timeout' || (v && typeof v === 'object' && 'error' in v);

describe.each(networks.map((net, i) => [i, net]))('random network %i', (i, net) => {
  test('analyzeNetwork agrees with the legacy engine', async () => {
    const ours = await analyzeNetwork(net.nodes, net.faulty, net.organizations);
    const theirs = legacy[i];
    if (!failed(theirs.hasQuorumIntersection)) expect(ours.hasQuorumIntersection).toBe(theirs.hasQuorumIntersection);
    if (!failed(theirs.hasSymmetricTopTier)) expect(ours.hasSymmetricTopTier).toBe(theirs.hasSymmetricTopTier);
    for (const [level] of LEVELS) {
      const l = theirs[level];
      const expected = {
        topTierSize: failed(l.topTierSize) ? ours[level].topTierSize : l.topTierSize,
        blockingSetsMinSize: failed(l.blockingSets) ? ours[level].blockingSetsMinSize : l.blockingSets.min,
        blockingSetsFilteredMinSize: failed(l.blockingSetsFiltered)
          ? ours[level].blockingSetsFilteredMinSize
          : l.blockingSetsFiltered.min,
        splittingSetsMinSize: failed(l.splittingSets) ? ours[level].splittingSetsMinSize : l.splittingSets.min,
      };
      expect({ level, ...ours[level] }).toEqual({ level, ...expected });
    }
  });

  test('the facade methods give the legacy JSON', async () => {
    const analyzer = new FbasAnalyzer();
    const theirs = legacy[i];
    // The legacy engine got the nodes without null quorum sets (it aborts on them): such nodes
    // change no value, but they do take part in numbering the groups, hence in the order.
    const nodes = net.nodes.filter((n) => n.quorumSet !== null);
    const { organizations, faulty } = net;
    if (!failed(theirs.symmetricTopTier)) {
      expect(await analyzer.analyzeSymmetricTopTier(nodes, organizations, null)).toEqual({
        symmetric_top_tier: theirs.symmetricTopTier,
      });
    }
    if (!failed(theirs.minimalQuorums)) {
      expect(await analyzer.analyzeMinimalQuorums(nodes, organizations, null)).toEqual(theirs.minimalQuorums);
    }
    for (const [level, mergeBy] of LEVELS) {
      const l = theirs[level];
      if (!failed(l.topTier)) {
        const tt = await analyzer.analyzeTopTier(nodes, organizations, mergeBy);
        // Merged, the legacy engine lists the top tier's groups in an order fbas-core does not
        // reproduce (see real-networks.test.js); node level is compared in order.
        const order = mergeBy === null ? (names) => names : (names) => [...names].sort();
        expect([level, order(tt.top_tier), tt.top_tier_size]).toEqual([level, order(l.topTier), l.topTierSize]);
      }
      if (!failed(l.blockingSets)) {
        expect([level, canonical(await analyzer.analyzeBlockingSets(nodes, [], organizations, mergeBy), mergeBy)]).toEqual([
          level,
          canonical(l.blockingSets, mergeBy),
        ]);
      }
      if (!failed(l.blockingSetsFiltered)) {
        expect([level, canonical(await analyzer.analyzeBlockingSets(nodes, faulty, organizations, mergeBy), mergeBy)]).toEqual([
          level,
          canonical(l.blockingSetsFiltered, mergeBy),
        ]);
      }
      if (!failed(l.splittingSets)) {
        expect([level, canonical(await analyzer.analyzeSplittingSets(nodes, organizations, mergeBy), mergeBy)]).toEqual([
          level,
          canonical(l.splittingSets, mergeBy),
        ]);
      }
    }
  });
});

test('the legacy engine answered most calls', () => {
  const answered = legacy.filter((r) => !failed(r.minimalQuorums) && !failed(r.node.splittingSets)).length;
  expect(answered).toBeGreaterThan(COUNT / 2);
});
