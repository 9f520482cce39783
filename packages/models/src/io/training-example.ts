/**
 * The pipeline around a training-related stage in the stage reference: two small MLPs and
 * 512 MNIST digits, trained by a D step and a G step. `stages` adds the lines that show the
 * stage itself.
 */
export function trainingExample(stages: string): string {
  return `
models:
  G: { use: mlp/generator }
  D: { use: mlp/discriminator }
stages:
  digits:  { use: data/mnist, with: { limit: 512 } }
  scaled:  { use: preprocess/normalize, from: digits, with: { range: [-1, 1] } }
  batches: { use: data/batches, from: scaled, with: { size: 64 } }
${stages
  .trim()
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}`;
}
