import { loadHistoryMatch, type HistoryMatchData } from '../output/read-history-match.js';
import { historyMatchCharts } from '../plot/history-match.js';
import { matchFreeTable, matchWavesTable, scenarioTable } from '../report/tables.js';
import { defineKind } from './kind.js';

/** `homeward calibrate --method history-matching`: history-match.json, waves, runs and checked tables, scenario.json. */
export const HISTORY_MATCH = defineKind<HistoryMatchData>({
  name: 'history-match',
  command: 'calibrate --method history-matching',
  detect: { table: 'waves', json: 'history-match.json' },
  read: loadHistoryMatch,
  chartedBy: 'a history match is charted by its runs and waves',
  charts: historyMatchCharts,
  report: (data) => {
    const members = data.checked.filter((c) => c.member !== undefined).length;
    return {
      title: `${data.scenario.name}: history matching`,
      lead:
        `History matching of ${data.free.length} free parameters of ${data.scenario.name} to ${data.targetsFile}: ${data.waves.length} wave${data.waves.length === 1 ? '' : 's'} ` +
        `of emulated implausibility, then ${data.checked.length} points of the space left run for real; ${members} are non-implausible and pass every target (the ensemble).`,
      parameters: [matchFreeTable(data), scenarioTable(data.scenario)],
      numbers: 'Waves',
      outcomes: matchWavesTable(data),
    };
  },
});
