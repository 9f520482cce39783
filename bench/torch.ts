// Granular against PyTorch on the CPU, in one run: the reference models (the MLP of
// pipelines/mnist-mlp.yaml, the DCGAN of pipelines/mnist-dcgan.yaml, the paper's MSG-GAN of
// pipelines/mnist-msg-paper.yaml, multid of pipelines/mnist-multid.yaml), one D step plus one G step at batch 64, with as many
// threads as cores, median of 10 steps after 2 warm-up steps. PyTorch comes from pip in a virtual
// environment under bench/.venv (created on first use); failing that, from a system python3 with
// torch (Debian's python3-torch, about 13× slower here: then the ratio says little).
// The last line is `ratio dcgan=R1 msg=R2`: our time on the `auto` backend over PyTorch's; the line
// above it gives the MLP's and multid's.
//   npm run bench -- torch [--steps 10]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, parameterCount, referenceFamily, timeSteps } from '@granular/cli';
import { selectBackend } from '@granular/ops';

const { values } = parseArgs({ args: process.argv.slice(2), options: { steps: { type: 'string', default: '10' } } });
const STEPS = Number(values.steps);
const BATCH = 64;
const threads = cpus().length;
const venv = join(import.meta.dirname, '.venv');
const venvPython = join(venv, 'bin', 'python');

function hasTorch(python: string): boolean {
  return spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** A python with torch: the bench's own venv (made and filled by pip on first use), else the system's. */
function torchPython(): { python: string; source: string } {
  if (existsSync(venvPython) && hasTorch(venvPython)) return { python: venvPython, source: 'pip, in bench/.venv' };
  console.error('bench torch: creating bench/.venv and installing torch with pip (once)…');
  const made =
    spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' }).status === 0 &&
    spawnSync(join(venv, 'bin', 'pip'), ['install', '--quiet', 'torch'], { stdio: 'inherit' }).status === 0;
  if (made && hasTorch(venvPython)) return { python: venvPython, source: 'pip, in bench/.venv' };
  if (hasTorch('python3'))
    return {
      python: 'python3',
      source:
        "the system's python3 (Debian's python3-torch is about 13× slower than pip's build here: the ratio understates us)",
    };
  console.error(
    'bench torch: no PyTorch: pip could not install it and the system python3 has none (apt-get install python3-torch)',
  );
  process.exit(1);
}

const { python, source } = torchPython();
const backend = (await selectBackend('auto')).name;
const rows: {
  model: string;
  granularMs: number;
  torchMs: number;
  granularParameters: number;
  torchParameters: number;
}[] = [];
let torchVersion = '';
for (const model of ['mlp', 'multid', 'dcgan', 'msg'] as const) {
  // Interleaved: ours, then PyTorch's, model by model, so both see the same machine state.
  const family = await referenceFamily(model);
  const ours = median(await timeSteps(family, BATCH, STEPS, 2));
  const output = execFileSync(
    python,
    [
      join(import.meta.dirname, 'torch_step.py'),
      '--model',
      model,
      '--batch',
      String(BATCH),
      '--steps',
      String(STEPS),
      '--warmup',
      '2',
      '--threads',
      String(threads),
    ],
    { encoding: 'utf8' },
  );
  const theirs = JSON.parse(output.trim().split('\n').at(-1)!) as { ms: number[]; parameters: number; torch: string };
  torchVersion = theirs.torch;
  rows.push({
    model,
    granularMs: ours,
    torchMs: median(theirs.ms),
    granularParameters: parameterCount(family),
    torchParameters: theirs.parameters,
  });
}

console.log(
  `Granular on ${backend} vs PyTorch ${torchVersion} (${source}), batch ${BATCH}, ${threads} threads, median of ${STEPS} steps (D + G)`,
);
console.log(
  '\n| model | G + D parameters (ours / PyTorch) | Granular ms | PyTorch ms | ratio |\n|---|---|---|---|---|',
);
for (const row of rows)
  console.log(
    `| ${row.model} | ${row.granularParameters.toLocaleString('en-US')} / ${row.torchParameters.toLocaleString('en-US')} | ${row.granularMs.toFixed(0)} | ${row.torchMs.toFixed(0)} | ${(row.granularMs / row.torchMs).toFixed(2)} |`,
  );
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results', 'torch.json'),
  `${JSON.stringify({ date: new Date().toISOString(), backend, torch: torchVersion, source, threads, rows }, null, 2)}\n`,
);
const ratios = (models: string[]) =>
  rows
    .filter((row) => models.includes(row.model))
    .map((row) => `${row.model}=${(row.granularMs / row.torchMs).toFixed(2)}`)
    .join(' ');
console.log(`ratio ${ratios(['mlp', 'multid'])}`);
console.log(`ratio ${ratios(['dcgan', 'msg'])}`);
