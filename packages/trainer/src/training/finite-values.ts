import { UserError } from '@granular/core';

/** Stops the run at the first NaN or infinite loss, naming it and the step (the stage is named by the engine). */
export function requireFinite(values: Record<string, number>, step: number): void {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isFinite(value)) {
      throw new UserError(
        `${name} is ${value} at step ${step}; the run stops here and keeps its last good checkpoint`,
        'lower the learning rate, check that the data range matches the generator output (tanh: [-1, 1]), or try another loss',
      );
    }
  }
}
