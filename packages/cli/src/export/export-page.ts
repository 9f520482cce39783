import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { writeFileAtomic } from '@granular/core';
import { escapeXml } from '../render/escape-xml.ts';
import type { TrainedGenerator } from '../run-files/trained-generator.ts';
import type { ExportedGenerator } from './browser/sample-page.ts';

const PAGE_SOURCE = join(import.meta.dirname, 'browser', 'sample-page.ts');

/** The page script: tfjs, Granular's layer classes and the drawing code, one minified file for browsers. */
async function bundlePageScript(): Promise<string> {
  const result = await build({
    entryPoints: [PAGE_SOURCE],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function indexHtml(title: string, step: number): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
body { font-family: system-ui, sans-serif; max-width: 760px; margin: 32px auto; color: #222; }
canvas { width: 100%; image-rendering: pixelated; border: 1px solid #ccc; background: #fff; }
label { display: flex; gap: 12px; align-items: center; margin: 16px 0; } input[type=range] { flex: 1; }
#status { color: #777; font-size: 13px; }
</style></head>
<body>
<h1>${escapeXml(title)}</h1>
<p>Samples of the generator trained by Granular (step ${step}). Each seed draws its own latent vectors.</p>
<label>seed <input id="seed" type="range" min="0" max="9999" value="0"> <span id="seed-value">0</span>
<select id="class" hidden><option value="-1">every class, one per row</option></select></label>
<canvas id="samples" width="1" height="1"></canvas>
<p id="status">loading the generator…</p>
<script src="generator.js"></script>
<script src="sample-page.js"></script>
</body></html>
`;
}

/**
 * Writes a static page that draws samples of a trained generator in the browser with
 * TensorFlow.js: index.html, sample-page.js (tfjs and the page, bundled) and generator.js (the
 * topology and weights). It opens from file:// and from any static server; nothing is fetched
 * from the network. A class-conditional generator gets a class selector (every class, one per
 * row, or one class in every cell).
 */
export async function exportGeneratorPage(
  trained: TrainedGenerator,
  out: string,
  grid: { rows: number; cols: number },
): Promise<string[]> {
  mkdirSync(out, { recursive: true });
  const modelJson = JSON.parse(readFileSync(join(trained.weights, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: ExportedGenerator['weightSpecs'] }[];
  };
  const weights = Buffer.concat(
    modelJson.weightsManifest.flatMap((group) => group.paths.map((path) => readFileSync(join(trained.weights, path)))),
  );
  const params = trained.pipeline.models.get(trained.name)!.params;
  const latent = Number(params['latent']);
  const classes = params['classes'] === undefined ? {} : { classes: Number(params['classes']) };
  const title = `${trained.pipeline.spec.name}: ${trained.name}${trained.averaged ? ' (moving average)' : ''}`;
  const generator: ExportedGenerator = {
    title,
    latent,
    range: trained.range,
    ...grid,
    ...classes,
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weights: weights.toString('base64'),
  };
  const files = {
    'index.html': indexHtml(title, trained.step),
    'generator.js': `window.GRANULAR_GENERATOR = ${JSON.stringify(generator)};\n`,
    'sample-page.js': await bundlePageScript(),
  };
  for (const [name, text] of Object.entries(files)) writeFileAtomic(join(out, name), text);
  return Object.keys(files).map((name) => join(out, name));
}
