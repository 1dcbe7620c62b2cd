import { InputError } from '../output/errors.js';
import { checkPlotOptions, type Charts, type PlotOptions } from '../plot/charts.js';
import type { ReportParts } from '../report/html.js';

/**
 * A kind of output directory (a run, a comparison, a sweep, ...), declared in one place: the files that tell it apart,
 * its reader (which checks every file it needs against its declared tables and JSON shapes, output/read-table.ts and
 * output/json-spec.ts), its charts and its report. `plot` and `report` walk the registry (registry.ts) and never ask
 * which kind they hold; a new kind is a module here and one entry there.
 */
export interface OutputKind<D> {
  /** Its name, as the report's header line says it ('run', 'comparison', ...). */
  readonly name: string;
  /** The command that writes it, for the message when a directory is of no kind. */
  readonly command: string;
  /** The files that tell it apart: a table (without .csv or .parquet) and a JSON file, both present. */
  readonly detect: { readonly table: string; readonly json: string };
  /** Reads the directory, refusing a missing or damaged file with an InputError naming the file, key or column and line. */
  readonly read: (dir: string) => Promise<D>;
  /**
   * What its charts show, for kinds not charted by metrics over time: `--metric` is then refused, naming it
   * ('a sweep is charted by its outcomes (points.csv)'). Undefined for a kind that takes --metric.
   */
  readonly chartedBy?: string;
  readonly charts: (data: D, opts: PlotOptions) => Charts;
  readonly report: (data: D) => ReportParts;
}

/** An output directory read by its kind: its charts and its report, from the data read once. */
export interface Output {
  readonly kind: string;
  readonly dir: string;
  /** The charts, with --metric and --month checked; InputError for --metric on a kind charted otherwise. */
  charts(opts: PlotOptions): Charts;
  report(): ReportParts;
}

/** A kind with the type of its data hidden, so kinds of different data sit in one list. */
export interface RegisteredKind {
  readonly name: string;
  readonly command: string;
  readonly detect: OutputKind<unknown>['detect'];
  load(dir: string): Promise<Output>;
}

export function defineKind<D>(kind: OutputKind<D>): RegisteredKind {
  return {
    name: kind.name,
    command: kind.command,
    detect: kind.detect,
    async load(dir) {
      const data = await kind.read(dir);
      return {
        kind: kind.name,
        dir,
        charts(opts) {
          checkPlotOptions(opts);
          if (kind.chartedBy !== undefined && opts.metrics.length > 0) throw new InputError(`${dir}: ${kind.chartedBy}; --metric applies to run and comparison directories`);
          return kind.charts(data, opts);
        },
        report: () => kind.report(data),
      };
    },
  };
}
