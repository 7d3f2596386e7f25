'use strict';
/*
 * The release rehearsal: the packages as they would be published, installed and used the way a
 * user installs and uses them — without publishing anything.
 *
 * 1. Stage the main package as the publish job publishes it: the files `npm pack` selects, with
 *    the `optionalDependencies` on the platform packages that `napi prepublish` adds. Stage every
 *    platform package, with this machine's binary in its own.
 * 2. Pack them with `npm pack`.
 * 3. Install the main package into a fresh project outside the repository, with npm or with
 *    pnpm 9 (the registry's `pnpm` package, cached under .cache/, never installed globally); the
 *    project's overrides send the platform packages to the local tarballs.
 * 4. Check the installed packages' manifests and files (./manifest.js), then, for every entry of
 *    the main package's `exports` map: `require` and `import` it, compare the names each gives
 *    with the values its types declare, and type-check it with `tsc --strict` under
 *    `moduleResolution` node10 and node16 (JSON entries: loaded both ways, no types); finally
 *    run one analysis through `require` and through `import` and compare it with the
 *    repository's own build.
 *
 * Any failure throws an Error that says what is missing.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { checkPackage, exportEntries, isJsonEntry } = require('./manifest');

const ROOT = path.resolve(__dirname, '..', '..');
const CONSUMER = path.join(__dirname, 'consumer');
const CACHE = path.join(ROOT, '.cache', 'release-rehearsal');
const PNPM_MAJOR = '9';

/** The environment for package managers and consumers: nothing inherited from `npm run`. */
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'NAPI_RS_NATIVE_LIBRARY_PATH' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return env;
}

/** npm as `[command, leading args]`: the npm that runs the tests when there is one. */
const NPM = process.env.npm_execpath?.endsWith('.js')
  ? [process.execPath, [process.env.npm_execpath]]
  : ['npm', []];

