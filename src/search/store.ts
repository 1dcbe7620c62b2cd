import { JournalDir } from '../output/journal-dir.js';
import { packageVersion } from '../output/provenance.js';
import type { SearchPlan } from './plan.js';
import type { CandidateRuns, SearchJournal } from './run.js';

/**
 * Where a search keeps its work so it can be resumed (JournalDir: `<out>/.<name>.partial/`, its manifest the plan):
 * journal.jsonl, one line per candidate whose runs are all in, with its outcomes per world and replication at full
 * precision. The search replays from it (run.ts): a resumed search takes the same course and writes the same bytes.
 */
export class SearchStore extends JournalDir implements SearchJournal {
  private readonly kept = new Map<string, { genes: readonly number[] | null; runs: CandidateRuns }>();

  constructor(out: string, name: string) {
    super(out, name, 'search');
  }

  /** Opens the store for the plan; returns how many candidates (of the search and the re-run) are kept. */
  async openFor(plan: SearchPlan<unknown>, fresh: boolean): Promise<number> {
    const lines = await this.open(manifest(plan), fresh);
    for (const [n, line] of lines.entries()) {
      const entry = parseLine(line);
      if (!entry) throw new Error(`${this.partial}/journal.jsonl: line ${n + 1} is not a candidate of this search; add --fresh to start over`);
      this.kept.set(key(entry.phase, entry.id), { genes: entry.genes, runs: entry.runs });
    }
    return lines.length;
  }

  find(phase: 'search' | 'rerun', id: number, genes: readonly number[] | undefined): CandidateRuns | undefined {
    const entry = this.kept.get(key(phase, id));
    if (!entry) return undefined;
    // The manifest matched, so the search replays the same candidates; one that differs is not trusted.
    if (JSON.stringify(entry.genes) !== JSON.stringify(genes ?? null)) throw new Error(`${this.partial}/journal.jsonl: candidate ${id} does not match the search being resumed; add --fresh to start over`);
    return entry.runs;
  }

  async record(phase: 'search' | 'rerun', id: number, genes: readonly number[] | undefined, runs: CandidateRuns): Promise<void> {
    await this.append(JSON.stringify({ phase, id, genes: genes ?? null, runs: runs.map((w) => w.map((rep) => rep.map((x) => (Number.isNaN(x) ? null : x)))) }));
  }
}

const key = (phase: string, id: number) => `${phase}:${id}`;

/** What identifies a search for resuming: the version, the resolved base scenario and everything the plan decides. */
function manifest(plan: SearchPlan<unknown>): string {
  return (
    JSON.stringify(
      {
        homeward: packageVersion(),
        levers: plan.levers.map((l) => ({ path: l.path, range: l.spec })),
        objectives: plan.objectives.map((o) => `${o.sense} ${o.name}`),
        constraints: plan.constraints.map((c) => `${c.name} ${c.kind} ${c.bound}`),
        outcomes: plan.outcomes.map((o) => o.name),
        robust: plan.robust,
        population: plan.population,
        generations: plan.generations,
        seeds: plan.seeds,
        fresh_seeds: plan.freshSeeds,
        ensemble: plan.ensemble ? { file: plan.ensemble.file, members: plan.ensemble.members.map((m) => Object.fromEntries(m.values)) } : null,
        scenario: plan.base,
      },
      null,
      2,
    ) + '\n'
  );
}

function parseLine(line: string): { phase: 'search' | 'rerun'; id: number; genes: number[] | null; runs: number[][][] } | undefined {
  try {
    const v = JSON.parse(line) as { phase?: unknown; id?: unknown; genes?: unknown; runs?: unknown };
    if ((v.phase !== 'search' && v.phase !== 'rerun') || !Number.isInteger(v.id) || !Array.isArray(v.runs)) return undefined;
    const runs = (v.runs as (number | null)[][][]).map((w) => w.map((rep) => rep.map((x) => x ?? NaN)));
    return { phase: v.phase, id: v.id as number, genes: Array.isArray(v.genes) ? (v.genes as number[]) : null, runs };
  } catch {
    return undefined;
  }
}
