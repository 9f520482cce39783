import { selectBackend, type BackendName } from '@granular/ops';
import { defineCommand, UsageError } from '../command.ts';
import { machineSummary, probeBackend } from '../doctor/backend-report.ts';
import { median, timeSteps } from '../doctor/step-timer.ts';
import { referenceFamily } from '../doctor/reference-families.ts';

const BACKENDS: BackendName[] = ['node', 'wasm', 'cpu'];
/** Reference models: the MLP everywhere; the DCGAN where a step takes seconds, not half a minute. */
const REFERENCE = ['mlp', 'dcgan'] as const;
const BATCH = 64;

export const doctorCommand = defineCommand({
  name: 'doctor',
  usage: 'granular doctor [--steps N]',
  help: `Prints the machine, then for each backend (node, wasm, cpu) whether it loads, its version, and
the time of one training step (a D step and a G step, batch ${BATCH}) of the MLP and the DCGAN of
pipelines/mnist-mlp.yaml and mnist-dcgan.yaml: the median of N steps after two untimed ones.
The DCGAN is not timed on cpu (about 24 s per step). Ends with what 'backend: auto' picks.

When node does not load: 'npm run setup:native' builds it from a tensorflow-cpu wheel.

  --steps N   timed steps per model (default 5)

Example:
  granular doctor`,
  options: { steps: { type: 'string', default: '5' } },
  async run({ values }, io) {
    const steps = Number(values.steps);
    if (!(Number.isInteger(steps) && steps >= 1))
      throw new UsageError(`--steps must be a positive whole number, not '${values.steps}'`);
    io.out(`${machineSummary()}\n\n`);
    for (const name of BACKENDS) {
      const status = await probeBackend(name);
      if (!status.loads) {
        io.out(`${name.padEnd(5)} does not load: ${status.detail}\n`);
        continue;
      }
      io.out(`${name.padEnd(5)} loads: ${status.detail}\n`);
      for (const model of REFERENCE) {
        if (name === 'cpu' && model !== 'mlp') {
          io.out(`      ${model.padEnd(6)} batch ${BATCH}: not timed on cpu (about 24 s per step)\n`);
          continue;
        }
        // Timing takes from a second (node) to a minute (cpu): show each step as it ends.
        const started = Date.now();
        const times = await timeSteps(await referenceFamily(model), BATCH, steps, 2, (done, total) => {
          const line = `      timing ${model} on ${name}: step ${done}/${total}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
          if (io.isTTY) io.err(`\r\x1b[2K${line}${done === total ? '\r\x1b[2K' : ''}`);
          else if (done === 1 || done === total) io.err(`${line}\n`);
        });
        io.out(
          `      ${model.padEnd(6)} batch ${BATCH}: ${median(times).toFixed(0).padStart(6)} ms per step (D + G, median of ${steps})\n`,
        );
      }
    }
    const auto = await selectBackend('auto');
    io.out(
      `\nbackend: auto picks ${auto.name}${auto.skipped.length ? ` (${auto.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})` : ''}\n`,
    );
    if (auto.name !== 'node') io.out('for native speed: npm run setup:native (see docs/benchmarks.md)\n');
    return 0;
  },
});
