import { parse, stringify } from 'yaml';
import type { Random } from '@granular/core';

/** One hostile or broken variant of a pipeline file, and how it was made (for a failure's report). */
export interface Mutant {
  text: string;
  how: string;
}

type Value = unknown;
type Path = (string | number)[];

/** Every path to a value in a parsed document (mappings and lists), the root excluded. */
function paths(value: Value, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, inner]) => [[...prefix, key], ...paths(inner, [...prefix, key])]);
}

function parentOf(root: Value, path: Path): Record<string | number, Value> {
  return path.slice(0, -1).reduce<Value>((node, key) => (node as Record<string | number, Value>)[key], root) as Record<
    string | number,
    Value
  >;
}

/** Values of every type a parameter could be handed, the absurd ones included. */
const REPLACEMENTS: Value[] = [
  null,
  true,
  false,
  0,
  -1,
  1e400,
  -1e400,
  1e12,
  0.5,
  '',
  'x',
  'ten',
  '../../..',
  '/dev/zero',
  '__proto__',
  [],
  [1, 2],
  {},
  { a: 1 },
  'a'.repeat(5000),
  '\u001b[31m\u202e',
];

const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)]!;

/** Mutations of the parsed document, written back as YAML. */
const STRUCTURAL: Record<string, (root: Record<string, Value>, random: Random) => string | undefined> = {
  'delete a key': (root, random) => {
    const path = pick(random, paths(root));
    const parent = parentOf(root, path);
    if (Array.isArray(parent)) parent.splice(path.at(-1) as number, 1);
    else delete parent[path.at(-1)!];
    return path.join('.');
  },
  'rename a key': (root, random) => {
    const path = pick(
      random,
      paths(root).filter((p) => typeof p.at(-1) === 'string'),
    );
    if (!path) return undefined;
    const parent = parentOf(root, path);
    const key = path.at(-1) as string;
    const renamed = pick(random, [
      `${key}x`,
      key.slice(1),
      key.toUpperCase(),
      `${key}/${key}`,
      '__proto__',
      'constructor',
      ' ',
      '',
    ]);
    parent[renamed] = parent[key];
    delete parent[key];
    return `${path.join('.')} → ${renamed}`;
  },
  'retype a value': (root, random) => {
    const path = pick(random, paths(root));
    const replacement = pick(random, REPLACEMENTS);
    parentOf(root, path)[path.at(-1)!] = structuredClone(replacement);
    return `${path.join('.')} = ${JSON.stringify(replacement)?.slice(0, 40)}`;
  },
  'swap two values': (root, random) => {
    const all = paths(root);
    const [a, b] = [pick(random, all), pick(random, all)];
    if (a.join('.').startsWith(b.join('.')) || b.join('.').startsWith(a.join('.'))) return undefined;
    const [parentA, parentB] = [parentOf(root, a), parentOf(root, b)];
    const saved = parentA[a.at(-1)!];
    parentA[a.at(-1)!] = parentB[b.at(-1)!];
    parentB[b.at(-1)!] = saved;
    return `${a.join('.')} ⇄ ${b.join('.')}`;
  },
  'reroute an edge': (root, random) => {
    const stages = root['stages'] as Record<string, Record<string, Value>> | undefined;
    const names = stages ? Object.keys(stages) : [];
    if (names.length === 0) return undefined;
    const stage = pick(random, names);
    const target = pick(random, [pick(random, names), stage, [pick(random, names)], 3, 'nowhere', '$input']);
    if (typeof stages![stage] === 'object' && stages![stage] !== null) stages![stage]!['from'] = target;
    return `stages.${stage}.from = ${JSON.stringify(target)}`;
  },
};

/** Mutations of the text itself: what a half-saved file or a hostile one holds. */
const TEXTUAL: Record<string, (text: string, random: Random) => string> = {
  'cut the file': (text, random) => text.slice(0, random.int(text.length + 1)),
  'duplicate a line': (text, random) => {
    const lines = text.split('\n');
    const at = random.int(lines.length);
    lines.splice(at, 0, lines[at]!);
    return lines.join('\n');
  },
  'insert a tag': (text, random) =>
    text.replace(
      /: ([^\n{[]+)\n/,
      `: ${pick(random, ['!!js/function "x"', '!!binary aGk=', '!!set {a}', '!custom 1', '!!timestamp 2001-12-14'])}\n`,
    ),
  'insert an alias': (text, random) =>
    pick(random, [
      `${text}\nanchors: &a [x, x]\nmore: [*a, *a, *a]\n`,
      text.replace(/: ([^\n{[]+)\n/, ': *undefined_anchor\n'),
      `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n${text}`,
    ]),
  'change extends': (text, random) =>
    `extends: ${pick(random, ['/dev/zero', './no-such.yaml', '/etc/passwd', '.', 'granular:no-such', '[a]'])}\n${text.replace(/^extends:.*$/m, '')}`,
  'insert a control character': (text, random) => {
    const at = random.int(text.length + 1);
    return `${text.slice(0, at)}${pick(random, ['\t', '\u0000', '\u001b[2J', '\u202e', '\ufeff', '\r'])}${text.slice(at)}`;
  },
};

/** One seeded mutant of `text`: a structural change (parsed, changed, written back) or a textual one. */
export function mutate(text: string, random: Random): Mutant {
  const structural = Object.keys(STRUCTURAL);
  const textual = Object.keys(TEXTUAL);
  if (random.int(2) === 0) {
    const name = pick(random, structural);
    const root = parse(text) as Record<string, Value>;
    const how = STRUCTURAL[name]!(root, random);
    if (how !== undefined) return { text: stringify(root), how: `${name}: ${how}` };
  }
  const name = pick(random, textual);
  return { text: TEXTUAL[name]!(text, random), how: name };
}
