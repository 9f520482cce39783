import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@granular/core';
import { defineCommand, UsageError } from '../command.ts';
import { writeReport } from '../report/build-report.ts';

export const reportCommand = defineCommand({
  name: 'report',
  summary: "Write a run's report.html: curves, sample grids, the graph, the manifest",
  usage: 'granular report RUN_DIR',
  help: `Writes RUN_DIR/report.html, one self-contained file that any browser opens without a server:
the final metrics, a chart of every logged number over the steps, the sample grids over time,
the pipeline graph and the manifest. Runs write it themselves when they end; this command
refreshes it (for instance after 'granular eval').

Example:
  granular report runs/mnist-dcgan/20261127T170000Z-1a2b3c4d`,
  options: {},
  async run({ positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('granular report takes one run directory');
    const directory = positionals[0]!;
    if (!existsSync(join(directory, 'manifest.json'))) throw new UserError(`${directory} is not a run directory (no manifest.json)`, 'give the directory that `granular run` printed');
    io.out(`${await writeReport(directory)}\n`);
    return 0;
  },
});
