import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '@granular/core';
import { defineCommand, UsageError } from '../command.ts';
import { projectFiles } from '../init/project-files.ts';

const PACKAGES = join(import.meta.dirname, '..', '..', '..');

function packageJson(folder: string): { version: string; dependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(PACKAGES, folder, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
}

export const initCommand = defineCommand({
  name: 'init',
  usage: 'granular init DIR',
  help: `Creates an experiment project in DIR (which must be new or empty): a package.json that
depends on Granular, pipelines/experiment.yaml (extends the shipped mnist-dcgan by name and adds
a stage of its own), plugins/discriminator-gap.ts (that stage, in TypeScript) and a README.

Example:
  granular init my-experiment && cd my-experiment && npx granular validate pipelines/experiment.yaml`,
  options: {},
  async run({ positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('granular init takes one directory');
    const directory = resolve(positionals[0]!);
    if (existsSync(directory) && readdirSync(directory).length > 0)
      throw new UsageError(`${positionals[0]} exists and is not empty; give a new directory`);
    const core = packageJson('core');
    const versions = {
      granular: packageJson('cli').version,
      typebox: core.dependencies['@sinclair/typebox']!,
      rxjs: core.dependencies['rxjs']!,
    };
    const name =
      basename(directory)
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-') || 'experiment';
    for (const [file, text] of Object.entries(projectFiles(name, versions))) {
      mkdirSync(dirname(join(directory, file)), { recursive: true });
      writeFileAtomic(join(directory, file), text);
      io.out(`wrote ${join(positionals[0]!, file)}\n`);
    }
    io.err(`next: cd ${positionals[0]} && npx granular validate pipelines/experiment.yaml\n`);
    return 0;
  },
});
