'use strict';
// The package's TypeScript declarations against the explorer backend's use of them
// (__test__/types/backend.ts): under `tsc --strict`, what the backend assigns must compile, and
// every `@ts-expect-error` line must be an error (an unused one fails the compilation).
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT } = require('./helpers');

test('the declarations compile against the backend shapes under tsc --strict', () => {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const moduleResolution of ['node10', 'node16']) {
    const out = spawnSync(
      process.execPath,
      [tsc, '-p', path.join(__dirname, 'types'), '--moduleResolution', moduleResolution, '--module', moduleResolution === 'node16' ? 'node16' : 'commonjs'],
      { encoding: 'utf8' },
    );
    expect({ moduleResolution, status: out.status, output: out.stdout + out.stderr }).toEqual({
      moduleResolution,
      status: 0,
      output: '',
    });
  }
}, 120000);

// The declarations against what the package really answers: real answers (whole, cut and
// partial, of every method) written out as object literals typed with the declared answer types
// and compiled. An undeclared field (excess property), a missing one, or a value of another
// type fails the compilation: the declarations cannot drift from the JSON the engine writes.
test('every answer the engine gives has its declared type', async () => {
  const fs = require('fs');
  const os = require('os');
  const { FbasAnalyzer, analyzeNetwork, analyzeHistoryCritical, MergeBy, clearCache } = require('..');
  const { facadeNodes, facadeOrganizations, hardNetwork } = require('./helpers');
  const analyzer = new FbasAnalyzer();
  const [nodes, orgs] = [facadeNodes(), facadeOrganizations()];
  const hard = hardNetwork(30);
  const answers = []; // [declared type, answer]
  const add = (type, answer) => answers.push([type, answer]);
  for (const m of [null, MergeBy.ORGANIZATION, MergeBy.COUNTRY, MergeBy.ISP]) {
    add('TopTierAnalysis', await analyzer.analyzeTopTier(nodes, orgs, m));
    add('SymmetricTopTierAnalysis', await analyzer.analyzeSymmetricTopTier(nodes, orgs, m));
    add('BlockingSetsAnalysis', await analyzer.analyzeBlockingSets(nodes, ['GAA'], orgs, m));
    add('SplittingSetsAnalysis', await analyzer.analyzeSplittingSets(nodes, orgs, m));
    add('MinimalQuorumsAnalysis', await analyzer.analyzeMinimalQuorums(nodes, orgs, m));
  }
  add('MinimalQuorumsAnalysis', await analyzer.analyzeMinimalQuorums(nodes, orgs, null, { maxSets: 1 }));
  add('SymmetricTopTierAnalysis', await analyzer.analyzeSymmetricTopTier(hard.nodes, hard.organizations, MergeBy.ORGANIZATION));
  add('AnalysisResult', await analyzeNetwork(nodes, ['GAA'], orgs));
  const history = nodes.map((n, i) => ({ ...n, historyArchiveHasError: i === 0 }));
  add('HistoryCriticalAnalysis', await analyzeHistoryCritical(history));
  add('HistoryCriticalAnalysis', await analyzeHistoryCritical(nodes));
  // Partial answers: the budget spent before anything is known, and part way through.
  clearCache();
  const partial = { partial: true, signal: AbortSignal.abort() };
  add('PartialTopTierAnalysis', await analyzer.analyzeTopTier(hard.nodes, hard.organizations, null, partial));
  add('PartialSetsAnalysis<never>', await analyzer.analyzeSplittingSets(hard.nodes, hard.organizations, null, partial));
  add('PartialSetsAnalysis<boolean>', await analyzer.analyzeMinimalQuorums(hard.nodes, hard.organizations, null, partial));
  add('PartialAnalysisResult', await analyzeNetwork(hard.nodes, [], hard.organizations, partial));
  add('PartialAnalysisResult', await analyzeNetwork(hard.nodes, [], hard.organizations, { partial: true, timeoutMs: 200 }));
  add('PartialHistoryCriticalAnalysis', await analyzeHistoryCritical(history, partial));
  expect(answers.some(([, a]) => a.interrupted === 'ABORTED')).toBe(true);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fbas-sat-types-'));
  const index = path.join(ROOT, 'index').replace(/\\/g, '/');
  const lines = answers.map(([type, answer], i) => `export const a${i}: T.${type} = ${JSON.stringify(answer)};`);
  fs.writeFileSync(path.join(dir, 'answers.ts'), [`import type * as T from '${index}';`, ...lines, ''].join('\n'));
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = spawnSync(
    process.execPath,
    [tsc, '--strict', '--exactOptionalPropertyTypes', '--noEmit', '--target', 'ES2022', '--lib', 'ES2022,DOM', '--module', 'commonjs', '--moduleResolution', 'node10', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), path.join(dir, 'answers.ts')],
    { encoding: 'utf8' },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  expect({ status: out.status, output: out.stdout + out.stderr }).toEqual({ status: 0, output: '' });
}, 180000);
