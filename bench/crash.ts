// Crash safety, measured: N runs of a small GAN (checkpoints every 10 steps) are killed with
// SIGKILL at random moments (before the first checkpoint, between checkpoints, while one is
// written), then resumed; each must end byte for byte like the uninterrupted run.
//   npm run bench -- crash [--trials 10] [--steps 120] [--seed 1]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Random } from '@granular/core';
import { compareRunOutputs } from '@granular/cli';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '10' }, steps: { type: 'string', default: '120' }, seed: { type: 'string', default: '1' } } });
const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages', 'cli', 'bin', 'granular.js');
const fixture = join(root, 'packages', 'cli', 'test', 'fixtures', 'small-gan-ema.yaml');
const steps = Number(values.steps);
const folder = mkdtempSync(join(tmpdir(), 'granular-crash-'));

function granular(args: string[], killAfterMs?: number): Promise<number | null> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' });
  if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

function loggedStep(run: string): number {
  const file = join(run, 'events.jsonl');
  if (!existsSync(file)) return 0;
  return Math.max(0, ...[...readFileSync(file, 'utf8').matchAll(/"step":(\d+)/g)].map((m) => Number(m[1])));
}

const reference = join(folder, 'reference');
const started = Date.now();
if ((await granular(['run', fixture, '--out', reference, '--max-steps', String(steps), '--backend', 'wasm'])) !== 0) throw new Error('the reference run failed');
const whole = Date.now() - started;
const random = Random.derive(Number(values.seed), 'crash');
let identical = 0;
for (let trial = 1; trial <= Number(values.trials); trial++) {
  const out = join(folder, `trial-${trial}`);
  // A moment anywhere in the run: process start and data loading included.
  const killAt = Math.round(random.next() * whole);
  const code = await granular(['run', fixture, '--out', out, '--max-steps', String(steps), '--backend', 'wasm'], killAt);
  const reached = loggedStep(out);
  // Killed before it wrote its pipeline.yaml, the run never began: it is started again.
  const began = existsSync(join(out, 'pipeline.yaml'));
  const resumed = code === 0 ? 0 : began ? await granular(['resume', out]) : await granular(['run', fixture, '--out', out, '--max-steps', String(steps), '--backend', 'wasm']);
  const comparison = compareRunOutputs(reference, out);
  if (comparison.identical) identical += 1;
  console.log(`trial ${trial}: killed at ${killAt} ms (step ${reached}${code === 0 ? ', after it had finished' : began ? '' : ', before it began'}), resume exit ${resumed}, ${comparison.identical ? 'identical' : `DIFFERENT: ${JSON.stringify(comparison.first)}`}`);
}
console.log(`${identical} of ${values.trials} killed runs resumed to the uninterrupted run's outputs, byte for byte (${steps} steps, seed ${values.seed})`);
process.exitCode = identical === Number(values.trials) ? 0 : 1;
