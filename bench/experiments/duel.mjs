// Two builds of homeward side by side in one process: the 1M-agent baseline, month by month and step by step,
// alternating which build goes first, CPU time summed by step (a shared machine's changing load falls on both
// alike); checks that every metric of every month agrees. Each directory is a checkout with `npm run build` done.
//   nice -n 19 node --max-old-space-size=6000 bench/experiments/duel.mjs BEFORE_DIR AFTER_DIR [AGENTS]
import { resolve } from 'node:path';
const dirs = [resolve(process.argv[2]), resolve(process.argv[3])];
const agents = Number(process.argv[4] ?? 1000000);
const builds = [];
for (const dir of dirs) {
  const { loadScenario } = await import(`${dir}/dist/scenario/load.js`);
  const { formatMonth, parseMonth } = await import(`${dir}/dist/scenario/month.js`);
  const { ModelState } = await import(`${dir}/dist/model/state.js`);
  const { SCHEDULE } = await import(`${dir}/dist/model/definition.js`);
  const { METRICS } = await import(`${dir}/dist/model/metrics.js`);
  const file = `${dir}/scenarios/qingyang.yaml`;
  const base = (await loadScenario(file)).scenario;
  const { scenario } = await loadScenario(file, [`population.emigrants=${Math.max(base.population.emigrants, agents)}`, `population.agents=${agents}`, `end=${formatMonth(parseMonth(base.start) + 191)}`]);
  builds.push({ ModelState, SCHEDULE, METRICS, scenario, acc: {} });
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const add = (b, k, v) => (b.acc[k] = (b.acc[k] ?? 0) + v);
for (const b of builds) { const c0 = cpu(); b.m = new b.ModelState(b.scenario, 1); add(b, 'create', cpu() - c0); }
let mismatch = 0;
for (let t = 0; t < 192; t++) {
  const order = t % 2 ? [1, 0] : [0, 1];
  for (let s = 0; s < builds[0].SCHEDULE.length; s++) {
    for (const k of order) { const b = builds[k]; const st = b.SCHEDULE[s]; const c0 = cpu(); st.run(b.m, t); add(b, st.name, cpu() - c0); }
  }
  const vals = [];
  for (const k of order) { const b = builds[k]; const c0 = cpu(); vals[k] = b.METRICS.map((x) => x.value(b.m, t)); add(b, 'metrics', cpu() - c0); }
  for (let j = 0; j < vals[0].length; j++) if (!Object.is(vals[0][j], vals[1][j])) mismatch++;
}
const keys = Object.keys(builds[0].acc);
const tot = (b) => keys.reduce((s, k) => s + b.acc[k], 0);
console.log('CPU s'.padEnd(12), 'before'.padStart(7), 'after'.padStart(7), 'after/before');
for (const k of [...keys, 'total']) {
  const a = k === 'total' ? tot(builds[0]) : builds[0].acc[k], b = k === 'total' ? tot(builds[1]) : builds[1].acc[k];
  console.log(k.padEnd(12), a.toFixed(2).padStart(7), b.toFixed(2).padStart(7), (b / a).toFixed(3));
}
console.log('metric mismatches:', mismatch);
