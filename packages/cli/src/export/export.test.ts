import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium, OFFLINE_CHROMIUM_ARGS } from '../browser/find-chromium.ts';
import { serveDirectory } from '../browser/static-server.ts';
import { granular } from '../test-support/run-cli.ts';

// The paper's MSG-GAN: the most custom layers (pixel norm, nearest upsampling, minibatch stddev) for the page to load.
const flagship = join(import.meta.dirname, '..', '..', '..', '..', 'pipelines', 'mnist-msg-paper.yaml');
const SHORT = [
  'stages.batches.with.size=8',
  'stages.digits.with.limit=256',
  'stages.test.with.limit=64',
  'stages.judge.with.count=64',
  'stages.metrics.with.samples=64',
  'stages.metrics.with.swd_samples=32',
];

/** The canvas's pixels (grey values of the red channel) once the page has drawn `seed`. */
async function drawnPixels(page: Page, seed: number): Promise<number[]> {
  await page.waitForFunction(
    (s) => document.body.dataset['drawnSeed'] === String(s) || document.body.dataset['error'],
    seed,
    { timeout: 60_000 },
  );
  expect(await page.evaluate(() => document.body.dataset['error'] ?? null)).toBeNull();
  return page.evaluate(() => {
    const canvas = document.getElementById('samples') as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return Array.from({ length: data.length / 4 }, (_, i) => data[i * 4]!);
  });
}

/** A run of `pipeline` three steps long on wasm (enough to export), in a new temporary folder. */
async function trainThreeSteps(pipeline: string, args: string[]): Promise<string> {
  const run = join(mkdtempSync(join(tmpdir(), 'granular-export-')), 'run');
  const { code } = await granular('run', pipeline, ...args, '--out', run, '--max-steps', '3', '--backend', 'wasm');
  expect(code).toBe(0);
  return run;
}

function spread(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

describe('granular export', () => {
  it('writes a page whose generator (the multi-scale one, custom layers and all) draws in Chromium and changes with the seed', async () => {
    const run = await trainThreeSteps(
      flagship,
      SHORT.flatMap((s) => ['--set', s]),
    );
    const site = join(run, '..', 'site');
    const exported = await granular('export', run, '--out', site, '--grid', '3x4');
    expect(exported.code).toBe(0);
    expect(exported.err).toMatch(/exported G of step 3: 3 files/);
    expect(readdirSync(site).sort()).toEqual(['generator.js', 'index.html', 'sample-page.js']);

    const server = await serveDirectory(site);
    const browser = await chromium.launch({ executablePath: findChromium(), args: OFFLINE_CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
      await page.goto(server.url);
      const first = await drawnPixels(page, 0);
      const { width, height } = await page.evaluate(() => ({
        width: (document.getElementById('samples') as HTMLCanvasElement).width,
        height: (document.getElementById('samples') as HTMLCanvasElement).height,
      }));
      expect([width, height]).toEqual([4 * 33 + 1, 3 * 33 + 1]); // 32-pixel samples, 1-pixel borders
      expect(spread(first)).toBeGreaterThan(10); // not blank

      await page.locator('#seed').fill('1234');
      const second = await drawnPixels(page, 1234);
      expect(spread(second)).toBeGreaterThan(10);
      const changed = first.filter((value, i) => Math.abs(value - second[i]!) > 2).length;
      expect(changed / first.length).toBeGreaterThan(0.1);
      expect(await page.textContent('#seed-value')).toBe('1234');
      // The same seed draws the same samples again.
      await page.locator('#seed').fill('0');
      expect(await drawnPixels(page, 0)).toEqual(first);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 180_000);

  it("a class-conditional generator's page has a class selector, and choosing a class changes the samples", async () => {
    const cdcgan = join(import.meta.dirname, '..', '..', '..', '..', 'pipelines', 'mnist-cdcgan.yaml');
    const short = ['stages.digits.with.limit=256', 'stages.test.with.limit=64', 'stages.judge.with.count=64'];
    const run = await trainThreeSteps(cdcgan, [...short.flatMap((s) => ['--set', s]), '--skip', 'metrics']);
    const site = join(run, '..', 'site');
    expect((await granular('export', run, '--out', site, '--grid', '2x3')).code).toBe(0);
    const server = await serveDirectory(site);
    const browser = await chromium.launch({ executablePath: findChromium(), args: OFFLINE_CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      const everyClass = await drawnPixels(page, 0);
      const options = await page.locator('#class option').allTextContents();
      expect(options).toEqual(['every class, one per row', ...Array.from({ length: 10 }, (_, k) => `class ${k}`)]);
      const drawnClass = (k: number) =>
        page.waitForFunction((c) => document.body.dataset['drawnClass'] === String(c), k, { timeout: 60_000 });
      await page.locator('#class').selectOption('3');
      await drawnClass(3);
      const three = await drawnPixels(page, 0);
      await page.locator('#class').selectOption('7');
      await drawnClass(7);
      const seven = await drawnPixels(page, 0);
      // Three steps in, the class moves pixels by a few grey levels: any change counts.
      const changed = (a: number[], b: number[]) => a.filter((value, i) => value !== b[i]).length / a.length;
      expect(changed(three, seven)).toBeGreaterThan(0.05);
      expect(changed(everyClass, three)).toBeGreaterThan(0.05);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 180_000);

  it('refuses a directory that is not a run, without a stack', async () => {
    const { code, err } = await granular(
      'export',
      mkdtempSync(join(tmpdir(), 'granular-empty-')),
      '--out',
      join(tmpdir(), 'unused-site'),
    );
    expect(code).toBe(2);
    expect(err).toMatch(/is not a run directory \(no pipeline\.yaml\)/);
    expect(err).not.toMatch(/^\s+at /m);
  });
});
