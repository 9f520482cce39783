import { definePort } from '@granular/core';

/** What evaluation stages pass on: the step and its named values. */
export interface MetricsReport {
  step: number;
  values: Record<string, number>;
}

export const METRICS_PORT = definePort<MetricsReport>('Metrics');

/**
 * The trainer's StepReport as evaluation stages read it (its step only): the same port by name,
 * typed with what evaluation needs, so evaluation does not depend on training code.
 */
export const TRAINED_STEP_PORT = definePort<{ readonly step: number }>('StepReport');
