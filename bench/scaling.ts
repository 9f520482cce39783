// How the cost of a training step grows, ours and PyTorch's side by side in one run: ms per D + G
// step of the DCGAN and the paper's MSG-GAN at MNIST's size (28 and 32 px) and at 64 px
// (packages/cli/src/doctor/reference-families.ts; their PyTorch twins in bench/torch_step.py),
// for each batch size, on every core; then at batch 64 on one core (`taskset -c 0`, PyTorch with
// one thread). Every measurement runs in its own process, ours and PyTorch's interleaved, median
// of --steps steps after 2 warm-up steps. Last, the metric suite's time against the sample count
// (bench/evaluation.ts, against the 60,000-image train split so that both sets grow), on the
// backend the steps ran on.
//   npm run bench -- scaling [--models dcgan,msg,dcgan64,msg64] [--batches 32,64,128,256] [--steps 5]
//                            [--samples 1000,5000,10000,50000] [--skip-evaluation]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LARGE_REFERENCE_FAMILIES, median, REFERENCE_FAMILIES, referenceFamily, timeSteps } from '@granular/cli';
import { selectBackend } from '@granular/ops';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    models: { type: 'string', default: 'dcgan,msg,dcgan64,msg64' },
    batches: { type: 'string', default: '32,64,128,256' },
    steps: { type: 'string', default: '5' },
    samples: { type: 'string', default: '1000,5000,10000,50000' },
    'skip-evaluation': { type: 'boolean', default: false },
    // Internal: time one model at one batch size in this process and print {"ms": [...]}.
    time: { type: 'string' },
  },
});
const STEPS = Number(values.steps);
const WARMUP = 2;

if (values.time) {
  const [model, batch] = values.time.split(':');
  const backend = (await selectBackend('auto')).name;
  const times = await timeSteps(await referenceFamily(model!), Number(batch), STEPS, WARMUP);
  console.log(JSON.stringify({ backend, ms: times }));
  process.exit(0);
}

const python = join(import.meta.dirname, '.venv', 'bin', 'python');
if (!existsSync(python)) {
  console.error('bench scaling: no bench/.venv with PyTorch; run `npm run bench -- torch` once to make it');
  process.exit(1);
}
const cores = availableParallelism();

/** Runs a command, on core 0 alone when asked, and returns the median of the `ms` it prints. */
function medianMs(command: string, args: string[], oneCore: boolean): { ms: number; line: Record<string, unknown> } {
  const [file, argv] = oneCore ? ['taskset', ['-c', '0', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) {
    const why = result.error ? String(result.error) : (result.stderr ?? '').trim().split('\n').slice(-5).join('\n  ');
    console.error(`bench scaling: ${[file, ...argv].join(' ')} failed:\n  ${why}`);
    process.exit(1);
  }
  const line = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { ms: number[] } & Record<string, unknown>;
  return { ms: median(line.ms), line };
}

function ours(model: string, batch: number, oneCore: boolean) {
  return medianMs(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--time', `${model}:${batch}`, '--steps', String(STEPS)],
    oneCore,
  );
}

function pytorch(model: string, batch: number, oneCore: boolean) {
  const threads = oneCore ? 1 : cores;
  return medianMs(
    python,
    [
      ...[join(import.meta.dirname, 'torch_step.py'), '--model', model, '--batch', String(batch)],
      ...['--steps', String(STEPS), '--warmup', String(WARMUP), '--threads', String(threads)],
    ],
    oneCore,
  );
}

interface Row {
  model: string;
  batch: number;
  cores: number;
  granularMs: number;
  torchMs: number;
}
const rows: Row[] = [];
let backend = '';
let torchVersion = '';
const measure = (model: string, batch: number, oneCore: boolean): void => {
  const granular = ours(model, batch, oneCore);
  const theirs = pytorch(model, batch, oneCore);
  backend = String(granular.line['backend']);
  torchVersion = String(theirs.line['torch']);
  const row = { model, batch, cores: oneCore ? 1 : cores, granularMs: granular.ms, torchMs: theirs.ms };
  rows.push(row);
  console.log(
    `${model.padEnd(8)} batch ${String(batch).padStart(3)}  ${row.cores} core(s)  ours ${granular.ms.toFixed(0).padStart(6)} ms  PyTorch ${theirs.ms.toFixed(0).padStart(6)} ms  ratio ${(granular.ms / theirs.ms).toFixed(2)}`,
  );
};

const models = values.models!.split(',');
// The reference models with a PyTorch twin in bench/torch_step.py (all but dcgan32).
const known = [...REFERENCE_FAMILIES, ...LARGE_REFERENCE_FAMILIES].filter((model) => model !== 'dcgan32');
for (const model of models)
  if (!known.includes(model)) {
    console.error(`bench scaling: no reference model '${model}' (there are ${known.join(', ')})`);
    process.exit(2);
  }
const batches = values.batches!.split(',').map(Number);
for (const model of models) for (const batch of batches) measure(model, batch, false);
for (const model of models) measure(model, 64, true);

const perExample = (ms: number, batch: number) => (ms / batch).toFixed(2);
console.log(
  `\nGranular on ${backend} vs PyTorch ${torchVersion}, ms per D + G step (median of ${STEPS}); per example in brackets`,
);
console.log('\n| model | batch | cores | Granular ms | PyTorch ms | ratio |\n|---|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.model} | ${row.batch} | ${row.cores} | ${row.granularMs.toFixed(0)} (${perExample(row.granularMs, row.batch)}) | ${row.torchMs.toFixed(0)} (${perExample(row.torchMs, row.batch)}) | ${(row.granularMs / row.torchMs).toFixed(2)} |`,
  );
console.log('\nspeed-up from 1 core to ' + cores + ' at batch 64:');
for (const model of models) {
  const [one, all] = [1, cores].map((c) => rows.find((r) => r.model === model && r.batch === 64 && r.cores === c)!);
  if (one && all)
    console.log(
      `  ${model}: ours ${(one.granularMs / all.granularMs).toFixed(2)}×, PyTorch ${(one.torchMs / all.torchMs).toFixed(2)}×`,
    );
}
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results', 'scaling.json'),
  `${JSON.stringify({ date: new Date().toISOString(), backend, torch: torchVersion, cores, steps: STEPS, rows }, null, 2)}\n`,
);

if (!values['skip-evaluation']) {
  console.log('\nthe metric suite against the sample count (node backend, train split as the real set):');
  const result = spawnSync(
    process.execPath,
    [
      ...['--import', 'tsx', join(import.meta.dirname, 'evaluation.ts'), '--backends', backend],
      ...['--samples', values.samples!, '--data', 'scaled'],
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
