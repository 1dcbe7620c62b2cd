import { runWorkerTask } from '../executor/worker-task.js';
import { definition } from '../model/definition.js';

/**
 * `homeward worker-task <submission> <task>` (hidden): one array task of a command run with `--executor slurm`, as
 * its batch script starts it on a node. Its lines go to the task's SLURM output file.
 */
export async function workerTaskCommand(submission: string, task: number): Promise<void> {
  await runWorkerTask(definition, submission, task, (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`));
}
