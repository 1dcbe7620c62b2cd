import { loadScenario } from '../scenario/load.js';
import { parseParamBlock } from '../sweep/design.js';

/**
 * `homeward validate <file> [--set path=value ...]`: loads the scenario and prints one line saying it is
 * valid and what it will run. Throws ScenarioError (the CLI prints its message and exits 2).
 */
export async function validateCommand(file: string, overrides: string[] = [], print: (line: string) => void = console.log): Promise<void> {
  const { scenario: s, locate } = await loadScenario(file, overrides);
  // The sweep block is read only by `homeward sweep`, but its paths and values are checked here too.
  parseParamBlock(s.sweep.params, file, locate);
  print(`${file}: valid (name ${s.name}, ${s.start}..${s.end}, ${s.population.agents} agents, ${s.reps} reps)`);
}
