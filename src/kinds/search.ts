import { loadSearch, type SearchData } from '../output/read-search.js';
import { searchCharts } from '../plot/search.js';
import { scenarioTable, searchFrontTable, searchPlanTables } from '../report/tables.js';
import { defineKind } from './kind.js';

/** `homeward search`: search.json, front.csv, history.csv, candidates.csv and scenario.json. */
export const SEARCH = defineKind<SearchData>({
  name: 'search',
  command: 'search',
  detect: { table: 'front', json: 'search.json' },
  read: loadSearch,
  chartedBy: 'a search is charted by its front (front.csv) and convergence (history.csv)',
  charts: (data) => searchCharts(data),
  report: (data) => ({
    title: `${data.scenario.name}: search over ${data.levers.map((l) => l.path).join(', ')}`,
    lead:
      `A search for the policy packages that best trade off ${andList(data.objectives.map((o) => `${o.sense === 'max' ? 'more' : 'less'} ${o.name}`))}: ` +
      `${data.front.length - 1} package${data.front.length === 2 ? '' : 's'} on the final front, each re-run on fresh seeds beside the base package (${data.scenario.name}'s own values of the levers).`,
    parameters: [...searchPlanTables(data), scenarioTable(data.scenario)],
    numbers: 'The front',
    outcomes: searchFrontTable(data),
    numbersFirst: true,
  }),
});

/** `a, b and c`. */
function andList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
