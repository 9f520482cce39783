import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@granular/core';
import { defineCommand, UsageError } from '../command.ts';
import { writeReport } from '../report/build-report.ts';
import { writeSweepReport } from '../report/sweep-report.ts';
import { SWEEP_INDEX } from '../sweep/sweep-index.ts';

export const reportCommand = defineCommand({
  name: 'report',
  usage: 'granular report RUN_DIR|SWEEP_DIR',
  help: `Writes RUN_DIR/report.html, one self-contained file that any browser opens without a server:
the final metrics, a chart of every logged number over the steps, the sample grids over time,
the pipeline graph and the manifest. Runs write it themselves when they end; this command
refreshes it (for instance after 'granular eval').

For a sweep directory it writes SWEEP_DIR/report.html: every metric against training time (one
line per configuration, the mean over its seeds with their min–max as a band), the values at
budget marks, the final tables of 'granular compare' and each run's last sample grid. 'granular
sweep' writes it when the sweep ends.

Example:
  granular report runs/mnist-dcgan/20261127T170000Z-1a2b3c4d
  granular report runs/sweeps/sweep-20261130T100000Z`,
  options: {},
  async run({ positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('granular report takes one run or sweep directory');
    const directory = positionals[0]!;
    if (existsSync(join(directory, SWEEP_INDEX))) {
      io.out(`${writeSweepReport(directory)}\n`);
      return 0;
    }
    if (!existsSync(join(directory, 'manifest.json')))
      throw new UserError(
        `${directory} is not a run or sweep directory (no manifest.json or ${SWEEP_INDEX})`,
        'give the directory that `granular run` or `granular sweep` printed',
      );
    io.out(`${await writeReport(directory)}\n`);
    return 0;
  },
});