/** Run a command; its stdout, or an Error with everything it printed. */
function run(command, args, cwd) {
  const shell = process.platform === 'win32' && !path.isAbsolute(command);
  const r = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', shell, maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    const what = [command, ...args].map((a) => path.basename(a)).join(' ');
    throw new Error(`\`${what}\` in ${cwd} failed (${r.error ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

const npm = (args, cwd) => run(NPM[0], [...NPM[1], ...args], cwd);

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** Whether a platform package's os/cpu/libc let npm install it on this machine. */
function runsHere(manifest) {
  const allows = (list, value) => !list || list.includes(value);
  if (!allows(manifest.os, process.platform) || !allows(manifest.cpu, process.arch)) return false;
  if (!manifest.libc) return true;
  const glibc = process.report.getReport().header.glibcVersionRuntime !== undefined;
  return manifest.libc.includes(glibc ? 'glibc' : 'musl');
}

/**
 * Stage the packages in `work`: `{ main, platforms: [{ name, dir, local }] }`. This machine's
 * platform package gets the binary `napi build` left in the root (or `napi artifacts` in npm/).
 */
function stage(work) {
  const root = readJson(path.join(ROOT, 'package.json'));
  const platforms = [];
  for (const dir of fs.readdirSync(path.join(ROOT, 'npm')).sort()) {
    const source = path.join(ROOT, 'npm', dir);
    if (!fs.existsSync(path.join(source, 'package.json'))) continue;
    const manifest = readJson(path.join(source, 'package.json'));
    const staged = path.join(work, 'platforms', dir);
    fs.mkdirSync(staged, { recursive: true });
    for (const f of ['package.json', 'README.md']) fs.copyFileSync(path.join(source, f), path.join(staged, f));
    const local = runsHere(manifest);
    if (local) {
      const binary = [path.join(source, manifest.main), path.join(ROOT, manifest.main)].find((f) => fs.existsSync(f));
      if (!binary) throw new Error(`no ${manifest.main} to rehearse with: build the addon first (npm run build)`);
      fs.copyFileSync(binary, path.join(staged, manifest.main));
    }
    platforms.push({ name: manifest.name, dir: staged, local });
  }
  if (!platforms.some((p) => p.local)) throw new Error(`no platform package runs on ${process.platform}-${process.arch}`);

  // The main package: exactly the files npm would pack, and the optionalDependencies of a publish.
  const main = path.join(work, 'main');
  const [listing] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT));
  for (const { path: rel } of listing.files) {
    fs.mkdirSync(path.dirname(path.join(main, rel)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, rel), path.join(main, rel));
  }
  const published = { ...root, optionalDependencies: {} };
  for (const p of platforms) published.optionalDependencies[p.name] = root.version;
  writeJson(path.join(main, 'package.json'), published);
  return { main, platforms };
}

/** Pack each directory into `out` (one npm call); the tarballs' absolute paths, in order. */
function pack(dirs, out) {
  fs.mkdirSync(out, { recursive: true });
  const packed = JSON.parse(npm(['pack', ...dirs, '--pack-destination', out, '--json', '--ignore-scripts'], out));
  return packed.map((info) => path.join(out, info.filename));
}

/** `node pnpm.cjs` of the newest cached pnpm 9, fetched from the registry once. */
function pnpmCli() {
  const prefix = path.join(CACHE, `pnpm${PNPM_MAJOR}`);
  const cli = path.join(prefix, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
  if (!fs.existsSync(cli)) {
    fs.mkdirSync(prefix, { recursive: true });
    writeJson(path.join(prefix, 'package.json'), { private: true });
    npm(['install', `pnpm@${PNPM_MAJOR}`, '--no-save', '--no-package-lock', '--ignore-scripts'], prefix);
  }
  return cli;
}

/**
 * A fresh project in `dir` depending on the main tarball, its overrides sending every platform
 * package to its tarball, installed with `manager` ('npm' or 'pnpm').
 */
function install(dir, { mainName, mainTarball, platformTarballs }, manager) {
  fs.mkdirSync(dir, { recursive: true });
  const spec = (tarball) => `file:${path.relative(dir, tarball).split(path.sep).join('/')}`;
  const overrides = Object.fromEntries(Object.entries(platformTarballs).map(([n, t]) => [n, spec(t)]));
  const manifest = {
    name: 'fbas-sat-rehearsal-consumer',
    version: '1.0.0',
    private: true,
    dependencies: { [mainName]: spec(mainTarball) },
    ...(manager === 'pnpm' ? { pnpm: { overrides } } : { overrides }),
  };
  writeJson(path.join(dir, 'package.json'), manifest);
  if (manager === 'npm') {
    npm(['install', '--prefer-offline', '--loglevel=error'], dir);
  } else {
    const store = path.join(CACHE, 'pnpm-store');
    run(process.execPath, [pnpmCli(), 'install', '--store-dir', store, '--loglevel=error', '--config.package-import-method=copy'], dir);
  }
}

/**
 * The specifiers of the `exports` entries: `{ code: ['fbas-sat', 'fbas-sat/legacy', …],
 * json: ['fbas-sat/package.json', …] }`.
 */
function specifiers(name, manifest) {
  const code = [];
  const json = [];
  for (const [sub, conditions] of Object.entries(exportEntries(manifest))) {
    (isJsonEntry(conditions) ? json : code).push(sub === '.' ? name : `${name}/${sub.slice(2)}`);
  }
  return { code, json };
}

/** Run one of the consumer scripts in the project; its JSON answer. */
function consume(project, script, args) {
  return JSON.parse(run(process.execPath, [path.join(project, script), ...args], project));
}

/**
 * Type-check `files` of the project with the repository's TypeScript, `--strict`, under one
 * module resolution; the value names each specifier's types declare, `{ specifier: [names] }`.
 * `libCheck`: check the declaration files too (the package's, and @types/node's, which takes
 * most of the time: once per rehearsal is enough, they are the same files under both).
 */
function typeCheck(project, files, resolution, specs, { libCheck }) {
  const ts = require('typescript');
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: !libCheck,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    ...(resolution === 'node10'
      ? { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }
      : { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }),
  };
  const program = ts.createProgram(files.map((f) => path.join(project, f)), options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => project,
      getNewLine: () => '\n',
    });
    throw new Error(`tsc --strict (moduleResolution ${resolution}) fails:\n${text}`);
  }
  const checker = program.getTypeChecker();
  const declared = {};
  for (const file of files) {
    for (const statement of program.getSourceFile(path.join(project, file)).statements) {
      if (!ts.isImportDeclaration(statement)) continue;
      const spec = statement.moduleSpecifier.text;
      if (!specs.includes(spec)) continue;
      const module = checker.getSymbolAtLocation(statement.moduleSpecifier);
      declared[spec] = checker
        .getExportsOfModule(module)
        .filter((s) => {
          const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
          return target.flags & ts.SymbolFlags.Value;
        })
        .map((s) => s.name)
        .sort();
    }
  }
  return declared;
}

/** The consumer files for `specs`: an import of every entry, plus the hand-written usage. */
function writeConsumer(project, specs) {
  for (const f of fs.readdirSync(CONSUMER)) fs.copyFileSync(path.join(CONSUMER, f), path.join(project, f));
  const imports = specs.map((s, i) => `import * as entry${i} from '${s}';`).join('\n');
  const uses = `export const entries = [${specs.map((_, i) => `entry${i}`).join(', ')}];\n`;
  // Generated: every entry of the exports map, as a CommonJS and as an ES module consumer.
  fs.writeFileSync(path.join(project, 'entries.ts'), `${imports}\n${uses}`);
  fs.writeFileSync(path.join(project, 'entries.mts'), `${imports}\n${uses}`);
}

function sameNames(what, a, b) {
  const [x, y] = [JSON.stringify([...a].sort()), JSON.stringify([...b].sort())];
  if (x !== y) throw new Error(`${what}: ${x} vs ${y}`);
}

/** The staged and packed packages, shared by several rehearsals. */
function prepare(work) {
  const { main, platforms } = stage(work);
  const tarballs = pack(platforms.map((p) => p.dir), path.join(work, 'tarballs'));
  return {
    main,
    mainName: readJson(path.join(main, 'package.json')).name,
    local: platforms.find((p) => p.local).name,
    platformTarballs: Object.fromEntries(platforms.map((p, i) => [p.name, tarballs[i]])),
  };
}

/**
 * Rehearse installing and using the staged main package `prepared.main` with `manager`; what
 * was exercised: `{ specifiers, resolutions, platform }`. Throws on the first failure.
 */
function rehearse(prepared, manager, work) {
  const [mainTarball] = pack([prepared.main], path.join(work, `main-${manager}`));
  const project = path.join(work, `${manager}-consumer`);
  const { mainName, local } = prepared;
  install(project, { mainName, mainTarball, platformTarballs: prepared.platformTarballs }, manager);

  const installed = fs.realpathSync(path.join(project, 'node_modules', mainName));
  const manifest = readJson(path.join(installed, 'package.json'));
  // Where Node finds the platform package from the main package: as a user's install lays it out.
  const platformDir = path.dirname(
    require.resolve(`${local}/package.json`, { paths: [installed] }),
  );
  if (!fs.realpathSync(platformDir).startsWith(fs.realpathSync(project))) {
    throw new Error(`${local} resolves outside the consumer project: ${platformDir}`);
  }
  const problems = [
    ...checkPackage(installed, { main: true }).map((p) => `${mainName}: ${p}`),
    ...checkPackage(platformDir, { main: false }).map((p) => `${local}: ${p}`),
  ];
  if (problems.length > 0) throw new Error(`the installed packages are incomplete:\n${problems.join('\n')}`);

  const { code: specs, json } = specifiers(mainName, manifest);
  writeConsumer(project, specs);
  const args = [...specs, ...json.map((s) => `json:${s}`)];
  const required = consume(project, 'consumer.cjs', args);
  const imported = consume(project, 'consumer.mjs', args);
  const declared = {
    node10: typeCheck(project, ['entries.ts', 'usage.ts'], 'node10', specs, { libCheck: false }),
    node16: typeCheck(project, ['entries.ts', 'entries.mts', 'usage.ts'], 'node16', specs, { libCheck: true }),
  };
  for (const spec of specs) {
    sameNames(`${spec}: require() vs the types (node16)`, required.names[spec], declared.node16[spec]);
    sameNames(`${spec}: import vs the types (node16)`, imported.names[spec], declared.node16[spec]);
    sameNames(`${spec}: the types under node10 vs node16`, declared.node10[spec], declared.node16[spec]);
  }
  for (const spec of json) {
    for (const [how, got] of [['require', required], ['import', imported]]) {
      if (got.json[spec] !== 'object') throw new Error(`${how}('${spec}') gave ${got.json[spec]}, not JSON data`);
    }
  }

  // The analysis, through require and import, equals the repository's own build.
  const expected = consume(project, 'consumer.cjs', ['--analyze-with', ROOT]).analysis;
  for (const [how, got] of [['require', required], ['import', imported]]) {
    if (!got.loaded.some((f) => fs.realpathSync(f).startsWith(fs.realpathSync(platformDir)))) {
      throw new Error(`${how}: the addon was not loaded from ${local}: ${got.loaded.join(', ')}`);
    }
    if (JSON.stringify(got.analysis) !== JSON.stringify(expected)) {
      throw new Error(`${how}: analysis ${JSON.stringify(got.analysis)}, expected ${JSON.stringify(expected)}`);
    }
  }
  return { specifiers: [...specs, ...json], resolutions: Object.keys(declared), platform: local, analysis: expected };
}

/** A fresh working directory outside the repository (so nothing resolves to the repo's own). */
function workDir(label) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fbas-sat-release-${label}-`));
}

module.exports = { prepare, rehearse, workDir, CACHE };

if (require.main === module) {
  const work = workDir('cli');
  try {
    const prepared = prepare(work);
    for (const manager of process.argv.slice(2).length ? process.argv.slice(2) : ['npm', 'pnpm']) {
      const r = rehearse(prepared, manager, work);
      console.log(`${manager}: ${r.specifiers.join(', ')} with ${r.platform}, types under ${r.resolutions.join(' and ')}: ok`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
