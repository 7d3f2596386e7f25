'use strict';
// Shared fixtures of the Jest suites: the backend facade test network, the backend's mapping of
// stellarbeat snapshots, generated networks, and the legacy engine.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const DATA = path.join(ROOT, 'tests', 'data');

/** The backend's FbasAnalyzerFacade test network: GAA, GBB, GCC, each 2-of-3. */
function facadeNodes() {
  return ['GAA', 'GBB', 'GCC'].map((publicKey) => ({
    publicKey,
    name: publicKey,
    geoData: { countryName: 'Netherlands' },
    isp: 'Cloudflare',
    quorumSet: { threshold: 2, validators: ['GAA', 'GBB', 'GCC'], innerQuorumSets: [] },
  }));
}

function facadeOrganizations() {
  return [
    { name: 'organization1', id: 'organization1', validators: ['GAA', 'GBB'] },
    { name: 'organization2', id: 'organization2', validators: ['GCC'] },
  ];
}

function mapQuorumSet(q) {
  return {
    threshold: q.threshold,
    validators: q.validators ?? [],
    innerQuorumSets: (q.innerQuorumSets ?? []).map(mapQuorumSet),
  };
}

/** A stellarbeat node as the backend's FbasMapper gives it to the engine. */
function mapNode(node) {
  return {
    publicKey: node.publicKey,
    name: node.name ?? null,
    quorumSet: node.quorumSet ? mapQuorumSet(node.quorumSet) : null,
    geoData: { countryName: node.geoData?.countryName ?? null },
    isp: node.isp ?? null,
  };
}

/** Every stellarbeat snapshot under tests/data/stellarbeat, loaded as the backend would. */
function stellarbeatSnapshots() {
  const dir = path.join(DATA, 'stellarbeat');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.includes('organizations'))
    .sort()
    .map((file) => loadSnapshot(path.join(dir, file), `stellarbeat/${file}`));
}

function loadSnapshot(file, key) {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  const orgFile = file.replace('nodes', 'organizations');
  const organizations =
    orgFile !== file && fs.existsSync(orgFile)
      ? JSON.parse(fs.readFileSync(orgFile, 'utf8'))
          .filter((o) => (o.validators ?? []).length > 0)
          .map((o) => ({ id: o.id, name: o.name ?? null, validators: o.validators }))
      : [];
  return {
    key,
    nodes: raw.map(mapNode),
    organizations,
    faulty: raw.filter((n) => n.isValidating === false).map((n) => n.publicKey),
  };
}

function legacyRecords() {
  return JSON.parse(fs.readFileSync(path.join(DATA, 'legacy-engine.json'), 'utf8')).networks;
}

/**
 * A hard network: `orgs` organizations of 3 validators, each validator trusting every
 * organization as a 2-of-3 inner set, with a 67% top-level threshold.
 */
function hardNetwork(orgs) {
  const inner = [];
  const nodes = [];
  const organizations = [];
  for (let o = 0; o < orgs; o++) {
    const validators = [0, 1, 2].map((v) => `G${String(o).padStart(3, '0')}V${v}`);
    inner.push({ threshold: 2, validators, innerQuorumSets: [] });
    organizations.push({ id: `org${o}`, name: `org${o}`, validators });
  }
  const threshold = Math.ceil((orgs * 67) / 100);
  for (const org of organizations) {
    for (const publicKey of org.validators) {
      nodes.push({
        publicKey,
        name: publicKey,
        quorumSet: { threshold, validators: [], innerQuorumSets: inner },
        geoData: { countryName: null },
        isp: null,
      });
    }
  }
  return { nodes, organizations };
}

/** A python-fbas random network (`tests/data/python-fbas/random/<name>.json` and its
 * `<name>_orgs.json`) as the backend's nodes and organizations. */
function pythonFbasNetwork(name) {
  const dir = path.join(DATA, 'python-fbas', 'random');
  const read = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const nodes = read(`${name}.json`).map(mapNode);
  const organizations = read(`${name}_orgs.json`).map((o) => ({
    id: o.name,
    name: o.name,
    validators: o.validators,
  }));
  return { nodes, organizations };
}

/** A small pseudo-random generator (mulberry32), so the random networks are reproducible. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = {
  ROOT,
  DATA,
  facadeNodes,
  facadeOrganizations,
  mapNode,
  stellarbeatSnapshots,
  loadSnapshot,
  legacyRecords,
  hardNetwork,
  pythonFbasNetwork,
  rng,
};

/**
 * The legacy engine's answers to the backend's 18 calls, per request ({nodes, organizations,
 * faulty}), through the harness tools/legacy/analyze.js (a fresh engine per request, so a panic
 * cannot poison later answers).
 */
function legacyAnswers(requests, timeoutMs = 60000) {
  const { spawnSync } = require('child_process');
  const out = spawnSync(process.execPath, [path.join(ROOT, 'tools', 'legacy', 'analyze.js')], {
    input: JSON.stringify(requests),
    env: { ...process.env, LEGACY_TIMEOUT_MS: String(timeoutMs) },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`legacy harness failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

module.exports.legacyAnswers = legacyAnswers;
