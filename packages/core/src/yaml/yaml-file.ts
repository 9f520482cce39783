import { readFileSync, statSync, type Stats } from 'node:fs';
import { relative } from 'node:path';
import { isAlias, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { ErrorList, PipelineError, PipelineErrors } from '../errors/pipeline-error.ts';
import type { SourceLocation } from '../errors/source-location.ts';
import { formatPath } from '../schema/schema-errors.ts';
import { findNonFinite, findReservedKey, RESERVED_KEYS } from '../spec/reserved-keys.ts';
import { locateNode, type LocateOptions, type PathSegment } from './yaml-locator.ts';

/** Pipelines and groups are small; a larger file is a mistake (or an attack), not a pipeline. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Aliases are handy for sharing a block or two; thousands mean an expansion bomb. */
export const MAX_ALIASES = 100;

/** A parsed YAML mapping with the means to point back at any of its nodes. */
export interface YamlFile {
  /** The path as given, for opening the file. */
  path: string;
  /** The path as shown in messages (relative to the working directory when shorter). */
  displayName: string;
  document: Document;
  lineCounter: LineCounter;
  /** The plain JavaScript value of the document. */
  value: Record<string, unknown>;
  locate(path: readonly PathSegment[], options?: LocateOptions): SourceLocation;
}

export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.length > 0 && shown.length < path.length && !shown.startsWith('..') ? shown : path;
}

/**
 * Reads and parses a YAML file that must hold one mapping. Every syntax error, unknown tag
 * and structural problem is reported with its position; nothing in the file is executed
 * (the core schema has no tags that construct objects or functions).
 */
export function readYamlFile(path: string, what: string, reference?: SourceLocation): YamlFile {
  const displayName = displayPath(path);
  const start = { file: displayName, line: 1, col: 1 };
  let text: string;
  try {
    const stats = statSync(path);
    // Only regular files: a FIFO would block the read forever, /dev/zero never ends.
    if (!stats.isFile()) {
      throw new PipelineError({
        location: reference ?? start,
        message: `the ${what} file '${displayName}' is not a regular file (it is ${fileKind(stats)})`,
        hint: reference ? 'name a YAML file; paths are relative to the file that names them' : 'name a YAML file',
      });
    }
    const size = stats.size;
    if (size > MAX_YAML_BYTES) {
      throw new PipelineError({
        location: start,
        message: `the ${what} file is ${(size / 1e6).toFixed(1)} MB; at most ${MAX_YAML_BYTES / 1024} KiB is accepted`,
        hint: 'a pipeline names its data; it does not contain it',
      });
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof PipelineError) throw error;
    throw new PipelineError({
      location: reference ?? start,
      message: `cannot read the ${what} file '${displayName}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      hint: reference ? 'paths are relative to the file that names them' : 'check the path',
    });
  }
  return parseYamlText(text, displayName, what, path);
}

export function parseYamlText(text: string, displayName: string, what: string, path = displayName): YamlFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    schema: 'core',
  });
  const errors = new ErrorList();
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: displayName, line, col };
  };
  for (const problem of [...document.errors, ...document.warnings]) {
    errors.add({ location: at(problemOffset(problem, text)), message: yamlMessage(problem), hint: yamlHint(problem) });
  }
  errors.throwIfAny();

  const firstAlias = findExcessAlias(document);
  if (firstAlias !== undefined) {
    throw new PipelineError({
      location: at(firstAlias),
      message: `too many aliases (more than ${MAX_ALIASES}): the document could expand without bound`,
      hint: 'write the repeated block out, or share it through `extends:`',
    });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // yaml refuses unresolved aliases and alias expansions that multiply (a few aliases, each
    // repeating the one before, can stand for billions of nodes).
    throw new PipelineError({
      location: at(firstAliasOffset(document) ?? 0),
      message: `the ${what} file's aliases cannot be expanded: ${(error as Error).message}`,
      hint: 'define each anchor (&name) before its alias (*name), and write repeated blocks out or share them through `extends:`',
    });
  }
  const infinite = findNonFinite(value);
  if (infinite) {
    throw new PipelineError({
      location: at(locateNode(document, infinite).offset),
      message: `${formatPath(infinite)} is ${String(getPath(value, infinite))}: numbers must be finite`,
      path: formatPath(infinite),
      hint: 'write the number itself (1e400 and .inf are infinite)',
    });
  }
  const reserved = findReservedKey(value);
  if (reserved) {
    throw new PipelineError({
      location: at(locateNode(document, reserved, { key: true }).offset),
      message: `'${String(reserved.at(-1))}' cannot be a key of a ${what}`,
      path: formatPath(reserved),
      hint: `${[...RESERVED_KEYS].join(', ')} would reach the prototypes of every object; rename it`,
    });
  }
  if (value === null || value === undefined) {
    throw new PipelineError({
      location: at(0),
      message: `the ${what} file is empty`,
      hint: `a ${what} is a mapping; see docs/guide.md`,
    });
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new PipelineError({
      location: at(document.contents?.range?.[0] ?? 0),
      message: `a ${what} must be a mapping (key: value), but this file holds ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`,
      hint: 'start with `name: my-pipeline` and `stages:`',
    });
  }
  return {
    path,
    displayName,
    document,
    lineCounter,
    value: value as Record<string, unknown>,
    locate: (segments, options) => {
      const offset = locateNode(document, segments, options).offset;
      return at(offset);
    },
  };
}

/** Unclosed quotes are reported where the file ends; the opening quote is where the fix goes. */
function problemOffset(problem: YAMLError, text: string): number {
  if (problem.code === 'MISSING_CHAR' && /quote/.test(problem.message)) {
    const lineStart = text.lastIndexOf('\n', Math.max(0, problem.pos[0] - 1)) + 1;
    const before = text.slice(0, problem.pos[0]);
    const quote = problem.message.includes('"') ? '"' : "'";
    const opening = before.lastIndexOf(quote);
    if (opening >= 0) return opening;
    return lineStart;
  }
  return problem.pos[0];
}

export function yamlMessage(problem: YAMLError): string {
  const first = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (problem.code === 'TAG_RESOLVE_FAILED')
    return `the tag ${first.replace(/^Unresolved tag: (tag:yaml\.org,2002:)?/, (_, core) => (core ? '!!' : ''))} is not allowed in pipelines`;
  return `YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

export function yamlHint(problem: YAMLError): string | undefined {
  switch (problem.code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; remove or rename one of them';
    case 'MISSING_CHAR':
      return 'close the quote on the same line, or use a block scalar (|) for long text';
    case 'TAG_RESOLVE_FAILED':
      return 'remove the tag; YAML files never construct code or objects here';
    case 'MULTIPLE_DOCS':
      return 'one pipeline per file; remove the `---` separator';
    default:
      return undefined;
  }
}

/** The offset of the alias that pushes the count over the limit, if any. */
function findExcessAlias(document: Document): number | undefined {
  let count = 0;
  let offset: number | undefined;
  visit(document, {
    Alias(_, node) {
      count += 1;
      if (count > MAX_ALIASES && isAlias(node)) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/** Where the first alias of a document is written. */
function firstAliasOffset(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function getPath(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
}
