// Probe: the person pass in WebAssembly (kernel.ts, AssemblyScript) against the JavaScript pass (dist/model/step-persons.js),
// on the same 1M-agent persons' columns (views onto one WebAssembly.Memory), in one process, interleaved, best of N.
//   npm run build && npx asc bench/experiments/wasm-person-pass/kernel.ts -O3 --noAssert --runtime stub --importMemory \
//     --noExportMemory -o bench/experiments/wasm-person-pass/kernel.wasm
//   node --max-old-space-size=4096 bench/experiments/wasm-person-pass/probe.mjs [--agents N] [--at 24,96,168] [--runs 5]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadScenario } from '../../../dist/scenario/load.js';
import { formatMonth, parseMonth } from '../../../dist/scenario/month.js';
import { ModelState } from '../../../dist/model/state.js';
import { SCHEDULE } from '../../../dist/model/definition.js';
import { stepPersons } from '../../../dist/model/step-persons.js';
import { PERSON_COLUMNS } from '../../../dist/model/persons.js';
import { stepPersonsOpt } from './jsopt.mjs';

const { values } = parseArgs({ options: { agents: { type: 'string', default: '1000000' }, at: { type: 'string', default: '24,96,168' }, runs: { type: 'string', default: '5' } } });
const agents = Number(values.agents);
const at = values.at.split(',').map(Number);
const runs = Number(values.runs);

const file = 'scenarios/qingyang.yaml';
const base = (await loadScenario(file)).scenario;
const { scenario } = await loadScenario(file, [`population.emigrants=${Math.max(base.population.emigrants, agents)}`, `population.agents=${agents}`, `end=${formatMonth(parseMonth(base.start) + 191)}`]);
const m = new ModelState(scenario, 12345);
const p = m.persons;
const n = p.count;

// Memory: columns (8-byte aligned), then tables and scratch.
const BLOCK = 4096;
let top = 65536;
const regions = {};
const alloc = (bytes) => { const at = top; top += Math.ceil(bytes / 8) * 8; return at; };
const keys = Object.keys(PERSON_COLUMNS);
for (const k of keys) regions[k] = alloc(n * PERSON_COLUMNS[k].type.BYTES_PER_ELEMENT);
const PTRS = alloc(64 * 4), TERMS = alloc(64 * 8), FUTURE = alloc(16 * 8), BY_STATUS = alloc(8 * 8), LOCAL = alloc(4096 * 8);
const LOG1P = alloc(256 * 8), GRID = alloc(2049 * 8), CONNECTED = alloc(scenario.population.villages + 8);
const AWAY_IDS = alloc(BLOCK * 4), HOME_IDS = alloc(BLOCK * 4), DRAWS = alloc(2 * BLOCK * 8), OUT_RET = alloc(BLOCK * 4), OUT_LEAVE = alloc(BLOCK * 4), OUT_CAND = alloc(BLOCK * 4), COUNTS = alloc(16 * 4);
let NET = alloc(1 << 22); // room for 512Ki channels
const memory = new WebAssembly.Memory({ initial: Math.ceil(top / 65536) + 1 });
const buf = memory.buffer;
for (const k of keys) {
  const T = PERSON_COLUMNS[k].type;
  const view = new T(buf, regions[k], n);
  view.set(p[k]);
  p[k] = view;
}
const colPtr = ['status', 'entry', 'village', 'wage', 'savings', 'loan', 'nostalgia', 'family', 'modernity', 'risk', 'skill', 'knowledge', 'trained', 'education', 'calledUntil', 'urbanMonths', 'channel', 'peersHome', 'elitePeersHome', 'successfulPeers'].map((k) => regions[k]);
new Uint32Array(buf, PTRS, 64).set([...colPtr, TERMS, FUTURE, BY_STATUS, LOCAL, LOG1P, GRID, NET, CONNECTED, AWAY_IDS, HOME_IDS, DRAWS, OUT_RET, OUT_LEAVE, OUT_CAND, COUNTS]);
new Float64Array(buf, LOG1P, 256).set(Float64Array.from({ length: 256 }, (_, k) => Math.log1p(k)));
const logistic = (x) => 1 / (1 + Math.exp(-x));
new Float64Array(buf, GRID, 2049).set(Float64Array.from({ length: 2049 }, (_, k) => logistic(k / 32 - 32)));

