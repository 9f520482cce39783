import { statSync } from 'node:fs';
import { defineCommand, UsageError } from '../command.ts';
import { exportGeneratorPage } from '../export/export-page.ts';
import { locateGenerator } from '../run-files/trained-generator.ts';

function parseGrid(text: string): { rows: number; cols: number } {
  const match = /^(\d+)x(\d+)$/.exec(text);
  const [rows, cols] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!(rows >= 1 && cols >= 1 && rows * cols <= 256))
    throw new UsageError(`--grid must be ROWSxCOLS with at most 256 images, e.g. 4x6, not '${text}'`);
  return { rows, cols };
}

export const exportCommand = defineCommand({
  name: 'export',
  usage: 'granular export RUN_DIR --out DIR [--checkpoint STEP] [--grid 4x6]',
  help: `Writes DIR/index.html with the generator of the run's newest checkpoint (its moving average
when the run kept one) and TensorFlow.js, bundled: a slider picks the seed of the latent
vectors, and the page draws the samples (WebGL when the browser has it, else the CPU).
The page loads nothing from the network and opens from file:// or any static server.

  --out DIR          where to write the page (created)
  --checkpoint STEP  the checkpoint of step STEP instead of the newest
  --grid RxC         rows and columns of samples (default 4x6)

Example:
  granular export runs/mnist-msg/20261127T170000Z-1a2b3c4d --out site/
  python3 -m http.server -d site 8000   # or open site/index.html`,
  options: { out: { type: 'string' }, checkpoint: { type: 'string' }, grid: { type: 'string', default: '4x6' } },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('granular export takes one run directory');
    if (!values.out) throw new UsageError('granular export needs --out DIR, the directory to write the page into');
    const grid = parseGrid(values.grid);
    const trained = await locateGenerator(positionals[0]!, values.checkpoint);
    const files = await exportGeneratorPage(trained, values.out, grid);
    const megabytes = files.reduce((sum, file) => sum + statSync(file).size, 0) / 2 ** 20;
    io.err(
      `exported ${trained.name}${trained.averaged ? ' (moving average)' : ''} of step ${trained.step}: ${files.length} files, ${megabytes.toFixed(1)} MB\n`,
    );
    io.out(`${files[0]}\n`);
    return 0;
  },
});
