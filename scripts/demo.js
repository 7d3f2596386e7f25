#!/usr/bin/env node
'use strict';
/*
 * Demo: analyse the bundled real network (the stellarbeat snapshot of 2025-11-13 with its
 * organizations) from Node through the native addon, as the stellarbeat backend would, and
 * print the values it stores per scan, a few of the lists the facade methods return, and the
 * time each call took. `npm run demo` builds the addon first.
 *
 *   node scripts/demo.js [NODES.json [ORGANIZATIONS.json]]
 */
const fs = require('fs');
const path = require('path');
const { analyzeNetwork, FbasAnalyzer, MergeBy } = require('..');

const DATA = path.join(__dirname, '..', 'crates', 'fbas-cli', 'data');
const nodesFile = process.argv[2] || path.join(DATA, 'stellarbeat_nodes_2025-11-13.json');
const orgsFile =
  process.argv[3] || (process.argv[2] ? null : path.join(DATA, 'stellarbeat_organizations_2025-11-13.json'));

// The backend's FbasMapper: nodes and organizations as FbasAnalysisNode / FbasAnalysisOrganization.
const mapQuorumSet = (q) => ({
  threshold: q.threshold,
  validators: q.validators ?? [],
  innerQuorumSets: (q.innerQuorumSets ?? []).map(mapQuorumSet),
});
const raw = JSON.parse(fs.readFileSync(nodesFile, 'utf8'));
const nodes = raw.map((n) => ({
  publicKey: n.publicKey,
  name: n.name ?? null,
  quorumSet: n.quorumSet ? mapQuorumSet(n.quorumSet) : null,
  geoData: { countryName: n.geoData?.countryName ?? null },
  isp: n.isp ?? null,
}));
const organizations = orgsFile
  ? JSON.parse(fs.readFileSync(orgsFile, 'utf8'))
      .filter((o) => (o.validators ?? []).length > 0)
      .map((o) => ({ id: o.id, name: o.name ?? null, validators: o.validators }))
  : [];
const faulty = raw.filter((n) => n.isValidating === false).map((n) => n.publicKey);

async function timed(what, call) {
  const start = process.hrtime.bigint();
  const value = await call();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { what, value, ms };
}

/** A public key shortened for display (group names are left as they are). */
const short = (name) => (/^G[A-Z2-7]{55}$/.test(name) ? `${name.slice(0, 5)}…` : name);

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ')).join('\n');
}

async function main() {
  console.log(`network: ${path.relative(process.cwd(), nodesFile)}`);
  console.log(`${nodes.length} nodes (${nodes.filter((n) => n.quorumSet === null).length} without a quorum set), ` +
    `${organizations.length} organizations with validators, ${faulty.length} not validating\n`);

  const network = await timed('analyzeNetwork', () => analyzeNetwork(nodes, faulty, organizations));
  const r = network.value;
  console.log(`analyzeNetwork: ${network.ms.toFixed(1)} ms`);
  console.log(`  status ${r.status}, quorum intersection ${r.hasQuorumIntersection}, ` +
    `symmetric top tier ${r.hasSymmetricTopTier}, smallest quorum ${r.minQuorumSize}\n`);
  const levels = ['node', 'organization', 'country', 'isp'];
  console.log(table([
    ['', ...levels],
    ['top tier size', ...levels.map((l) => r[l].topTierSize)],
    ['min blocking set', ...levels.map((l) => r[l].blockingSetsMinSize)],
    ['min blocking set, faulty filtered', ...levels.map((l) => r[l].blockingSetsFilteredMinSize)],
    ['min splitting set', ...levels.map((l) => r[l].splittingSetsMinSize)],
  ]));
  console.log('\nwitnesses:');
  console.log(`  a smallest blocking set of organizations: ${r.witnesses.blockingSet?.organization?.join(', ')}`);
  console.log(`  a smallest splitting set of organizations: ${r.witnesses.splittingSet?.organization?.set.join(', ')}`);
  console.log('\ntime per sub-analysis (ms, run in parallel):');
  console.log(
    Object.entries(r.timingsMs)
      .map(([k, v]) => `  ${k.padEnd(30)} ${v.toFixed(1)}`)
      .join('\n'),
  );

  const analyzer = new FbasAnalyzer();
  const calls = [
    await timed('analyzeSymmetricTopTier', () => analyzer.analyzeSymmetricTopTier(nodes, organizations, null)),
    await timed('analyzeMinimalQuorums', () => analyzer.analyzeMinimalQuorums(nodes, organizations, null)),
    await timed('analyzeTopTier (ORGANIZATION)', () =>
      analyzer.analyzeTopTier(nodes, organizations, MergeBy.ORGANIZATION)),
    await timed('analyzeBlockingSets (ORGANIZATION)', () =>
      analyzer.analyzeBlockingSets(nodes, faulty, organizations, MergeBy.ORGANIZATION)),
    await timed('analyzeSplittingSets (COUNTRY)', () =>
      analyzer.analyzeSplittingSets(nodes, organizations, MergeBy.COUNTRY)),
  ];
  console.log('\nthe facade methods (the legacy engine\'s JSON):');
  for (const { what, value, ms } of calls) {
    let summary;
    if ('symmetric_top_tier' in value) {
      const q = value.symmetric_top_tier;
      summary = q ? `threshold ${q.threshold} of ${q.validators.length + (q.innerQuorumSets?.length ?? 0)} members` : 'none';
    } else if ('top_tier' in value) {
      summary = `${value.top_tier_size}: ${value.top_tier.join(', ')}`;
    } else {
      summary = `${value.size} minimal sets, smallest ${value.min}` +
        (value.quorum_intersection === null ? '' : `, quorum intersection ${value.quorum_intersection}`) +
        (value.result.length ? `; e.g. [${value.result[0].map(short).join(', ')}]` : '');
    }
    console.log(`  ${what.padEnd(36)} ${ms.toFixed(1).padStart(7)} ms  ${summary}`);
  }

  // The 20-in-flight picture: the event loop keeps ticking while analyses run.
  let last = performance.now();
  let largest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    largest = Math.max(largest, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  const pending = Array.from({ length: 20 }, () => analyzeNetwork(nodes, faulty, organizations));
  last = performance.now();
  const launch = last - start;
  await Promise.all(pending);
  const all = performance.now() - start;
  clearInterval(tick);
  console.log(`\n20 x analyzeNetwork in flight: ${all.toFixed(0)} ms in all; starting them took ` +
    `${launch.toFixed(1)} ms of the JS thread (JSON.stringify of the inputs); ` +
    `largest event-loop gap afterwards ${largest.toFixed(1)} ms`);
}

main().catch((e) => {
  console.error(`demo failed: ${e.code ?? ''} ${e.message}`);
  process.exit(1);
});
