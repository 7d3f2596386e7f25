'use strict';
// analyzeHistoryCritical: python-fbas' history-loss through the package.
const fs = require('fs');
const path = require('path');
const { analyzeHistoryCritical, analyzeNetwork } = require('..');
const { mapNode } = require('./helpers');

const DATA = path.join(__dirname, '..', 'tests', 'data');

function withArchives(file) {
  const raw = JSON.parse(fs.readFileSync(path.join(DATA, file), 'utf8'));
  return raw.map((n) => ({ ...mapNode(n), historyArchiveHasError: n.historyArchiveHasError ?? null }));
}

test('the 2025 pubnet snapshot needs 3 history archives to fail (python-fbas: 3)', async () => {
  const r = await analyzeHistoryCritical(withArchives('stellarbeat/obsrvr_nodes_pubnet.json'));
  expect(r.historyCriticalSetSize).toBe(3);
  expect(r.set).toHaveLength(3);
  expect(r.quorum.length).toBeGreaterThanOrEqual(3);
  expect(r.quorum).toEqual(expect.arrayContaining(r.set));
});

test('analyzeNetwork carries the value when the nodes carry archive flags', async () => {
  const r = await analyzeNetwork(withArchives('stellarbeat/obsrvr_nodes_pubnet.json'), [], []);
  expect(r.historyCriticalSetSize).toBe(3);
  expect(r.witnesses.historyCriticalSet.set).toHaveLength(3);
});

/** GAA, GBB, GCC, each trusting 2 of the three, with `extra(publicKey)`'s fields added. */
function triangle(extra) {
  return ['GAA', 'GBB', 'GCC'].map((publicKey) => ({
    publicKey,
    name: null,
    geoData: null,
    isp: null,
    quorumSet: { threshold: 2, validators: ['GAA', 'GBB', 'GCC'], innerQuorumSets: [] },
    ...extra(publicKey),
  }));
}

test('without archive flags nothing publishes: no value', async () => {
  const nodes = triangle(() => ({}));
  const r = await analyzeHistoryCritical(nodes);
  expect(r.historyCriticalSetSize).toBeNull();
});

test('a quorum where only GAA publishes: GAA alone is history-critical', async () => {
  const nodes = triangle((publicKey) => ({ historyArchiveHasError: publicKey !== 'GAA' }));
  const r = await analyzeHistoryCritical(nodes);
  // {GBB, GCC} is a quorum with no publishing member at all.
  expect(r.historyCriticalSetSize).toBe(0);
});

test('bad input rejects with INVALID_INPUT', async () => {
  await expect(analyzeHistoryCritical([{ publicKey: 1 }])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
});
