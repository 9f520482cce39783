import type { Command } from '../command.ts';

/** A command as `granular --help` lists it; its module (and what it imports) loads only when it runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command<any>>;
}

/**
 * Every command, in the order `granular --help` shows them. Listing them loads nothing else:
 * TensorFlow.js, the schemas and the stages are imported by the commands that use them.
 */
export const COMMAND_TABLE: readonly CommandEntry[] = [
  {
    name: 'validate',
    summary: 'Check pipeline files without running anything',
    load: async () => (await import('./validate.ts')).validateCommand,
  },
  {
    name: 'graph',
    summary: 'Print the stage graph as a Mermaid flowchart (or Graphviz DOT)',
    load: async () => (await import('./graph.ts')).graphCommand,
  },
  {
    name: 'run',
    summary: 'Validate and run a pipeline into a new run directory',
    load: async () => (await import('./run.ts')).runCommand,
  },
  {
    name: 'resume',
    summary: 'Continue an interrupted run from its last good checkpoint',
    load: async () => (await import('./resume.ts')).resumeCommand,
  },
  {
    name: 'repro',
    summary: 'Re-run a finished run and check that weights and metrics come out identical',
    load: async () => (await import('./repro.ts')).reproCommand,
  },
  {
    name: 'sweep',
    summary: 'Run pipelines over a grid of settings and seeds, K runs at a time',
    load: async () => (await import('./sweep.ts')).sweepCommand,
  },
  {
    name: 'worker',
    summary: 'Take runs from a sweep queue (BullMQ on Redis) and run them on this machine',
    load: async () => (await import('./worker.ts')).workerCommand,
  },
  {
    name: 'compare',
    summary: 'Tabulate the final metrics of runs and sweeps, mean ± std over seeds',
    load: async () => (await import('./compare.ts')).compareCommand,
  },
  {
    name: 'report',
    summary: "Write a run's or a sweep's report.html: curves, sample grids, the graph, the manifest",
    load: async () => (await import('./report.ts')).reportCommand,
  },
  {
    name: 'eval',
    summary: "Evaluate a run's generator: FCD, KID, PRDC, modes, classifier score, SWD",
    load: async () => (await import('./eval.ts')).evalCommand,
  },
  {
    name: 'export',
    summary: 'Write a static web page that draws samples of a trained generator in the browser',
    load: async () => (await import('./export.ts')).exportCommand,
  },
  {
    name: 'stages',
    summary: 'List the registered stages (and models, losses, metrics)',
    load: async () => (await import('./stages.ts')).stagesCommand,
  },
  {
    name: 'init',
    summary: 'Create an experiment project: a pipeline extending a shipped one, a plugin stage, a package.json',
    load: async () => (await import('./init.ts')).initCommand,
  },
  {
    name: 'doctor',
    summary: 'Which TensorFlow.js backends load here, their versions, and a reference step time for each',
    load: async () => (await import('./doctor.ts')).doctorCommand,
  },
];
