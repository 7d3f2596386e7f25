// An ES module user of the installed package: a static named import (Node's detection of the
// CommonJS exports), and a dynamic import of every `exports` entry given as an argument (JSON
// ones as `json:SPECIFIER`, imported as JSON). Prints the same JSON as consumer.cjs.
import { analyzeNetwork } from 'fbas-sat';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';

const network = JSON.parse(await readFile(new URL('./network.json', import.meta.url), 'utf8'));
const names = {};
const json = {};
for (const s of process.argv.slice(2)) {
  if (s.startsWith('json:')) {
    json[s.slice(5)] = typeof (await import(s.slice(5), { with: { type: 'json' } })).default;
  } else {
    // An ES namespace of a CommonJS module adds `default` (and, from Node 23, `module.exports`).
    names[s] = Object.keys(await import(s)).filter((n) => n !== 'default' && n !== 'module.exports');
  }
}
const { timingsMs, ...analysis } = await analyzeNetwork(network.nodes, [], network.organizations);
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.endsWith('.node'));
console.log(JSON.stringify({ names, json, analysis, loaded }));
