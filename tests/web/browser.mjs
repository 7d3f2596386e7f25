// What the browser test and the browser benchmark share: a static server on 127.0.0.1 for the
// repository's pages, the package and the data, and headless Chromium (Debian's `chromium`,
// installed with apt-get when it is missing, or CHROMIUM_PATH) driven by playwright-core.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');

/** URL prefix → directory of the repository. */
const MOUNTS = {
  '/web/': 'web',
  '/data/': join('tests', 'data'),
  '/page/': join('tests', 'web', 'page'),
  '/bench/': join('bench', 'browser'),
  '/legacy/': join('node_modules', '@stellarbeat', 'stellar_analysis_web'),
};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
};

/** Serve MOUNTS on 127.0.0.1 (a free port); resolves with `{ url, close }`. */
export function serve() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const prefix = Object.keys(MOUNTS).find((p) => path.startsWith(p));
    const base = prefix && resolve(ROOT, MOUNTS[prefix]);
    const file = base && resolve(base, `.${path.slice(prefix.length - 1)}`);
    if (!file || !file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((closed) => server.close(closed)),
      }),
    ),
  );
}

/** The Chromium binary: CHROMIUM_PATH, else /usr/bin/chromium, installed by apt-get if need be. */
export function chromiumPath() {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.env.CHROMIUM_PATH || process.getuid?.() !== 0) {
    throw new Error(`no Chromium at ${path}: install Debian's chromium package or set CHROMIUM_PATH`);
  }
  const apt = (args) => execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'chromium']);
  return path;
}

/**
 * Headless Chromium with a fresh profile (playwright-core makes one per launch), cut off from
 * everything but the loopback server: the flags keep it from calling home, which on a closed
 * network makes it stall.
 */
export function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    chromiumSandbox: false,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
