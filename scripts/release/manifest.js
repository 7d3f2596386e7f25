'use strict';
/*
 * What the registry and a user need from the published packages, checked before anything is
 * published: each function returns the list of problems it found (empty when all is well).
 *
 * - checkPackage: one package as packed or installed — the fields a provenance publish and a
 *   user rely on, and every file that `main`, `types` and the `exports` map point to.
 * - checkPlatformPackages: the per-platform packages under npm/ carry the root's metadata (they are
 *   written from it by `napi create-npm-dirs`) and its version.
 * - checkRelease: the pushed tag is `v` + the version, and `repository.url` is the GitHub
 *   repository the workflow runs in (provenance is rejected otherwise).
 *
 * Run as a script in the publish job, once the binaries are in npm/<platform>/ (`--binaries`:
 * check that each platform package has its binary):
 *   node scripts/release/manifest.js --tag "$GITHUB_REF_NAME" --repository "$GITHUB_REPOSITORY" --binaries
 */
const fs = require('fs');
const path = require('path');

/** The metadata `napi create-npm-dirs` copies from the root package into each platform package. */
const SHARED_FIELDS = ['description', 'keywords', 'homepage', 'license', 'engines', 'repository', 'bugs'];

/** Files every published package carries besides the ones its manifest names. */
const MAIN_FILES = ['LICENSE', 'README.md'];

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Whether an `exports` entry (`{ condition: target }`) is data: JSON, with no code or types. */
function isJsonEntry(conditions) {
  return Object.values(conditions).every((t) => typeof t === 'string' && t.endsWith('.json'));
}

/** `{ subpath: { condition: target } }` for every entry of an `exports` map. */
function exportEntries(manifest) {
  const exp = manifest.exports;
  if (exp === undefined) return {};
  const isSubpathMap = typeof exp === 'object' && exp !== null && Object.keys(exp).every((k) => k.startsWith('.'));
  const map = isSubpathMap ? exp : { '.': exp };
  return Object.fromEntries(
    Object.entries(map).map(([subpath, target]) => [
      subpath,
      typeof target === 'string' ? { default: target } : { ...target },
    ]),
  );
}

/** Problems with the fields every published package needs (provenance needs `repository`). */
function checkFields(manifest) {
  const problems = [];
  for (const field of ['name', 'version', 'description', 'license', 'homepage', 'engines']) {
    if (!manifest[field]) problems.push(`package.json has no "${field}"`);
  }
  if (!manifest.repository?.url) problems.push('package.json has no "repository.url"');
  if (!manifest.bugs?.url) problems.push('package.json has no "bugs.url"');
  if (!manifest.engines?.node) problems.push('package.json has no "engines.node"');
  return problems;
}

/**
 * Problems with the package in `dir` (packed or installed). `main: true` for the main package:
 * it must also have `types` and an `exports` map whose every entry exists and, unless it is
 * JSON, names its types first, and ship LICENSE and README.md; a platform package must ship the binary its `main`
 * names.
 */
function checkPackage(dir, { main }) {
  const manifestFile = path.join(dir, 'package.json');
  if (!fs.existsSync(manifestFile)) return [`${dir} has no package.json`];
  const manifest = readJson(manifestFile);
  const problems = checkFields(manifest);
  const mustExist = (rel, what) => {
    if (!fs.existsSync(path.join(dir, rel))) problems.push(`${what} ${rel} is not in the package`);
  };
  if (!manifest.main) problems.push('package.json has no "main"');
  else mustExist(manifest.main, '"main"');
  if (!main) return problems;

  if (!manifest.types) problems.push('package.json has no "types"');
  else mustExist(manifest.types, '"types"');
  for (const file of MAIN_FILES) mustExist(file, 'the file');
  const entries = exportEntries(manifest);
  if (!entries['.']) problems.push('package.json has no "exports" entry "."');
  for (const [subpath, conditions] of Object.entries(entries)) {
    const names = Object.keys(conditions);
    if (!isJsonEntry(conditions) && names[0] !== 'types') {
      problems.push(`exports["${subpath}"] must name "types" first (TypeScript reads conditions in order)`);
    }
    if (!names.some((c) => ['default', 'require', 'import'].includes(c))) {
      problems.push(`exports["${subpath}"] has no "default", "require" or "import"`);
    }
    for (const [condition, target] of Object.entries(conditions)) {
      if (typeof target !== 'string') {
        problems.push(`exports["${subpath}"].${condition} is not a path`);
      } else {
        mustExist(target, `exports["${subpath}"].${condition}`);
      }
    }
  }
  return problems;
}

