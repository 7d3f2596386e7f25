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
