import { escapeXml } from './escape-xml.ts';
import { niceTicks, tickLabel } from './svg-line-chart.ts';

/** One configuration on a chart: its mean line and, where several seeds ran, the band from min to max. */
export interface BandSeries {
  label: string;
  points: { x: number; mean: number; min: number; max: number }[];
}

const WIDTH = 520;
const HEIGHT = 300;
const PAD = { left: 56, right: 16, top: 28, bottom: 40 };
/** Distinguishable on white and in greyscale print, in this order. */
const COLOURS = ['#1f5fae', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#5c940d', '#1098ad', '#495057'];

/**
 * Several configurations of one metric against one x (training time), each a mean line with a
 * translucent min–max band over its seeds, and a legend: a self-contained SVG (no scripts).
 */
export function bandChartSvg(options: { title: string; xLabel: string; series: readonly BandSeries[] }): string {
  const finite = options.series.flatMap((s) =>
    s.points.filter((p) => [p.x, p.mean, p.min, p.max].every(Number.isFinite)),
  );
  const legendHeight = 14 * options.series.length;
  const height = HEIGHT + legendHeight;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="10">`,
    `<text x="${PAD.left}" y="17" font-size="12" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="#fff" stroke="#bbb"/>`,
  ];
  if (finite.length === 0) {
    parts.push(
      `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#999">no values with training time</text>`,
      '</svg>',
    );
    return parts.join('\n');
  }
  const xMin = Math.min(0, ...finite.map((p) => p.x));
  const xMax = Math.max(...finite.map((p) => p.x));
  let yMin = Math.min(...finite.map((p) => p.min));
  let yMax = Math.max(...finite.map((p) => p.max));
  if (yMin === yMax) [yMin, yMax] = [yMin - 1, yMax + 1];
  const sx = (x: number) => PAD.left + (xMax === xMin ? plotW / 2 : ((x - xMin) / (xMax - xMin)) * plotW);
  const sy = (y: number) => PAD.top + plotH - ((y - yMin) / (yMax - yMin)) * plotH;
  const xy = (x: number, y: number) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
  for (const t of niceTicks(yMin, yMax)) {
    parts.push(`<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${PAD.left - 4}" y="${sy(t) + 3}" text-anchor="end" fill="#555">${tickLabel(t)}</text>`);
  }
  for (const t of niceTicks(xMin, xMax))
    parts.push(
      `<text x="${sx(t)}" y="${HEIGHT - PAD.bottom + 14}" text-anchor="middle" fill="#555">${tickLabel(t)}</text>`,
    );
  parts.push(
    `<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle" fill="#333">${escapeXml(options.xLabel)}</text>`,
  );
  options.series.forEach((series, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = series.points.filter((p) => [p.x, p.mean, p.min, p.max].every(Number.isFinite));
    if (points.some((p) => p.max > p.min)) {
      const outline = [...points.map((p) => xy(p.x, p.max)), ...points.toReversed().map((p) => xy(p.x, p.min))];
      parts.push(`<polygon fill="${colour}" fill-opacity="0.15" stroke="none" points="${outline.join(' ')}"/>`);
    }
    if (points.length > 1)
      parts.push(
        `<polyline fill="none" stroke="${colour}" stroke-width="1.6" points="${points.map((p) => xy(p.x, p.mean)).join(' ')}"/>`,
      );
    for (const p of points.length < 40 ? points : [])
      parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.mean).toFixed(1)}" r="2.2" fill="${colour}"/>`);
    const y = HEIGHT + 4 + 14 * i;
    parts.push(`<rect x="${PAD.left}" y="${y}" width="18" height="4" fill="${colour}"/>`);
    parts.push(`<text x="${PAD.left + 24}" y="${y + 5}" fill="#333">${escapeXml(series.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
