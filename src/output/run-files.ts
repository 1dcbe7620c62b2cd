import { personsPerAgent } from '../scenario/scale.js';
import type { Scenario } from '../scenario/schema.js';
import { scenarioMonths } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import type { RepResult } from '../model/definition.js';
import type { Summary } from '../analysis/summary.js';
import { nodeVersion, packageVersion } from './provenance.js';
import { AtomicFile, RunDir, writeFileAtomic } from './atomic.js';
import { CREATORS_SCHEMA, creatorsHeader, creatorsRows, SUMMARY_SCHEMA, summaryCsv, TIMESERIES_SCHEMA, timeseriesHeader, timeseriesRows } from './run-tables.js';
import { replaceCsv, type OutputFormat } from './parquet.js';

/** run.json: how a run was made. Unlike the CSVs and scenario.json it differs between runs (times, speed). */
export interface RunInfo {
  homeward: string;
  node: string;
  scenario: string;
  seed: number;
  reps: number;
  rep_seeds: number[];
  agents: number;
  persons_per_agent: number;
  /** What counts and money in the tables stand for: the simulated agents, or the county (times persons_per_agent). */
  scale: 'agents' | 'county';
  start: string;
  end: string;
  months: number;
  threads: number;
  agent_steps: number;
  wall_seconds: number;
  agent_steps_per_second: number;
  started: string;
  finished: string;
}

/** How a run went: its threads, person-months simulated, wall time and its start and end. */
export interface RunTimes {
  readonly threads: number;
  readonly agentSteps: number;
  /** Seconds. */
  readonly wall: number;
  readonly started: Date;
  readonly finished: Date;
}

/** run.json of a run of `scenario` (alone, or one scenario of a comparison). */
export function runInfo(scenario: Scenario, times: RunTimes): RunInfo {
  const { agents } = scenario.population;
  return {
    homeward: packageVersion(),
    node: nodeVersion(),
    scenario: scenario.name,
    seed: scenario.seed,
    reps: scenario.reps,
    rep_seeds: repSeeds(scenario.seed, scenario.reps),
    agents,
    persons_per_agent: personsPerAgent(scenario.population),
    scale: scenario.scale,
    start: scenario.start,
    end: scenario.end,
    months: scenarioMonths(scenario),
    threads: times.threads,
    agent_steps: times.agentSteps,
    wall_seconds: Math.round(times.wall * 1000) / 1000,
    agent_steps_per_second: Math.round(times.agentSteps / times.wall),
    started: times.started.toISOString(),
    finished: times.finished.toISOString(),
  };
}

/**
 * Writes the files of one run into `<out>/<scenario.name>/`: timeseries.csv and creators.csv (streamed, one rep
 * at a time, in rep order), summary.csv, scenario.json, run.json. Nothing appears under the final name until finish() succeeds;
 * discardSync() removes everything written so far. In the `parquet` format the three tables are converted to
 * timeseries.parquet, creators.parquet and summary.parquet once complete (parquet.ts), in place of the CSVs.
 */
export class RunWriter {
  private readonly dir: RunDir;
  private timeseries: AtomicFile | undefined;
  private creators: AtomicFile | undefined;

  /** Only names the paths (so discardSync works from the start); open() creates the files. */
  constructor(
    out: string,
    scenario: Scenario,
    private readonly format: OutputFormat = 'csv',
  ) {
    this.dir = new RunDir(out, scenario.name);
  }

  async open(): Promise<void> {
    await this.dir.create();
    this.timeseries = await AtomicFile.open(this.dir.file('timeseries.csv'));
    await this.timeseries.write(timeseriesHeader());
    this.creators = await AtomicFile.open(this.dir.file('creators.csv'));
    await this.creators.write(creatorsHeader());
  }

  /** The final output directory. */
  get path(): string {
    return this.dir.path;
  }

  /** The temporary directory being written (exists until finish or discard). */
  get tempPath(): string {
    return this.dir.temp;
  }

  /** Appends one rep's rows; reps must come in order. */
  async writeRep(result: RepResult): Promise<void> {
    await this.opened().write(timeseriesRows(result));
    const rows = creatorsRows(result);
    if (rows) await this.creators!.write(rows);
  }

  /** Writes the remaining data files into the temporary directory (charts and a report may follow before commit()). */
  async complete(scenario: Scenario, summary: Summary, info: RunInfo): Promise<void> {
    await this.opened().commit();
    await this.creators!.commit();
    await writeFileAtomic(this.dir.file('summary.csv'), summaryCsv(summary));
    if (this.format === 'parquet') {
      await replaceCsv(this.dir.file('timeseries.csv'), TIMESERIES_SCHEMA);
      await replaceCsv(this.dir.file('creators.csv'), CREATORS_SCHEMA);
      await replaceCsv(this.dir.file('summary.csv'), SUMMARY_SCHEMA);
    }
    await writeFileAtomic(this.dir.file('scenario.json'), scenarioJson(scenario));
    await writeFileAtomic(this.dir.file('run.json'), JSON.stringify(info, null, 2) + '\n');
  }

  /** Swaps the complete directory into place (see RunDir.commit). */
  commit(): Promise<void> {
    return this.dir.commit();
  }

  /** complete() and commit(), for a run directory without charts (one scenario of a comparison). */
  async finish(scenario: Scenario, summary: Summary, info: RunInfo): Promise<void> {
    await this.complete(scenario, summary, info);
    await this.commit();
  }

  discardSync(): void {
    this.dir.discardSync();
  }

  private opened(): AtomicFile {
    if (!this.timeseries) throw new Error('RunWriter: open() first');
    return this.timeseries;
  }
}

/** The resolved scenario as written to scenario.json: keys in schema order, so running it reproduces the run. */
export function scenarioJson(scenario: Scenario): string {
  return JSON.stringify(scenario, null, 2) + '\n';
}
