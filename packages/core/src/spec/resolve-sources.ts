import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { didYouMean } from '../errors/did-you-mean.ts';
import { ErrorList, PipelineError } from '../errors/pipeline-error.ts';
import type { SourceLocation } from '../errors/source-location.ts';
import type { Locate } from '../schema/schema-errors.ts';
import { readYamlFile, type YamlFile } from '../yaml/yaml-file.ts';
import { locateNode, type PathSegment } from '../yaml/yaml-locator.ts';
import { deepMerge } from './deep-merge.ts';
import { applyOverrides, parseOverride, type Override } from './overrides.ts';

/** A pipeline as the user composed it: the file, the files it extends, and `--set` overrides. */
export interface PipelineSources {
  /** Child first: the file named on the command line, then what it extends, and so on. */
  files: YamlFile[];
  overrides: Override[];
  /** The merged value, `extends` removed, overrides applied. Not yet validated. */
  value: Record<string, unknown>;
  /** Where a path of the merged value was written: the override that set it, or the file that holds it. */
  locate: Locate;
  /** The directory relative paths at `path` are resolved against. */
  baseDirectoryOf(path: readonly PathSegment[]): string;
}

const MAX_EXTENDS_DEPTH = 16;

export function resolveSources(
  file: string,
  overrideTexts: readonly string[] = [],
  libraries: readonly string[] = [],
): PipelineSources {
  const files = loadExtendsChain(resolve(file), libraries);
  const merged = files.reduceRight<Record<string, unknown>>((base, child) => deepMerge(base, child.value), {});
  delete merged['extends'];

  const errors = new ErrorList();
  const overrides: Override[] = [];
  overrideTexts.forEach((text, index) => {
    try {
      overrides.push(parseOverride(text, index));
    } catch (error) {
      errors.absorb(error);
    }
  });
  errors.throwIfAny();
  const value = applyOverrides(merged, overrides);

  const sourceOf = (path: readonly PathSegment[]): YamlFile | Override => {
    const override = [...overrides].reverse().find((o) => startsWith(path, o.path));
    if (override) return override;
    let best = files[0]!;
    let bestDepth = -1;
    for (const candidate of files) {
      const { depth } = locateNode(candidate.document, path);
      if (depth > bestDepth) {
        best = candidate;
        bestDepth = depth;
      }
    }
    return best;
  };
  return {
    files,
    overrides,
    value,
    locate: (path, options) => {
      const source = sourceOf(path);
      return 'document' in source ? source.locate(path, options) : source.location;
    },
    baseDirectoryOf: (path) => {
      const source = sourceOf(path);
      return 'document' in source ? dirname(resolve(source.path)) : process.cwd();
    },
  };
}

function startsWith(path: readonly PathSegment[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(path[i]) === segment);
}

const LIBRARY_PREFIX = 'granular:';

/** The file of a named pipeline (`granular:mnist-dcgan`): NAME.yaml in the first library folder that has it. */
function libraryPipeline(name: string, libraries: readonly string[], reference: SourceLocation): string {
  const found = libraries.map((folder) => join(folder, `${name}.yaml`)).find((candidate) => existsSync(candidate));
  if (found) return found;
  const known = [
    ...new Set(
      libraries
        .flatMap((folder) => (existsSync(folder) ? readdirSync(folder) : []))
        .filter((entry) => entry.endsWith('.yaml'))
        .map((entry) => entry.slice(0, -'.yaml'.length)),
    ),
  ].sort();
  throw new PipelineError({
    location: reference,
    message: `extends: no shipped pipeline is called '${name}'`,
    path: 'extends',
    hint: didYouMean(name, known, `the shipped pipelines: ${known.join(', ') || '(none)'}`),
  });
}

/** Reads a file and, recursively, the files it extends; refuses cycles and missing files at the `extends:` line. */
function loadExtendsChain(path: string, libraries: readonly string[]): YamlFile[] {
  const chain: YamlFile[] = [];
  let current: { path: string; reference?: SourceLocation } | undefined = { path };
  while (current) {
    const file = readYamlFile(current.path, 'pipeline', current.reference);
    chain.push(file);
    const parent = file.value['extends'];
    if (parent === undefined) break;
    const reference = file.locate(['extends']);
    if (typeof parent !== 'string' || parent.length === 0) {
      throw new PipelineError({
        location: reference,
        message: 'extends must be a file path or granular:NAME',
        path: 'extends',
        hint: 'extends: ./base.yaml, or extends: granular:mnist-dcgan for a shipped pipeline',
      });
    }
    const parentPath: string = parent.startsWith(LIBRARY_PREFIX)
      ? libraryPipeline(parent.slice(LIBRARY_PREFIX.length), libraries, reference)
      : resolve(dirname(current.path), parent);
    const seen = chain.findIndex((f) => resolve(f.path) === parentPath);
    if (seen >= 0) {
      const cycle = [...chain.slice(seen).map((f) => f.displayName), chain[seen]!.displayName].join(' → ');
      throw new PipelineError({
        location: reference,
        message: seen === chain.length - 1 ? `${file.displayName} extends itself` : `extends forms a cycle: ${cycle}`,
        path: 'extends',
        hint: 'a pipeline may build on another, but not on itself',
      });
    }
    if (chain.length >= MAX_EXTENDS_DEPTH) {
      throw new PipelineError({
        location: reference,
        message: `extends is nested more than ${MAX_EXTENDS_DEPTH} deep`,
        path: 'extends',
      });
    }
    current = { path: parentPath, reference };
  }
  return chain;
}
