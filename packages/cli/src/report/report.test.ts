import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { findChromium, OFFLINE_CHROMIUM_ARGS } from '../browser/find-chromium.ts';
import { granular } from '../test-support/run-cli.ts';

const fixture = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'small-gan.yaml');

describe('report.html', () => {
  it('is written at the end of a run: self-contained, a chart per logged number, every sample grid, the graph', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-report-')), 'run');
    const run = await granular('run', fixture, '--out', out, '--max-steps', '30', '--backend', 'wasm');
    expect(run.code).toBe(0);
    expect(run.err).toContain(`report: ${join(out, 'report.html')}`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//); // nothing fetched: it opens offline
    expect(html).not.toContain('<script');
    for (const series of ['d.d_loss', 'd.d_real', 'd.d_fake', 'g.g_loss', 'judge.d_test_accuracy'])
      expect(html).toContain(`>${series}</text>`);
    expect(html.match(/<img alt="samples at step \d+" src="data:image\/png;base64,/g)).toHaveLength(3);
    for (const stage of ['blobs', 'batches', 'd', 'g', 'grid', 'judge', 'save'])
      expect(html).toContain(`font-weight="bold">${stage}</text>`);
    expect(html).toContain('&quot;status&quot;: &quot;completed&quot;');
  }, 60_000);

  it('renders in headless Chromium to a screenshot that is not blank', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-report-')), 'run');
    expect((await granular('run', fixture, '--out', out, '--max-steps', '20', '--backend', 'wasm')).code).toBe(0);
    expect((await granular('report', out)).out.trim()).toBe(join(out, 'report.html'));
    const shot = join(out, 'report.png');
    execFileSync(
      findChromium(),
      [
        '--headless',
        `--user-data-dir=${join(out, 'chromium-profile')}`,
        ...OFFLINE_CHROMIUM_ARGS,
        '--hide-scrollbars',
        '--window-size=1200,1600',
        `--screenshot=${shot}`,
        `file://${join(out, 'report.html')}`,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
    const png = PNG.sync.read(readFileSync(shot));
    expect([png.width, png.height]).toEqual([1200, 1600]);
    let inked = 0;
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (r + g + b < 600) inked++;
      colours.add((r << 16) | (g << 8) | b);
    }
    // Text, chart lines, sample grids and graph boxes: a blank or error page has next to no ink and few colours.
    expect(inked / (png.width * png.height)).toBeGreaterThan(0.02);
    expect(colours.size).toBeGreaterThan(100);
  }, 90_000);
});
