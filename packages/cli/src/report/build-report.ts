import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipeline, writeFileAtomic, type RunManifest } from '@granular/core';
import { readMetricsFile } from '@granular/evaluation';
import { builtinCatalog } from '../builtin-catalog.ts';
import { escapeXml } from '../render/escape-xml.ts';
import { graphToSvg } from '../render/svg-graph.ts';
import { isBookkeeping, readEvents } from '../run-files/read-events.ts';
import { lineChartSvg } from '../render/svg-line-chart.ts';
import { evaluationsSection } from './evaluations-section.ts';
import { REPORT_STYLE } from './report-style.ts';

/** Sample grids embedded at most; a long run's grids are picked evenly, always with the last. */
const MAX_GRIDS = 24;

function numericSeries(directory: string): Map<string, [number, number][]> {
  const series = new Map<string, [number, number][]>();
  for (const event of readEvents(directory)) {
    if (typeof event.value !== 'number' || isBookkeeping(event)) continue;
    const key = `${event.stage}.${event.name}`;
    const points = series.get(key) ?? [];
    // A resumed run logs the steps after its checkpoint again; the later value is the one that counts.
    while (points.length && points.at(-1)![0] >= event.step) points.pop();
    points.push([event.step, event.value]);
    series.set(key, points);
  }
  return series;
}

function sampleGrids(directory: string): { step: number; dataUri: string }[] {
  const folder = join(directory, 'samples');
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder)
    .filter((name) => /^step-\d+\.png$/.test(name))
    .sort();
  const picked =
    files.length <= MAX_GRIDS
      ? files
      : Array.from({ length: MAX_GRIDS }, (_, i) => files[Math.round((i * (files.length - 1)) / (MAX_GRIDS - 1))]!);
  return [...new Set(picked)].map((name) => ({
    step: Number(/\d+/.exec(name)![0]),
    dataUri: `data:image/png;base64,${readFileSync(join(folder, name)).toString('base64')}`,
  }));
}

async function graphSection(directory: string): Promise<string> {
  try {
    const loaded = await loadPipeline(join(directory, 'pipeline.yaml'), builtinCatalog());
    return `<div class="graph">${graphToSvg(loaded.graph)}</div>`;
  } catch (error) {
    return `<p class="muted">The graph could not be drawn: ${escapeXml((error as Error).message.split('\n')[0] ?? '')}</p>`;
  }
}

/** report.html of a run: one self-contained file (inline SVG, embedded PNGs, no scripts, no server). */
export async function buildReport(directory: string): Promise<string> {
  const manifest = existsSync(join(directory, 'manifest.json'))
    ? (JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as RunManifest)
    : undefined;
  const metrics = readMetricsFile(directory);
  const pipelineText = existsSync(join(directory, 'pipeline.yaml'))
    ? readFileSync(join(directory, 'pipeline.yaml'), 'utf8')
    : '';
  const series = numericSeries(directory);
  const grids = sampleGrids(directory);
  const title = manifest ? `${manifest.pipeline} · ${manifest.status} after ${manifest.steps} steps` : directory;

  const charts = [...series].map(([key, points]) => lineChartSvg({ title: key, points })).join('\n');
  const gridFigures = grids
    .map(
      (grid) =>
        `<figure><img alt="samples at step ${grid.step}" src="${grid.dataUri}"><figcaption>step ${grid.step}</figcaption></figure>`,
    )
    .join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${REPORT_STYLE}</style></head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="muted">${escapeXml(directory)}${manifest ? ` · seed ${manifest.seed} · backend ${escapeXml(manifest.backend.used ?? manifest.backend.requested)} · started ${escapeXml(manifest.startedAt)}${manifest.endedAt ? ` · ended ${escapeXml(manifest.endedAt)}` : ''}` : ''}</p>
${evaluationsSection(metrics)}
<h2>Curves</h2>
${charts ? `<div class="charts">${charts}</div>` : '<p class="muted">No numbers were logged.</p>'}
<h2>Samples over time</h2>
${gridFigures ? `<div class="grids">${gridFigures}</div>` : '<p class="muted">No sample grids (add an eval/samples stage).</p>'}
<h2>Pipeline graph</h2>
${await graphSection(directory)}
<h2>Manifest</h2>
<pre>${escapeXml(JSON.stringify(manifest ?? {}, null, 2))}</pre>
<details><summary>Resolved pipeline</summary><pre>${escapeXml(pipelineText)}</pre></details>
</body></html>
`;
}

/** Writes RUN_DIR/report.html atomically; returns its path. */
export async function writeReport(directory: string): Promise<string> {
  const file = join(directory, 'report.html');
  writeFileAtomic(file, await buildReport(directory));
  return file;
}
