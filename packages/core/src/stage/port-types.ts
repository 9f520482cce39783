/**
 * Ports carry named types so that validation can refuse a wiring that would fail at run time
 * (a discriminator that needs scales wired to plain batches). Names are open: plugins may add
 * their own. These are the ones the built-in packages use.
 */
export const PortTypes = {
  /** Anything; a stage that takes `Any` accepts every output. */
  Any: 'Any',
  /** Nothing flows out: the stage is a sink. */
  None: 'None',
  Number: 'Number',
  Text: 'Text',
  Batch: 'Batch',
  Pyramid: 'Pyramid',
  StepReport: 'StepReport',
  Metrics: 'Metrics',
} as const;

export type PortType = string;

/** Whether an input port takes an output: same name, `Any`, or one of the names of a union input such as `Batch|Pyramid`. */
export function portAccepts(input: PortType, output: PortType): boolean {
  if (output === PortTypes.None) return false;
  return input === PortTypes.Any || input.split('|').includes(output);
}
