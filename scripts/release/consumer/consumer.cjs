'use strict';
// A CommonJS user of the installed package. Arguments: the specifiers of the `exports` entries,
// JSON ones as `json:SPECIFIER` (the main one has no `/`). Prints JSON: the names each code
// entry gives, the type of each JSON entry's value, the analysis of network.json through the
// main entry, and the native addons Node loaded.
//   node consumer.cjs --analyze-with DIR   analyses with the package in DIR instead
const network = require('./network.json');

async function main() {
  const args = process.argv.slice(2);
  const specifiers = args[0] === '--analyze-with' ? [args[1]] : args;
  const names = {};
  const json = {};
  for (const s of specifiers) {
    if (s.startsWith('json:')) json[s.slice(5)] = typeof require(s.slice(5));
    else names[s] = Object.keys(require(s));
  }
  const { analyzeNetwork } = require(specifiers.find((s) => !s.includes('/')) ?? specifiers[0]);
  const { timingsMs, ...analysis } = await analyzeNetwork(network.nodes, [], network.organizations);
  const loaded = Object.keys(require.cache).filter((f) => f.endsWith('.node'));
  console.log(JSON.stringify({ names, json, analysis, loaded }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
