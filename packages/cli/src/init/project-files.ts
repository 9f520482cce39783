/**
 * The files of a new experiment project (`granular init DIR`): one pipeline that extends a
 * shipped one by name and adds a stage from the project's own plugin, written in TypeScript.
 */
export function projectFiles(
  name: string,
  versions: { granular: string; typebox: string; rxjs: string },
): Record<string, string> {
  return {
    'package.json': `${JSON.stringify(
      {
        name,
        version: '0.1.0',
        private: true,
        type: 'module',
        scripts: {
          validate: 'granular validate pipelines/experiment.yaml',
          train: 'granular run pipelines/experiment.yaml',
        },
        // The plugin imports these itself, so the project names them (the versions Granular uses).
        dependencies: {
          '@granular/cli': `^${versions.granular}`,
          '@granular/core': `^${versions.granular}`,
          '@sinclair/typebox': versions.typebox,
          rxjs: versions.rxjs,
        },
      },
      null,
      2,
    )}\n`,
    'pipelines/experiment.yaml': `# The shipped DCGAN on MNIST (granular:mnist-dcgan), with one stage of this project's own:
# plugins/discriminator-gap.ts logs how far D tells real from fake at every step.
#   npx granular run pipelines/experiment.yaml --max-steps 200
extends: granular:mnist-dcgan
name: ${name}
plugins: [../plugins/discriminator-gap.ts]
stages:
  gap: { use: my/discriminator-gap, from: g }
`,
    'plugins/discriminator-gap.ts': `// A plugin: a module that exports the stages (models, losses) it adds. Pipelines list it
// under \`plugins:\`; its stages are validated, listed and run like the built-in ones.
import { Type } from '@sinclair/typebox';
import { defineStage } from '@granular/core';
import { tap } from 'rxjs';

const discriminatorGap = defineStage({
  name: 'my/discriminator-gap',
  summary: "Logs d_gap = D's mean output on real images minus on fakes (0: D cannot tell them apart)",
  params: Type.Object({}, { additionalProperties: false }),
  input: 'StepReport',
  output: 'StepReport',
  example: '',
  create: (_params, context) =>
    tap((report: { values: Readonly<Record<string, number>> }) => {
      const { d_real: real, d_fake: fake } = report.values;
      if (real !== undefined && fake !== undefined) context.emit('d_gap', real - fake);
    }),
});

export const stages = [discriminatorGap];
`,
    'README.md': `# ${name}

A Granular experiment: \`pipelines/experiment.yaml\` extends the shipped \`mnist-dcgan\` pipeline and
adds a stage from \`plugins/discriminator-gap.ts\`.

\`\`\`sh
npm install                                   # Granular, from the registry or a tarball: npm install <path-or-tarball>
npx granular validate pipelines/experiment.yaml
npx granular run pipelines/experiment.yaml --max-steps 200
npx granular stages pipelines/experiment.yaml # what the pipeline can use, your stage included
\`\`\`

Runs go to \`runs/<name>/<time>-<hash>/\` under this folder. \`extends: granular:NAME\` names any
pipeline Granular ships (\`mnist-mlp\`, \`mnist-dcgan\`, \`mnist-msg\`, \`fashion-msg\`…).
`,
  };
}