const wasm = await WebAssembly.instantiate(readFileSync(new URL('./kernel.wasm', import.meta.url)), { env: { memory, exp: Math.exp, abort: () => { throw new Error('abort'); } } });
const K = wasm.instance.exports;
K.layout(PTRS);
const terms = new Float64Array(buf, TERMS, 64);
const counts = new Int32Array(buf, COUNTS, 16);
const draws = new Float64Array(buf, DRAWS, 2 * BLOCK);
const outRet = new Int32Array(buf, OUT_RET, BLOCK), outLeave = new Int32Array(buf, OUT_LEAVE, BLOCK), outCand = new Int32Array(buf, OUT_CAND, BLOCK);

function monthTables(m) {
  const d = m.terms;
  const cr = d.creators;
  const local = d.localIncomeByExperience;
  terms.set([d.wageIndex, d.jobLoss, d.rehire, d.savingRate, d.livingCost, d.settle, d.incomePerQuality, cr.quality_base, cr.quality_skill, cr.quality_knowledge, d.heritage, cr.couple_boost, d.riskAversion,
    d.creatorCost, d.ownCapital, d.loansOpen ? 1 : 0, d.loanAmount, d.loanChance, d.roleModelCap, d.income, d.networkMonthly, d.nostalgia, d.family, d.modernity, d.peers, d.elitePeers, d.successfulPeers,
    d.control, d.training, d.base, d.unemployed, d.outreach, d.leaveIntercept, d.leaveIncome, d.cityEmployment, d.leaveAttachment, d.familyWeight, d.leaveModernity, d.remigrationFactor, d.reconsider, local.length - 1]);
  new Float64Array(buf, FUTURE, d.futureByEducation.length).set(d.futureByEducation);
  new Float64Array(buf, BY_STATUS, 7).set(d.incomeByStatus);
  new Float64Array(buf, LOCAL, local.length).set(local);
  new Uint8Array(buf, CONNECTED, m.connected.length).set(m.connected);
  new Float64Array(buf, NET, m.channels.size).set(m.channels.net.subarray(0, m.channels.size));
}

function wasmStepPersons(m, t) {
  monthTables(m);
  const sc = m.statusCount;
  let active = 0;
  for (let lo = 0; lo < n; lo += BLOCK) {
    const hi = Math.min(n, lo + BLOCK);
    K.list(lo, hi, t);
    const away = counts[0], home = counts[1], entered = counts[2];
    active += away + home;
    m.rng.fill(draws, 2 * away + home);
    K.decideAway(away, t);
    K.decideHome(home, 2 * away);
    sc[0] -= entered; sc[1] += entered; m.entered += entered;
    const lost = counts[3], hired = counts[4], se = counts[5], su = counts[6];
    sc[1] += hired - lost - se; sc[2] += lost - hired - su; sc[6] += se + su; m.left += se + su;
    for (let k = 0, e = counts[7]; k < e; k++) m.returning.push(outRet[k]);
    for (let k = 0, e = counts[8]; k < e; k++) m.leaving.push(outLeave[k]);
    for (let k = 0, e = counts[9]; k < e; k++) m.candidates.push(outCand[k]);
  }
  m.month.activePersons = active;
}

