import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { PipelineError } from '../errors/pipeline-error.ts';
import { paramsSchema, type JsonSchema } from '../schema/pipeline-schema.ts';
import { PATH_KEYWORD, RUN_RECORDS, type PathKind } from '../stage/path-params.ts';
import type { PipelineGraph, StageNode } from './stage-node.ts';

/**
 * Checks every path parameter before the run: input folders exist and are folders (relative
 * paths start at the pipeline file's folder, as at run time); output files are not the run's
 * own records. The schema already keeps output names free of folders.
 */
export function checkPaths(graph: PipelineGraph, baseDirectory: string): PipelineError[] {
  return graph.nodes.flatMap((node) => {
    const properties = (paramsSchema(node.definition.params)['properties'] ?? {}) as Record<string, JsonSchema>;
    return Object.entries(properties).flatMap(([key, schema]) => {
      const kind = schema[PATH_KEYWORD] as PathKind | undefined;
      const value = node.params[key];
      if (!kind || typeof value !== 'string') return [];
      const problem = kind === 'output-file' ? outputProblem(value) : inputProblem(resolve(baseDirectory, value));
      return problem
        ? [
            new PipelineError({
              location: node.locate(['with', key]),
              message: `stage '${node.id}': ${key} ${problem.message}`,
              path: `${node.path}.with.${key}`,
              hint: problem.hint,
            }),
          ]
        : [];
    });
  });
}

function outputProblem(name: string): { message: string; hint: string } | undefined {
  if (RUN_RECORDS.includes(name))
    return { message: `'${name}' would overwrite the run's own ${name}`, hint: 'choose another file name' };
  return undefined;
}

function inputProblem(folder: string): { message: string; hint: string } | undefined {
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    return { message: `'${folder}' does not exist`, hint: 'relative paths start at the folder of the pipeline file' };
  }
  if (!isFolder)
    return { message: `'${folder}' is a file, not a folder`, hint: 'name the folder that holds the images' };
  try {
    readdirSync(folder);
  } catch (error) {
    return {
      message: `'${folder}' cannot be read (${(error as NodeJS.ErrnoException).code})`,
      hint: 'check its permissions',
    };
  }
  return undefined;
}

/**
 * Input folders made absolute, in the nodes and in the spec a run saves: a run's pipeline.yaml
 * lives in its run directory, and resume, eval and repro must read the same folders from there.
 * Inside groups the folder comes from the group's parameters and is left as resolved at run time.
 */
export function absoluteInputFolders(
  graph: PipelineGraph,
  stages: Record<string, { with?: Record<string, unknown> }>,
  baseDirectory: string,
): void {
  for (const node of graph.nodes) {
    const properties = (paramsSchema(node.definition.params)['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const [key, schema] of Object.entries(properties)) {
      const value = node.params[key];
      if (schema[PATH_KEYWORD] !== 'input-folder' || typeof value !== 'string') continue;
      const absolute = resolve(baseDirectory, value);
      node.params[key] = absolute;
      const entry = node.groups.length === 0 ? stages[node.id] : undefined;
      if (entry) entry.with = { ...(entry.with ?? {}), [key]: absolute };
    }
  }
}
