// The page of the browser test: the bundled 2025-11-13 snapshot analysed by fbas-sat-web's
// AnalysisWorker; every toggle of a validator cancels the analysis in flight and starts another.
import { AnalysisWorker } from '/web/analysis_worker.js';

const LEVELS = ['node', 'organization', 'country', 'isp'];
const VALUES = [
  ['topTierSize', 'top tier'],
  ['blockingSetsMinSize', 'smallest blocking set'],
  ['blockingSetsFilteredMinSize', 'smallest blocking set, faulty nodes excluded'],
  ['splittingSetsMinSize', 'smallest splitting set'],
];

const worker = new AnalysisWorker();
const load = (file) => fetch(`/data/stellarbeat/${file}`).then((r) => r.json());
const [nodes, organizations] = await Promise.all([
  load('stellarbeat_nodes_2025-11-13.json'),
  load('stellarbeat_organizations_2025-11-13.json'),
]);
const switchedOff = new Set();
let runs = 0;

function setState(state, text) {
  document.body.dataset.state = state;
  document.getElementById('status').textContent = text;
}

function show(value) {
  return value === null ? 'unknown' : String(value);
}

function render(result) {
  for (const cell of document.querySelectorAll('#network [data-value]')) {
    cell.textContent = show(result[cell.dataset.value]);
  }
  const table = document.getElementById('levels');
  table.innerHTML = `<tr><th class="label"></th>${LEVELS.map((l) => `<th>${l}</th>`).join('')}</tr>`;
  for (const [key, label] of VALUES) {
    const row = table.insertRow();
    row.innerHTML = `<th class="label">${label}</th>`;
    for (const level of LEVELS) {
      const cell = row.insertCell();
      cell.dataset.value = `${level}.${key}`;
      cell.textContent = show(result[level][key]);
    }
  }
  const split = result.witnesses.splittingSet?.organization?.set;
  document.getElementById('witnesses').textContent = split
    ? `A smallest splitting set of organizations: ${split.join(', ')}.`
    : '';
}

async function analyse() {
  worker.cancel();
  const run = ++runs;
  const network = nodes.filter((n) => !switchedOff.has(n.publicKey));
  const faulty = network.filter((n) => n.isValidating === false).map((n) => n.publicKey);
  setState('analysing', `analysing ${network.length} nodes (validators switched off: ${switchedOff.size})…`);
  const start = performance.now();
  try {
    const result = await worker.analyzeNetwork(network, faulty, organizations, { timeoutMs: 30000 });
    const ms = performance.now() - start;
    window.lastResult = result;
    render(result);
    document.body.dataset.runs = String(run);
    setState('done', `${network.length} nodes, validators switched off: ${switchedOff.size}; analysed in ${ms.toFixed(0)} ms`);
  } catch (e) {
    if (e.code !== 'ABORTED') setState('error', `${e.code}: ${e.message}`);
  }
}

function listValidators() {
  const orgName = new Map(organizations.map((o) => [o.id, o.name]));
  const groups = new Map();
  for (const n of nodes.filter((n) => n.quorumSet)) {
    const org = orgName.get(n.organizationId) ?? 'no organization';
    if (!groups.has(org)) groups.set(org, []);
    groups.get(org).push(n);
  }
  const box = document.getElementById('validators');
  for (const [org, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const fieldset = document.createElement('fieldset');
    fieldset.append(Object.assign(document.createElement('legend'), { textContent: org }));
    for (const n of members) {
      const label = document.createElement('label');
      label.title = n.publicKey;
      label.innerHTML = `<input type="checkbox" checked data-key="${n.publicKey}"> <span></span>`;
      label.querySelector('span').textContent = n.name ?? n.publicKey;
      label.querySelector('input').addEventListener('change', (event) => {
        if (event.target.checked) switchedOff.delete(n.publicKey);
        else switchedOff.add(n.publicKey);
        analyse();
      });
      fieldset.append(label);
    }
    box.append(fieldset);
  }
}

listValidators();
analyse();
