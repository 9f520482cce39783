import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, readPackages } from './check-boundaries.ts';

const workspace = resolve(import.meta.dirname, '..', '..');

function fakeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'granular-boundaries-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const manifest = (name: string, layer: number, dependencies: string[] = []) =>
  JSON.stringify({
    name: `@granular/${name}`,
    dependencies: Object.fromEntries(dependencies.map((d) => [`@granular/${d}`, '0.1.0'])),
    nx: { tags: [`layer:${layer}`] },
  });

describe('package boundaries', () => {
  it('hold in this workspace: eight packages, each depending only on lower layers', () => {
    const packages = readPackages(workspace);
    expect(packages.map((p) => p.name).sort()).toEqual(
      ['cli', 'core', 'data', 'evaluation', 'losses', 'models', 'ops', 'trainer'].map((n) => `@granular/${n}`),
    );
    expect(findViolations(workspace)).toEqual([]);
  });

  it('catch an import that points up the layers', () => {
    const root = fakeWorkspace({
      'packages/core/package.json': manifest('core', 0),
      'packages/core/src/index.ts': "import { main } from '@granular/cli';\n",
      'packages/cli/package.json': manifest('cli', 5, ['core']),
      'packages/cli/src/index.ts': "export { x } from '@granular/core';\n",
    });
    expect(findViolations(root)).toEqual([
      {
        file: join('packages', 'core', 'src', 'index.ts'),
        message:
          'imports @granular/cli (layer 5) from @granular/core (layer 0); dependencies must point to lower layers',
      },
    ]);
  });

  it('catch a sideways dependency, an undeclared import and a relative path into another package', () => {
    const root = fakeWorkspace({
      'packages/core/package.json': manifest('core', 0),
      'packages/core/src/index.ts': '',
      'packages/data/package.json': manifest('data', 2, ['core', 'models']),
      'packages/data/src/index.ts': "import '../../core/src/index.ts';\n",
      'packages/models/package.json': manifest('models', 2, []),
      'packages/models/src/index.ts': "const core = await import('@granular/core');\n",
    });
    expect(findViolations(root).map((v) => v.message)).toEqual([
      '@granular/data (layer 2) depends on @granular/models (layer 2); dependencies must point to lower layers',
      'imports ../../core/src/index.ts, outside @granular/data; import the package by name instead',
      // Reached by path, not by name: the declared dependencies are unused too.
      '@granular/data declares @granular/core, but nothing in it imports it: remove it',
      '@granular/data declares @granular/models, but nothing in it imports it: remove it',
      "imports @granular/core, which @granular/models's package.json does not declare",
    ]);
  });

  it('refuse a declared dependency nothing imports, and one only tests import outside devDependencies', () => {
    const devManifest = (name: string, layer: number, dependencies: string[], devDependencies: string[]) =>
      JSON.stringify({
        ...JSON.parse(manifest(name, layer, dependencies)),
        devDependencies: Object.fromEntries(devDependencies.map((d) => [`@granular/${d}`, '0.1.0'])),
      });
    const root = fakeWorkspace({
      'packages/core/package.json': manifest('core', 0),
      'packages/core/src/index.ts': '',
      'packages/ops/package.json': manifest('ops', 1, ['core']),
      'packages/ops/src/index.ts': "export * from '@granular/core';\n",
      'packages/losses/package.json': manifest('losses', 2, ['core', 'ops']),
      'packages/losses/src/index.ts': "export * from '@granular/core';\n",
      'packages/losses/src/losses.test.ts': "import '@granular/ops';\n",
      'packages/trainer/package.json': devManifest('trainer', 3, ['core'], ['ops']),
      'packages/trainer/src/index.ts': "export * from '@granular/core';\n",
      'packages/trainer/src/training.test.ts': "import '@granular/ops';\n",
    });
    expect(findViolations(root)).toEqual([
      {
        file: join('packages', 'losses', 'package.json'),
        message:
          '@granular/losses declares @granular/ops in dependencies, but only its tests import it: move it to devDependencies',
      },
    ]);
    const unused = fakeWorkspace({
      'packages/core/package.json': manifest('core', 0),
      'packages/core/src/index.ts': '',
      'packages/ops/package.json': manifest('ops', 1, ['core']),
      'packages/ops/src/index.ts': '',
    });
    expect(findViolations(unused).map((v) => v.message)).toEqual([
      '@granular/ops declares @granular/core, but nothing in it imports it: remove it',
    ]);
  });
});