function snapshot(m) {
  return { cols: keys.map((k) => p[k].slice()), rng: m.rng.save(), sc: m.statusCount.slice(), left: m.left, entered: m.entered };
}
function restore(m, s) {
  keys.forEach((k, j) => p[k].set(s.cols[j]));
  m.rng.restore(s.rng); m.statusCount.set(s.sc); m.left = s.left; m.entered = s.entered;
  m.returning.clear(); m.leaving.clear(); m.candidates.clear();
}
function outcome(m) {
  return { cols: keys.map((k) => p[k].slice()), rng: m.rng.save(), sc: m.statusCount.slice(), left: m.left, entered: m.entered, active: m.month.activePersons,
    ret: m.returning.ids.slice(0, m.returning.length), leave: m.leaving.ids.slice(0, m.leaving.length), cand: m.candidates.ids.slice(0, m.candidates.length) };
}
const bytes = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
function same(a, b) {
  const x = bytes(a), y = bytes(b);
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}
function compare(a, b) {
  const bad = [];
  keys.forEach((k, j) => { if (!same(a.cols[j], b.cols[j])) bad.push(k); });
  for (const k of ['rng', 'sc', 'ret', 'leave', 'cand']) if (!same(a[k], b[k])) bad.push(k);
  for (const k of ['left', 'entered', 'active']) if (a[k] !== b[k]) bad.push(k);
  return bad;
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

const step = (name) => SCHEDULE.find((s) => s.name === name);
for (let t = 0; t < 192; t++) {
  for (const s of SCHEDULE) {
    if (s.name === 'persons' && at.includes(t)) {
      const snap = snapshot(m);
      const sc = m.statusCount;
      const js = [], wa = [], jo = [];
      let check, checkOpt;
      for (let r = 0; r < runs + 1; r++) {
        restore(m, snap);
        let c0 = cpu(); stepPersons(m, t); const tj = cpu() - c0;
        const oj = r === 0 ? outcome(m) : null;
        restore(m, snap);
        c0 = cpu(); wasmStepPersons(m, t); const tw = cpu() - c0;
        if (r === 0) check = compare(oj, outcome(m));
        restore(m, snap);
        c0 = cpu(); stepPersonsOpt(m, t); const to = cpu() - c0;
        if (r === 0) checkOpt = compare(oj, outcome(m));
        else { js.push(tj); wa.push(tw); jo.push(to); }
      }
      if (process.env.PARTS) {
        const hr = () => Number(process.hrtime.bigint()) / 1e6;
        const part = { list: Infinity, fill: Infinity, away: Infinity, home: Infinity };
        for (let r = 0; r < runs; r++) {
          restore(m, snap); monthTables(m);
          const acc = { list: 0, fill: 0, away: 0, home: 0 };
          for (let lo = 0; lo < n; lo += BLOCK) {
            const hi = Math.min(n, lo + BLOCK);
            let c = cpu(); K.list(lo, hi, t); acc.list += cpu() - c;
            const away = counts[0], home = counts[1];
            c = cpu(); m.rng.fill(draws, 2 * away + home); acc.fill += cpu() - c;
            c = cpu(); K.decideAway(away, t); acc.away += cpu() - c;
            c = cpu(); K.decideHome(home, 2 * away); acc.home += cpu() - c;
          }
          for (const k in part) part[k] = Math.min(part[k], acc[k]);
        }
        console.log('   wasm parts (ms, best of runs, cpuUsage per block so coarse):', Object.entries(part).map(([k, v]) => `${k} ${(v * 1e3).toFixed(1)}`).join(', '));
      }
      restore(m, snap);
      const bj = Math.min(...js), bw = Math.min(...wa), bo = Math.min(...jo);
      console.log(`t=${t}: away ${sc[1] + sc[2]}, home ${sc[3] + sc[4] + sc[5]}, creators ${sc[5]}; JS ${(bj * 1e3).toFixed(1)} ms, wasm ${(bw * 1e3).toFixed(1)} ms (best of ${runs}), ratio ${(bj / bw).toFixed(2)}; identical: ${check.length === 0 ? 'yes' : 'NO ' + check.join(',')}`);
      console.log(`   optimised JS ${(bo * 1e3).toFixed(1)} ms, ratio ${(bj / bo).toFixed(2)}, identical: ${checkOpt.length === 0 ? 'yes' : 'NO ' + checkOpt.join(',')}; runs ${jo.map((x) => (x * 1e3).toFixed(1)).join(' ')}`);
      console.log(`   JS runs ${js.map((x) => (x * 1e3).toFixed(1)).join(' ')} | wasm runs ${wa.map((x) => (x * 1e3).toFixed(1)).join(' ')}`);
    }
    s.run(m, t);
  }
  if (t >= Math.max(...at)) break;
}
