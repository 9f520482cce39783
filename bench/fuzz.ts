// Feeds seeded random mutations of the shipped pipelines through validation (the longer run of
// the test in packages/cli/src/fuzz): every outcome must be a valid pipeline or a located error.
//   npm run bench -- fuzz [--inputs 5000] [--seed 1]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fuzzPipelines } from '@granular/cli';

const { values } = parseArgs({
  options: { inputs: { type: 'string', default: '5000' }, seed: { type: 'string', default: '1' } },
});
const started = Date.now();
const report = await fuzzPipelines({
  seed: Number(values.seed),
  inputs: Number(values.inputs),
  directory: mkdtempSync(join(tmpdir(), 'granular-fuzz-')),
});
console.log(
  `inputs tried ${report.tried}, valid ${report.valid}, clear errors ${report.clearErrors}, anything else ${report.other.length}`,
);
console.log(
  `slowest ${report.slowestSeconds.toFixed(2)} s, memory grew at most ${report.rssGrowthMb.toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s in all (seed ${values.seed})`,
);
for (const problem of report.other) console.log(`  ${problem.how}\n    ${problem.problem}\n    ${problem.file}`);
process.exitCode = report.other.length ? 1 : 0;
