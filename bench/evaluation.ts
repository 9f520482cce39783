// Times the whole metric suite as `granular eval` runs it: the real images and the samples
// through the classifier, then every metric, on 10,000 samples of a DCGAN generator against the
// MNIST test split. Without a run directory it first trains mnist-dcgan for --steps steps into a
// temporary folder (the samples' quality does not change the cost), then evaluates per backend
// and per sample count (--samples takes a list; --data scaled compares with the 60,000-image
// train split, so that the real set grows with the samples beyond the test split's 10,000).
//   npm run bench -- evaluation [RUN_DIR] [--backends node,wasm] [--samples 10000,50000] [--data test-scaled] [--steps 200]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_METRICS } from '@granular/evaluation';
import { GRANULAR_BIN } from '../packages/cli/src/sweep/child-run.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    backends: { type: 'string', default: 'node,wasm' },
    samples: { type: 'string', default: '10000' },
    steps: { type: 'string', default: '200' },
    data: { type: 'string', default: 'test-scaled' },
  },
});

function granular(args: string[]): string {
  const result = spawnSync(process.execPath, [GRANULAR_BIN, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`granular ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stderr;
}

let run = positionals[0];
if (!run) {
  run = join(mkdtempSync(join(tmpdir(), 'granular-eval-bench-')), 'dcgan');
  console.log(`training pipelines/mnist-dcgan.yaml for ${values.steps} steps into ${run}`);
  granular(['run', 'pipelines/mnist-dcgan.yaml', '--max-steps', values.steps!, '--skip', 'metrics', '--out', run]);
}
// The trained run skipped its metrics stage: name the data and the metrics (the default suite).
const suite = ['--data', values.data!, '--metrics', DEFAULT_METRICS.join(',')];
const totals: string[] = [];
for (const backend of values.backends!.split(','))
  for (const samples of values.samples!.split(',')) {
    const started = Date.now();
    const log = granular(['eval', run, ...suite, '--samples', samples, '--backend', backend]);
    const wall = (Date.now() - started) / 1000;
    // The suite's own lines: images judged, each metric's time, its total.
    const lines = log.split('\n').filter((line) => /^ {2}\S.*: \d+(\.\d+)? s$|^done in /.test(line));
    console.log(`\n${backend}, ${samples} samples:\n${lines.join('\n')}\nprocess wall time ${wall.toFixed(1)} s`);
    const total = lines.find((line) => line.startsWith('done in '))?.slice('done in '.length) ?? '?';
    totals.push(`| ${backend} | ${Number(samples).toLocaleString('en-US')} | ${total} | ${wall.toFixed(1)} s |`);
  }
console.log(`\n| backend | samples | suite | process wall time |\n|---|---|---|---|\n${totals.join('\n')}`);
