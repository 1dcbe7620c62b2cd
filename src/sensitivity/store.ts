import { JournalDir } from '../output/journal-dir.js';

/**
 * Where a sensitivity analysis keeps its work so it can be resumed (JournalDir: `<out>/.<name>.partial/`, its manifest
 * the resolved scenario, the design's settings, the outcomes and the seeds): journal.jsonl, one line per finished
 * point, in point order, holding the point's outcomes per replication.
 */
export class SensitivityStore extends JournalDir {
  constructor(out: string, name: string) {
    super(out, name, 'sensitivity analysis');
  }
}
