import { Type, type StringOptions, type TString } from '@sinclair/typebox';

/** Marks a string parameter as a path, so that validation can check it before anything runs. */
export const PATH_KEYWORD = 'x-granular-path';
export type PathKind = 'input-folder' | 'output-file';

/** Files every run directory holds: no stage may write over them. */
export const RUN_RECORDS: readonly string[] = [
  'pipeline.yaml',
  'manifest.json',
  'events.jsonl',
  'metrics.json',
  'report.html',
  'run.lock',
  'checkpoints',
  'samples',
];

/**
 * A folder the stage reads, relative to the pipeline file (or absolute): validation checks
 * that it exists and is a folder. Reading is what a pipeline asks for; it may be anywhere the
 * user can read.
 */
export function inputFolderParam(options: StringOptions = {}): TString {
  return Type.String({ minLength: 1, maxLength: 4096, ...options, [PATH_KEYWORD]: 'input-folder' });
}

/**
 * A file the stage writes into the run directory: a plain file name (no folders, so it cannot
 * leave the run directory), and none of the run's own records.
 */
export function outputFileParam(options: StringOptions = {}): TString {
  return Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[A-Za-z0-9_-][A-Za-z0-9._-]*$',
    ...options,
    [PATH_KEYWORD]: 'output-file',
  });
}
