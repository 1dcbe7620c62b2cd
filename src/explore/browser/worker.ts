import { simulate } from '../../engine/simulate.js';
import compiled from 'homeward:compiled';
import { definition } from '../../model/definition.js';
import type { TaskMessage, WorkerReply } from '../messages.js';

/**
 * A Web Worker of the explore page (bundled on its own by explore/build.ts, started from a Blob URL): runs one
 * replication per message with the engine's simulate(), as the CLI's worker threads do, and posts every month's
 * metric values as they come (the page draws them) and then the whole result.
 */

/** What the worker uses of its global scope (the DOM library types the page's, not a worker's). */
interface WorkerScope {
  onmessage: ((event: { readonly data: TaskMessage }) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

// The person pass's WebAssembly, carried in this bundle (explore/build.ts): the page runs the pass the CLI runs,
// with the same bytes either way (the JavaScript pass, on the same source, where WebAssembly is missing).
definition.compiled.use(compiled);

scope.onmessage = ({ data: { task, scenario, rep, seed } }) => {
  try {
    const result = simulate(definition, scenario, {
      rep,
      seed,
      onMonth: (done, columns) => {
        const values = Float64Array.from(columns, (column) => column[done - 1]!);
        scope.postMessage({ type: 'month', task, t: done - 1, values }, [values.buffer]);
      },
    });
    scope.postMessage({ type: 'result', task, result }, result.columns.map((c) => c.buffer));
  } catch (err) {
    scope.postMessage({ type: 'error', task, message: err instanceof Error ? err.message : String(err) });
  }
};
