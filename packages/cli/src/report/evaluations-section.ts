import { comparableAs, type MetricsFile } from '@granular/evaluation';
import { formatValue } from '../compare/render-table.ts';
import { escapeXml } from '../render/escape-xml.ts';

/** The headline numbers of each evaluation in the history table. */
const HEADLINE = ['fcd', 'kid', 'precision', 'recall', 'modes', 'swd'];

/**
 * The report's metrics: the latest evaluation's numbers with what they were computed on, then
 * every evaluation of the run (during training and by `granular eval`), so that numbers made
 * on different data or sample counts are seen as such.
 */
export function evaluationsSection(metrics: MetricsFile | undefined): string {
  if (!metrics) return '';
  const rows = Object.entries(metrics.values)
    .map(([name, value]) => `<tr><td>${escapeXml(name)}</td><td class="num">${formatValue(value)}</td></tr>`)
    .join('');
  const history = metrics.evaluations ?? [];
  const latest = history.at(-1);
  const provenance = latest
    ? `<p class="muted">${escapeXml(`${latest.by === 'training' ? 'during training' : `by granular eval from checkpoint ${latest.checkpoint}`}, ${latest.generator}${latest.ema ? ' (moving average)' : ''}: ${comparableAs(latest)}`)}</p>`
    : '';
  const historyTable =
    history.length > 1
      ? `<h3>All evaluations (${history.length})</h3><table><tr><th>step</th><th>by</th><th>computed on</th>${HEADLINE.map((name) => `<th>${name}</th>`).join('')}</tr>${history
          .map(
            (entry) =>
              `<tr><td class="num">${entry.step}</td><td>${escapeXml(entry.by)}${entry.ema ? ' (EMA)' : ''}</td><td>${escapeXml(comparableAs(entry))}</td>${HEADLINE.map((name) => `<td class="num">${formatValue(entry.values[name])}</td>`).join('')}</tr>`,
          )
          .join('')}</table>`
      : '';
  return `<h2>Metrics at step ${metrics.step}</h2>${provenance}<table>${rows}</table>${historyTable}`;
}
