import { definePort } from '@granular/core';

/** What evaluation stages pass on: the step and its named values. */
export interface MetricsReport {
  step: number;
  values: Record<string, number>;
}

export const METRICS_PORT = definePort<MetricsReport>('Metrics');
