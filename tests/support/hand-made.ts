// A run directory written by hand (no simulation), for tests of the readers and charts of output directories.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METRICS } from '../../src/model/metrics.js';

export const MONTHS = ['2019-11', '2019-12', '2020-01', '2020-02'];

/** The model's metrics other than the programmes' spending and unmet demand, which each test gives itself. */
const BASE_METRICS = METRICS.filter((m) => !/^(spend|unmet)_/.test(m.name));

/**
 * A run directory with every metric of the model but the spend_ and unmet_ ones (1 in every month, so no chart is left out)
 * and the given extra metrics: name → value per month.
 */
export async function handMadeRun(dir: string, name: string, extra: Readonly<Record<string, readonly number[]>>): Promise<string> {
  const run = join(dir, name);
  await mkdir(run, { recursive: true });
  await writeFile(join(run, 'scenario.json'), JSON.stringify({ name, start: MONTHS[0], end: MONTHS.at(-1), reps: 2 }) + '\n');
  const summary = ['month,metric,mean,sd,ci95_low,ci95_high'];
  MONTHS.forEach((month, t) => {
    for (const m of BASE_METRICS) summary.push(`${month},${m.name},1,0,1,1`);
    for (const [metric, values] of Object.entries(extra)) summary.push(`${month},${metric},${values[t]},0,${values[t]},${values[t]}`);
  });
  await writeFile(join(run, 'summary.csv'), summary.join('\n') + '\n');
  const series = [['rep', 'month', ...BASE_METRICS.map((m) => m.name)].join(',')];
  for (const rep of [0, 1]) for (const month of MONTHS) series.push([rep, month, ...BASE_METRICS.map(() => 1)].join(','));
  await writeFile(join(run, 'timeseries.csv'), series.join('\n') + '\n');
  await writeFile(join(run, 'creators.csv'), 'rep,month,channel,returnee,nostalgic,knowledge,followers,income,household_share\n0,2020-02,1,1,0,0.5,100,2500,0.4\n1,2020-02,2,0,1,0.5,1000,40000,\n');
  return run;
}

