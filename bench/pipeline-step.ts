// Times the training step (D step + G step, the pyramid included) of the models of pipeline
// files, as they stand or with --set overrides: what a configuration costs before training it.
//   npm run bench -- pipeline-step pipelines/mnist-dcgan.yaml pipelines/mnist-msg.yaml [--set k=v]... [--steps 15] [--batch N]
import { parseArgs } from 'node:util';
import { loadPipeline } from '@granular/core';
import { builtinCatalog, median, parameterCount, pipelineBatchSize, pipelineFamily, timeSteps } from '@granular/cli';
import { selectBackend, type BackendRequest } from '@granular/ops';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    set: { type: 'string', multiple: true, default: [] },
    steps: { type: 'string', default: '15' },
    batch: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
  },
});
const selected = await selectBackend(values.backend as BackendRequest);
console.log(`backend ${selected.name}; median of ${values.steps} steps after 3 untimed`);
for (const file of positionals) {
  const loaded = await loadPipeline(file, builtinCatalog(), { overrides: values.set! });
  const family = pipelineFamily(loaded);
  const batch = values.batch ? Number(values.batch) : pipelineBatchSize(loaded);
  const times = await timeSteps(family, batch, Number(values.steps), 3);
  console.log(
    `${file}${values.set!.length ? ` ${values.set!.join(' ')}` : ''}: ${median(times).toFixed(0)} ms/step at batch ${batch} (G + D ${parameterCount(family).toLocaleString('en-US')} parameters)`,
  );
}
