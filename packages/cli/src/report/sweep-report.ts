import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@granular/core';
import { collectRuns, type RunRecord } from '../compare/collect-runs.ts';
import { chooseColumns, compareRuns } from '../compare/compare-runs.ts';
import { marksTable } from '../compare/marks-table.ts';
import type { Table } from '../compare/render-table.ts';
import { defaultMarks, poolCurves, runCurves, valuesAtMarks, type RunCurves } from '../compare/training-time-curves.ts';
import { escapeXml } from '../render/escape-xml.ts';
import { bandChartSvg } from '../render/svg-band-chart.ts';
import { readSweepIndex } from '../sweep/sweep-index.ts';
import { REPORT_STYLE } from './report-style.ts';

function htmlTable(table: Table): string {
  const head = table.headers.map((header) => `<th>${escapeXml(header)}</th>`).join('');
  const rows = table.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td${table.numeric[i] ? ' class="num"' : ''}>${escapeXml(cell)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><tr>${head}</tr>\n${rows}</table>`;
}

function byConfiguration(records: readonly RunRecord[]): Map<string, RunRecord[]> {
  const groups = new Map<string, RunRecord[]>();
  for (const record of records) groups.set(record.configuration, [...(groups.get(record.configuration) ?? []), record]);
  return groups;
}

/** Every metric against training time (minutes): one line per configuration, its seeds' spread as a band. */
function timeCharts(records: readonly RunRecord[], curves: RunCurves, metrics: readonly string[]): string {
  return metrics
    .map((metric) =>
      bandChartSvg({
        title: metric,
        xLabel: 'training time (minutes; evaluations and checkpoints not counted)',
        series: [...byConfiguration(records)].map(([configuration, members]) => ({
          label: `${configuration} (${members.length} seed${members.length === 1 ? '' : 's'})`,
          points: poolCurves(members.map((member) => curves.get(member)!.get(metric)!)).map((p) => ({
            x: p.seconds / 60,
            mean: p.mean,
            min: p.min,
            max: p.max,
          })),
        })),
      }),
    )
    .join('\n');
}

/** The newest sample grid of each run, side by side by configuration: what each reached at the end. */
function finalGrids(records: readonly RunRecord[]): string {
  return [...byConfiguration(records)]
    .map(([configuration, members]) => {
      const figures = members.flatMap((member) => {
        const folder = join(member.directory, 'samples');
        const last = existsSync(folder)
          ? readdirSync(folder)
              .filter((name) => /^step-\d+\.png$/.test(name))
              .sort()
              .at(-1)
          : undefined;
        if (!last) return [];
        const uri = `data:image/png;base64,${readFileSync(join(folder, last)).toString('base64')}`;
        return [
          `<figure><img alt="${escapeXml(configuration)} seed ${member.seed}" src="${uri}"><figcaption>seed ${member.seed}, step ${Number(/\d+/.exec(last)![0])}</figcaption></figure>`,
        ];
      });
      return figures.length ? `<h3>${escapeXml(configuration)}</h3><div class="grids">${figures.join('\n')}</div>` : '';
    })
    .join('\n');
}

/** report.html of a sweep: metrics against training time per configuration, values at budget marks, final tables and grids. */
export function buildSweepReport(directory: string): string {
  const index = readSweepIndex(directory);
  const records = collectRuns([directory]);
  const title = `sweep ${index.pipeline} · ${records.filter((r) => r.status === 'completed').length}/${records.length} runs completed`;
  let metrics: string[] = [];
  try {
    metrics = chooseColumns(records, {});
  } catch {
    // nothing logged yet
  }
  const curves = runCurves(records, metrics);
  const marks = metrics.length ? defaultMarks(records, curves) : [];
  let atMarks = '';
  try {
    if (marks.length) atMarks = htmlTable(marksTable(valuesAtMarks(records, curves, metrics, marks), marks));
  } catch (error) {
    atMarks = `<p class="muted">${escapeXml((error as Error).message)}</p>`;
  }
  const { runs, configurations } =
    records.length && metrics.length ? compareRuns(records) : { runs: undefined, configurations: undefined };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${REPORT_STYLE}</style></head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="muted">${escapeXml(directory)} · created ${escapeXml(index.createdAt)} · seeds ${index.seeds.join(', ')} · ${escapeXml(index.common.join(' ') || 'no common arguments')}</p>
<h2>Against training time</h2>
${metrics.length ? `<div class="charts">${timeCharts(records, curves, metrics)}</div>` : '<p class="muted">No numbers were logged yet.</p>'}
<h2>At budget marks (mean ± std over seeds)</h2>
${atMarks || '<p class="muted">No training time was logged.</p>'}
<h2>Final values by configuration</h2>
${configurations ? htmlTable(configurations) : '<p class="muted">—</p>'}
<h2>Runs</h2>
${runs ? htmlTable(runs) : '<p class="muted">—</p>'}
<h2>Last sample grids</h2>
${finalGrids(records) || '<p class="muted">No sample grids.</p>'}
</body></html>
`;
}

/** Writes SWEEP_DIR/report.html atomically; returns its path. */
export function writeSweepReport(directory: string): string {
  const file = join(directory, 'report.html');
  writeFileAtomic(file, buildSweepReport(directory));
  return file;
}