/** Problems with the platform packages under `rootDir/npm` against the root package. */
function checkPlatformPackages(rootDir) {
  const root = readJson(path.join(rootDir, 'package.json'));
  const npmDir = path.join(rootDir, 'npm');
  const problems = [];
  for (const dir of fs.readdirSync(npmDir).sort()) {
    const file = path.join(npmDir, dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const manifest = readJson(file);
    const where = `npm/${dir}/package.json`;
    if (manifest.name !== `${root.name}-${dir}`) problems.push(`${where}: name ${manifest.name}`);
    if (manifest.version !== root.version) {
      problems.push(`${where}: version ${manifest.version}, the root has ${root.version}`);
    }
    for (const field of SHARED_FIELDS) {
      if (JSON.stringify(manifest[field]) !== JSON.stringify(root[field])) {
        problems.push(`${where}: "${field}" differs from the root package (run \`npm run npm-dirs\`)`);
      }
    }
    problems.push(...checkFields(manifest).map((p) => `${where}: ${p}`));
  }
  return problems;
}

/** `owner/name` of a GitHub repository URL in any of npm's spellings, or null. */
function githubRepository(url) {
  const m = /github\.com[/:]([^/]+)\/([^/#?]+?)(?:\.git)?(?:[/#?].*)?$/.exec(url ?? '');
  return m ? `${m[1]}/${m[2]}` : null;
}

/**
 * Problems with releasing `rootDir` from tag `tag` in GitHub repository `repository`
 * (`owner/name`, as in GITHUB_REPOSITORY).
 */
function checkRelease(rootDir, { tag, repository }) {
  const root = readJson(path.join(rootDir, 'package.json'));
  const problems = [];
  if (tag !== `v${root.version}`) {
    problems.push(`the tag ${tag} is not v${root.version}, the version in package.json`);
  }
  const declared = githubRepository(root.repository?.url);
  if (declared?.toLowerCase() !== repository.toLowerCase()) {
    problems.push(
      `repository.url names ${declared ?? 'no GitHub repository'}, but the release runs in ${repository}: ` +
        'the registry rejects the provenance statement',
    );
  }
  return problems;
}

module.exports = {
  checkPackage,
  checkPlatformPackages,
  checkRelease,
  exportEntries,
  githubRepository,
  isJsonEntry,
};

if (require.main === module) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const tag = arg('--tag');
  const repository = arg('--repository');
  if (!tag || !repository) {
    console.error('usage: node scripts/release/manifest.js --tag vX.Y.Z --repository OWNER/NAME [--binaries]');
    process.exit(2);
  }
  const rootDir = path.resolve(__dirname, '..', '..');
  const problems = [
    ...checkRelease(rootDir, { tag, repository }),
    ...checkPlatformPackages(rootDir),
    ...checkPackage(rootDir, { main: true }),
  ];
  if (process.argv.includes('--binaries')) {
    const npmDir = path.join(rootDir, 'npm');
    for (const dir of fs.readdirSync(npmDir).sort()) {
      if (!fs.existsSync(path.join(npmDir, dir, 'package.json'))) continue;
      problems.push(...checkPackage(path.join(npmDir, dir), { main: false }).map((p) => `npm/${dir}: ${p}`));
    }
  }
  for (const p of problems) console.error(`release check: ${p}`);
  if (problems.length > 0) process.exit(1);
  console.log(`release check: ${tag} from ${repository} is ready to publish`);
}
