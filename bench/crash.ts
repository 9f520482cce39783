// Crash safety, measured: N runs of a small GAN (checkpoints every 10 steps) are killed with
// SIGKILL at random moments (during start-up, before the first checkpoint, between checkpoints,
// while one is written, in the end-of-run stages), then resumed; each must end byte for byte
// like the uninterrupted run. A kill aims at a step drawn uniformly from the run (0: start-up),
// and falls a random fraction of a step's time after that step is logged; the first two
// trials aim at start-up and at the end-of-run stages.
//   npm run bench -- crash [--trials 10] [--steps 120] [--seed 1]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Random } from '@granular/core';
import { compareRunOutputs } from '@granular/cli';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '10' },
    steps: { type: 'string', default: '120' },
    seed: { type: 'string', default: '1' },
  },
});
const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages', 'cli', 'bin', 'granular.js');
const fixture = join(root, 'packages', 'cli', 'test', 'fixtures', 'small-gan-ema.yaml');
const steps = Number(values.steps);
const folder = mkdtempSync(join(tmpdir(), 'granular-crash-'));

interface Kill {
  /** Killed once this step is logged (0: counted from the process start)… */
  afterStep: number;
  /** …and this many milliseconds later. */
  delayMs: number;
}

/** Runs the CLI; resolves with its exit code and what it wrote to stderr. */
function granular(args: string[], out?: string, kill?: Kill): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, err })),
  );
  if (kill && out) {
    const watch = setInterval(() => {
      if (kill.afterStep > 0 && loggedStep(out) < kill.afterStep) return;
      clearInterval(watch);
      setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
    }, 2);
    void exited.then(() => clearInterval(watch));
  }
  return exited;
}

function loggedStep(run: string): number {
  const file = join(run, 'events.jsonl');
  if (!existsSync(file)) return 0;
  return Math.max(0, ...[...readFileSync(file, 'utf8').matchAll(/"step":(\d+)/g)].map((m) => Number(m[1])));
}

const reference = join(folder, 'reference');
const started = Date.now();
if (
  (await granular(['run', fixture, '--out', reference, '--max-steps', String(steps), '--backend', 'wasm'])).code !== 0
)
  throw new Error('the reference run failed');
// The reference's timeline: how long start-up took, and a step.
const times = readFileSync(join(reference, 'events.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { time: string; step: number });
const firstStep = Date.parse(times.find((event) => event.step >= 1)!.time);
const startupMs = firstStep - started;
const stepMs = (Date.parse(times.at(-1)!.time) - firstStep) / steps;
const random = Random.derive(Number(values.seed), 'crash');
let identical = 0;
for (let trial = 1; trial <= Number(values.trials); trial++) {
  const out = join(folder, `trial-${trial}`);
  // The two ends are always tried (start-up, the end-of-run stages), then steps drawn uniformly.
  const afterStep = trial === 1 ? 0 : trial === 2 ? steps : Math.floor(random.next() * (steps + 1));
  const kill = { afterStep, delayMs: Math.round(random.next() * (afterStep === 0 ? startupMs : stepMs)) };
  const { code } = await granular(
    ['run', fixture, '--out', out, '--max-steps', String(steps), '--backend', 'wasm'],
    out,
    kill,
  );
  const reached = loggedStep(out);
  // Killed before it wrote its pipeline.yaml, the run never began: it is started again.
  const began = existsSync(join(out, 'pipeline.yaml'));
  const resumed =
    code === 0
      ? { code: 0, err: '' }
      : began
        ? await granular(['resume', out])
        : await granular(['run', fixture, '--out', out, '--max-steps', String(steps), '--backend', 'wasm']);
  const from = /\(step (\d+)\)|(starting again from step 0)/.exec(resumed.err);
  const how = code === 0 ? '' : !began ? ', run again' : from ? `, resumed from step ${from[1] ?? 0}` : ', resumed';
  const comparison = compareRunOutputs(reference, out);
  if (comparison.identical) identical += 1;
  console.log(
    `trial ${trial}: killed ${kill.delayMs} ms after ${afterStep === 0 ? 'start' : `step ${afterStep}`} (step ${reached} logged${code === 0 ? ', after it had finished' : began ? '' : ', before it began'})${how}: exit ${resumed.code}, ${comparison.identical ? 'identical' : `DIFFERENT: ${JSON.stringify(comparison.first)}`}`,
  );
}
console.log(
  `${identical} of ${values.trials} killed runs resumed to the uninterrupted run's outputs, byte for byte (${steps} steps, seed ${values.seed})`,
);
process.exitCode = identical === Number(values.trials) ? 0 : 1;
