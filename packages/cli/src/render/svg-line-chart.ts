import { escapeXml } from './escape-xml.ts';

export interface ChartSeries {
  title: string;
  /** (step, value) pairs in step order. */
  points: [number, number][];
}

const WIDTH = 340;
const HEIGHT = 200;
const PAD = { left: 52, right: 12, top: 26, bottom: 28 };
/** More points than pixels only blur the line: longer series are averaged in buckets. */
const MAX_POINTS = 400;

/** Round numbers for axis ticks: 1, 2 or 5 times a power of ten. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  // The candidate closest to the rough step on a log scale: about `count` ticks, never just one.
  const step = [1, 2, 5, 10]
    .map((m) => m * power)
    .reduce((best, s) => (Math.abs(Math.log(s / rough)) < Math.abs(Math.log(best / rough)) ? s : best));
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Means of consecutive buckets, so a 100,000-step run draws as a few hundred points. */
export function downsample(points: [number, number][], limit = MAX_POINTS): [number, number][] {
  if (points.length <= limit) return points;
  const size = points.length / limit;
  const out: [number, number][] = [];
  for (let b = 0; b < limit; b++) {
    const bucket = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (bucket.length)
      out.push([
        bucket.reduce((s, p) => s + p[0], 0) / bucket.length,
        bucket.reduce((s, p) => s + p[1], 0) / bucket.length,
      ]);
  }
  return out;
}

export function tickLabel(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) return value.toExponential(1);
  return String(Number(value.toPrecision(4)));
}

/** One metric over steps as a small self-contained SVG chart (axes, ticks, the line, dots when few points). */
export function lineChartSvg(series: ChartSeries): string {
  const points = downsample(series.points.filter(([, y]) => Number.isFinite(y)));
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  let [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  if (yMin === yMax) [yMin, yMax] = [yMin - 1, yMax + 1];
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (xMax === xMin ? plotW / 2 : ((x - xMin) / (xMax - xMin)) * plotW);
  const sy = (y: number) => PAD.top + plotH - ((y - yMin) / (yMax - yMin)) * plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="10">`,
    `<text x="${PAD.left}" y="16" font-size="12" font-weight="bold">${escapeXml(series.title)}</text>`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="#fff" stroke="#bbb"/>`,
  ];
  for (const t of niceTicks(yMin, yMax)) {
    parts.push(`<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${PAD.left - 4}" y="${sy(t) + 3}" text-anchor="end" fill="#555">${tickLabel(t)}</text>`);
  }
  for (const t of niceTicks(xMin, xMax))
    parts.push(`<text x="${sx(t)}" y="${HEIGHT - 10}" text-anchor="middle" fill="#555">${tickLabel(t)}</text>`);
  if (points.length === 0)
    parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#999">no finite values</text>`);
  else if (points.length < 30)
    for (const [x, y] of points)
      parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="#1f5fae"/>`);
  if (points.length > 1)
    parts.push(
      `<polyline fill="none" stroke="#1f5fae" stroke-width="1.4" points="${points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`,
    );
  parts.push('</svg>');
  return parts.join('\n');
}
