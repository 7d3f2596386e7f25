'use strict';
// The release rehearsal (scripts/release/rehearsal.js): the packages packed, installed into a
// fresh project with npm and with pnpm 9, required, imported, type-checked and used; and proof
// that it fails when a field, a file or an export is missing. Plus the checks the publish job
// runs before publishing (scripts/release/manifest.js).
const fs = require('fs');
const path = require('path');
const { prepare, rehearse, workDir } = require('../scripts/release/rehearsal');
const { checkPlatformPackages, checkRelease, githubRepository } = require('../scripts/release/manifest');

const ROOT = path.resolve(__dirname, '..');
const REHEARSAL_MS = 300_000;
const MANIFEST = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** The specifiers of the package's exports map, as the rehearsal must exercise them. */
const SPECIFIERS = Object.keys(MANIFEST.exports).map((sub) =>
  sub === '.' ? MANIFEST.name : `${MANIFEST.name}/${sub.slice(2)}`,
);

let work;
let prepared;

beforeAll(() => {
  work = workDir('jest');
  prepared = prepare(work);
}, REHEARSAL_MS);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A copy of the staged main package, changed by `mutate`, rehearsed with npm. */
function rehearseCopy(label, mutate) {
  const dir = path.join(work, label);
  const main = path.join(dir, 'package');
  fs.cpSync(prepared.main, main, { recursive: true });
  mutate(main);
  return () => rehearse({ ...prepared, main }, 'npm', dir);
}

function editManifest(dir, edit) {
  const file = path.join(dir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(manifest);
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

describe.each(['npm', 'pnpm'])('installed with %s', (manager) => {
  test(
    'every exports entry loads, matches its types and analyses like the repository build',
    () => {
      const r = rehearse(prepared, manager, path.join(work, manager));
      expect([...r.specifiers].sort()).toEqual([...SPECIFIERS].sort());
      expect(r.resolutions).toEqual(['node10', 'node16']);
      expect(r.platform).toBe(prepared.local);
      expect(r.analysis.status).toBe('intersecting');
      expect(r.analysis.node.topTierSize).toBe(3);
    },
    REHEARSAL_MS,
  );
});

test(
  'exports entries added later (code and JSON) are exercised without changing the rehearsal',
  () => {
    const run = rehearseCopy('added', (dir) => {
      fs.writeFileSync(
        path.join(dir, 'probe.js'),
        "'use strict';\nmodule.exports = { FbasAnalyzer: require('./index.js').FbasAnalyzer };\n",
      );
      fs.writeFileSync(path.join(dir, 'probe.d.ts'), "export { FbasAnalyzer } from './index';\n");
      fs.writeFileSync(path.join(dir, 'probe.json'), '{"probe": true}\n');
      editManifest(dir, (m) => {
        m.files.push('probe.js', 'probe.d.ts', 'probe.json');
        m.exports['./probe'] = { types: './probe.d.ts', default: './probe.js' };
        m.exports['./probe-data'] = './probe.json';
      });
    });
    const { specifiers } = run();
    expect(specifiers).toEqual(expect.arrayContaining([...SPECIFIERS, 'fbas-sat/probe', 'fbas-sat/probe-data']));
    expect(specifiers).toHaveLength(SPECIFIERS.length + 2);
  },
  REHEARSAL_MS,
);

// Each case breaks a copy of the package the way a release can break, and names what the
// rehearsal must then report.
const BREAKS = [
  ['a field (repository)', /no "repository.url"/, (dir) => editManifest(dir, (m) => delete m.repository)],
  ['a field (bugs)', /no "bugs.url"/, (dir) => editManifest(dir, (m) => delete m.bugs)],
  ['a file (LICENSE)', /the file LICENSE is not in the package/, (dir) => fs.rmSync(path.join(dir, 'LICENSE'))],
  [
    'a file an exports entry names (left out of "files")',
    /exports\["\.\/probe"\]\.types \.\/probe\.d\.ts is not in the package/,
    (dir) => editManifest(dir, (m) => (m.exports['./probe'] = { types: './probe.d.ts', default: './probe.js' })),
  ],
  [
    'the types condition of an exports entry',
    /exports\["\."\] must name "types" first/,
    (dir) => editManifest(dir, (m) => (m.exports['.'] = { default: './index.js' })),
  ],
  [
    'an export the types declare',
    /fbas-sat: require\(\) vs the types.*"forgotten"/,
    (dir) => fs.appendFileSync(path.join(dir, 'index.d.ts'), 'export declare function forgotten(): void\n'),
  ],
];

test.each(BREAKS)(
  'a package missing %s fails the rehearsal',
  (label, expected, mutate) => {
    const run = rehearseCopy(label.replace(/\W+/g, '-'), mutate);
    expect(run).toThrow(expected);
  },
  REHEARSAL_MS,
);

test('the platform packages carry the root metadata and version', () => {
  expect(checkPlatformPackages(ROOT)).toEqual([]);
  // A copy with one platform package out of date is caught.
  const dir = path.join(work, 'platform-copy');
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.cpSync(path.join(ROOT, 'npm'), path.join(dir, 'npm'), { recursive: true });
  editManifest(path.join(dir, 'npm', 'darwin-x64'), (m) => {
    delete m.repository;
    m.version = '0.0.1';
  });
  const problems = checkPlatformPackages(dir).join('\n');
  expect(problems).toMatch(/npm\/darwin-x64\/package.json: version 0.0.1/);
  expect(problems).toMatch(/npm\/darwin-x64\/package.json: "repository" differs/);
  expect(problems).toMatch(/npm\/darwin-x64\/package.json: package.json has no "repository.url"/);
});

test('the release check wants the tag to be the version and the repository to match', () => {
  const { version, repository } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const repo = githubRepository(repository.url);
  expect(repo).toMatch(/^[^/]+\/[^/]+$/);
  expect(checkRelease(ROOT, { tag: `v${version}`, repository: repo })).toEqual([]);
  expect(checkRelease(ROOT, { tag: `v${version}`, repository: repo.toUpperCase() })).toEqual([]);
  expect(checkRelease(ROOT, { tag: 'v9.9.9', repository: repo }).join()).toMatch(/tag v9.9.9 is not v/);
  expect(checkRelease(ROOT, { tag: `v${version}`, repository: 'someone/else' }).join()).toMatch(/provenance/);
  for (const url of [
    'git+https://github.com/o/r.git',
    'https://github.com/o/r',
    'git@github.com:o/r.git',
    'https://github.com/o/r#readme',
  ]) {
    expect(githubRepository(url)).toBe('o/r');
  }
  expect(githubRepository('https://gitlab.com/o/r')).toBeNull();
});
