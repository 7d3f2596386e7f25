#!/usr/bin/env node
// `npm run build:web`: build the browser package fbas-sat-web in web/. Compiles crates/fbas-wasm
// for wasm32-unknown-unknown (adding that target with rustup when it is missing; cargo's target
// directory, CARGO_TARGET_DIR when set, caches the build) and copies the module to
// web/fbas_sat_web_bg.wasm, next to the package's hand-written glue. No other tool is needed (no
// wasm-bindgen, no wasm-pack).
import { execFileSync } from 'node:child_process';
import { copyFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET = 'wasm32-unknown-unknown';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

const installed = execFileSync('rustup', ['target', 'list', '--installed'], { encoding: 'utf8' });
if (!installed.split('\n').includes(TARGET)) run('rustup', ['target', 'add', TARGET]);
run('cargo', ['build', '--release', '--target', TARGET, '-p', 'fbas-wasm']);
const out = join(root, 'web', 'fbas_sat_web_bg.wasm');
const targetDir = process.env.CARGO_TARGET_DIR || join(root, 'target');
copyFileSync(join(targetDir, TARGET, 'release', 'fbas_wasm.wasm'), out);
console.log(`fbas-sat-web: ${out} (${Math.round(statSync(out).size / 1024)} KiB)`);
