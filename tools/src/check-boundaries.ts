// Enforces the one-way dependency graph of the packages (core ← ops ← data, models, losses ←
// trainer ← evaluation ← cli). Each package's layer is its nx tag `layer:N`, so `npx nx graph`
// and this check read the same facts. A package may use only packages of a lower layer, must
// declare each one it imports (in devDependencies when only its tests do), may not declare one
// its code never imports, and its sources may not reach into another package by path.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

interface WorkspacePackage {
  name: string;
  directory: string;
  layer: number;
  dependencies: string[];
  /** Workspace packages only its tests use. */
  devDependencies: string[];
}

export interface Violation {
  file: string;
  message: string;
}

const SCOPE = '@granular/';

export function readPackages(root: string): WorkspacePackage[] {
  const packagesDirectory = join(root, 'packages');
  return readdirSync(packagesDirectory)
    .filter((name) => existsSync(join(packagesDirectory, name, 'package.json')))
    .map((name) => {
      const directory = join(packagesDirectory, name);
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
        nx?: { tags?: string[] };
      };
      const tag = manifest.nx?.tags?.find((t) => t.startsWith('layer:'));
      return {
        name: manifest.name,
        directory,
        layer: tag ? Number(tag.slice('layer:'.length)) : Number.NaN,
        dependencies: Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith(SCOPE)),
        devDependencies: Object.keys(manifest.devDependencies ?? {}).filter((d) => d.startsWith(SCOPE)),
      };
    });
}

function sourceFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (entry === 'node_modules' || entry === 'fixtures') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry) ? [path] : [];
  });
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

export function findViolations(root: string): Violation[] {
  const packages = readPackages(root);
  const byName = new Map(packages.map((p) => [p.name, p]));
  const violations: Violation[] = [];
  for (const pkg of packages) {
    const manifest = relative(root, join(pkg.directory, 'package.json'));
    if (Number.isNaN(pkg.layer)) violations.push({ file: manifest, message: `${pkg.name} has no nx tag layer:N` });
    for (const dependency of [...pkg.dependencies, ...pkg.devDependencies]) {
      const target = byName.get(dependency);
      if (target && !(target.layer < pkg.layer)) {
        violations.push({
          file: manifest,
          message: `${pkg.name} (layer ${pkg.layer}) depends on ${dependency} (layer ${target.layer}); dependencies must point to lower layers`,
        });
      }
    }
    const usedByCode = new Set<string>();
    const usedByTests = new Set<string>();
    for (const file of ['src', 'bin', 'test'].flatMap((folder) => sourceFiles(join(pkg.directory, folder)))) {
      const shown = relative(root, file);
      const isTest = file.endsWith('.test.ts') || file.includes(`${sep}test${sep}`);
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith(SCOPE)) {
          const name = specifier.split('/').slice(0, 2).join('/');
          const target = byName.get(name);
          (isTest ? usedByTests : usedByCode).add(name);
          const declared = pkg.dependencies.includes(name) || (isTest && pkg.devDependencies.includes(name));
          if (!target) violations.push({ file: shown, message: `imports ${name}, which is not a workspace package` });
          else if (target !== pkg && !(target.layer < pkg.layer))
            violations.push({
              file: shown,
              message: `imports ${name} (layer ${target.layer}) from ${pkg.name} (layer ${pkg.layer}); dependencies must point to lower layers`,
            });
          else if (target !== pkg && !declared)
            violations.push({
              file: shown,
              message: `imports ${name}, which ${pkg.name}'s package.json does not declare${pkg.devDependencies.includes(name) ? ' in dependencies (only in devDependencies, which its code may not use)' : ''}`,
            });
        } else if (specifier.startsWith('.')) {
          const target = resolve(file, '..', specifier);
          const inside = target.startsWith(pkg.directory + sep);
          // Tests may read another package's test fixtures (the shared bad-pipeline corpus); code may not reach across.
          const fixture = isTest && target.includes(`${sep}test${sep}fixtures${sep}`);
          if (!inside && !fixture)
            violations.push({
              file: shown,
              message: `imports ${specifier}, outside ${pkg.name}; import the package by name instead`,
            });
        }
      }
    }
    // A declared dependency nothing imports installs and couples for nothing; one only tests use is a dev dependency.
    for (const dependency of pkg.dependencies.filter((name) => !usedByCode.has(name))) {
      violations.push({
        file: manifest,
        message: usedByTests.has(dependency)
          ? `${pkg.name} declares ${dependency} in dependencies, but only its tests import it: move it to devDependencies`
          : `${pkg.name} declares ${dependency}, but nothing in it imports it: remove it`,
      });
    }
  }
  return violations;
}

if (process.argv[1] === import.meta.filename) {
  const violations = findViolations(resolve(import.meta.dirname, '..', '..'));
  for (const violation of violations) console.error(`${violation.file}: ${violation.message}`);
  console.log(
    violations.length === 0 ? 'package boundaries: ok' : `package boundaries: ${violations.length} violation(s)`,
  );
  process.exitCode = violations.length === 0 ? 0 : 1;
}
