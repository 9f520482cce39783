/**
 * npm run setup:native — gives @tensorflow/tfjs-node its TensorFlow C library where its own
 * install could not download one (air-gapped machines, mirrors): the library is taken from a
 * `tensorflow-cpu` wheel fetched with pip (which works wherever pip reaches an index, public or
 * a mirror), cached outside node_modules (npm ci wipes node_modules), placed where tfjs-node's
 * install script looks for it (it then skips its download) and the addon is compiled against it.
 * Re-runnable: a second run reuses the cache. When no wheel can be had, it says so and changes
 * nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@granular/core';
import { patchListAttributes } from './addon-list-attributes.ts';

const root = join(import.meta.dirname, '..', '..');
const TF_VERSION = process.env['GRANULAR_TF_VERSION'] ?? '2.21.0';
const cache = join(
  process.env['GRANULAR_NATIVE_CACHE'] ?? join(homedir(), '.cache', 'granular', 'native'),
  `tensorflow-cpu-${TF_VERSION}`,
);
const tfjsNode = join(root, 'node_modules', '@tensorflow', 'tfjs-node');
/** The files of the wheel that tfjs-node needs: the C API library, its framework library, the C headers. */
const LIBRARIES = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'];
/** The TensorFlow headers tfjs-node's binding and Granular's kernels (packages/ops/native) include. */
const ADDON_HEADERS = [
  'tensorflow/c/c_api.h',
  'tensorflow/c/kernels.h',
  'tensorflow/c/ops.h',
  'tensorflow/c/eager/c_api.h',
  'tensorflow/c/tf_datatype.h',
  'tensorflow/c/tf_status.h',
  'tensorflow/c/tf_tensor.h',
  'tensorflow/core/platform/ctstring_internal.h',
];

function say(text: string): void {
  process.stderr.write(`setup:native: ${text}\n`);
}

/** Whether node_modules was touched yet: before that, a failure has changed nothing. */
let touched = false;

function fail(text: string, hint: string): never {
  if (touched) rmSync(join(tfjsNode, 'deps'), { recursive: true, force: true });
  const state = touched
    ? 'tfjs-node was left without its library, so backend auto falls back to wasm.'
    : 'nothing was changed.';
  say(`${text}\n    hint: ${hint}\n    ${state}`);
  process.exit(1);
}

function run(command: string, args: string[]): { ok: boolean; stdout: string; output: string } {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return {
    ok: result.status === 0,
    stdout: result.stdout ?? '',
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
  };
}

function lastLines(text: string, count = 4): string {
  return text.trim().split('\n').slice(-count).join('\n    ');
}

/** Downloads the wheel with pip and extracts the two libraries and the C headers into the cache. */
function fillCache(): void {
  if (
    LIBRARIES.every((name) => existsSync(join(cache, 'lib', name))) &&
    ADDON_HEADERS.every((header) => existsSync(join(cache, 'include', header)))
  ) {
    say(`using the cached TensorFlow ${TF_VERSION} library in ${cache}`);
    return;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64')
    fail(
      `this script knows the tensorflow-cpu wheel layout of linux-x64 only (this is ${process.platform}-${process.arch})`,
      'on macOS and Windows, tfjs-node downloads its library itself when the network allows',
    );
  const wheels = join(cache, 'wheel');
  mkdirSync(wheels, { recursive: true });
  say(`fetching tensorflow-cpu==${TF_VERSION} with pip (a wheel of ~250 MB)…`);
  const pip = run('python3', [
    '-m',
    'pip',
    'download',
    `tensorflow-cpu==${TF_VERSION}`,
    '--no-deps',
    '--only-binary=:all:',
    '--dest',
    wheels,
  ]);
  const wheel = readdirSync(wheels).find((name) => name.startsWith('tensorflow_cpu-') && name.endsWith('.whl'));
  if (!pip.ok || !wheel) {
    rmSync(cache, { recursive: true, force: true });
    fail(
      `pip could not fetch a tensorflow-cpu ${TF_VERSION} wheel:\n    ${lastLines(pip.output)}`,
      'point pip at an index or mirror that has it (pip config, PIP_INDEX_URL), or set GRANULAR_TF_VERSION to a version it has',
    );
  }
  say(`extracting the C library and headers from ${wheel}`);
  // Python's zipfile reads the wheel (no unzip needed). Headers: those the addon includes and,
  // transitively, what they include (TensorFlow 2.21's C API reaches into xla/tsl).
  const extract = run('python3', [
    '-c',
    `import os, re, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
libraries = ${JSON.stringify(LIBRARIES)}
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    for name in names:
        if name.startswith('tensorflow/') and os.path.basename(name) in libraries:
            os.makedirs(os.path.join(out, 'lib'), exist_ok=True)
            with z.open(name) as src, open(os.path.join(out, 'lib', os.path.basename(name)), 'wb') as dst:
                dst.write(src.read())
    todo = ${JSON.stringify(ADDON_HEADERS)}
    seen = set()
    while todo:
        header = todo.pop()
        if header in seen or 'tensorflow/include/' + header not in names:
            continue
        seen.add(header)
        text = z.read('tensorflow/include/' + header)
        target = os.path.join(out, 'include', header)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'wb') as dst:
            dst.write(text)
        todo.extend(m.decode() for m in re.findall(rb'#include\\s+"([^"]+)"', text))
    print(len(seen), 'headers')`,
    join(wheels, wheel),
    cache,
  ]);
  if (!extract.ok || !LIBRARIES.every((name) => existsSync(join(cache, 'lib', name)))) {
    rmSync(cache, { recursive: true, force: true });
    fail(
      `the wheel ${wheel} did not hold ${LIBRARIES.join(' and ')}:\n    ${lastLines(extract.output)}`,
      'try another TensorFlow version with GRANULAR_TF_VERSION (2.21.0 is the one measured)',
    );
  }
  rmSync(wheels, { recursive: true, force: true }); // the 250 MB wheel is not needed again
}

/** tfjs-node's files, without running its install script (which would try the download). */
function ensurePackageFiles(): void {
  touched = true;
  if (existsSync(join(tfjsNode, 'package.json'))) return;
  say('installing @tensorflow/tfjs-node (as the lock file pins it) without its download script…');
  const install = run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund']);
  if (!install.ok || !existsSync(join(tfjsNode, 'package.json')))
    fail(
      `npm could not install @tensorflow/tfjs-node:\n    ${lastLines(install.output)}`,
      'check that npm reaches its registry',
    );
}

/**
 * deps/ as tfjs-node's release tarball lays it out. The addon links with -ltensorflow and
 * records the library's SONAME (libtensorflow_cc.so.2), so both names must resolve in deps/lib.
 */
function placeLibrary(): void {
  const deps = join(tfjsNode, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, 'lib'), { recursive: true });
  for (const name of LIBRARIES) copyFileSync(join(cache, 'lib', name), join(deps, 'lib', name));
  const links: [string, string][] = [
    ['libtensorflow.so.2.9.1', 'libtensorflow_cc.so.2'], // the name tfjs-node's install script checks before downloading
    ['libtensorflow.so.2', 'libtensorflow_cc.so.2'],
    ['libtensorflow.so', 'libtensorflow_cc.so.2'],
    ['libtensorflow_framework.so', 'libtensorflow_framework.so.2'],
  ];
  for (const [link, target] of links) symlinkSync(target, join(deps, 'lib', link));
  execFileSync('cp', ['-r', join(cache, 'include'), join(deps, 'include')]);
}

/**
 * Lets the addon pass lists of strings and of types as op attributes, which TensorFlow's fused
 * convolution needs (addon-list-attributes.ts). Optional: an addon left as it was runs the
 * convolution, bias and leaky ReLU as separate ops.
 */
function patchAddon(): void {
  const file = join(tfjsNode, 'binding', 'tfjs_backend.cc');
  const patch = existsSync(file)
    ? patchListAttributes(readFileSync(file, 'utf8'))
    : { state: 'unknown' as const, reason: `${file} is missing` };
  if (patch.state === 'patched') writeFileAtomic(file, patch.source);
  if (patch.state === 'unknown')
    say(`left tfjs-node's addon source as it is (${patch.reason}): the fused convolution will not run`);
}

function rebuild(): void {
  // tfjs-node's install script skips the compile when an addon is already built: a rerun must rebuild it from the patched source.
  rmSync(join(tfjsNode, 'lib'), { recursive: true, force: true });
  say('compiling the tfjs-node addon against the library (node-gyp, ~20 s)…');
  const started = Date.now();
  const build = run('npm', ['rebuild', '@tensorflow/tfjs-node', '--foreground-scripts']);
  if (!build.ok)
    fail(
      `the addon did not build:\n    ${lastLines(build.output, 8)}`,
      'node-gyp needs python3, make, g++ and Node’s headers',
    );
  say(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Granular's own TensorFlow kernels (packages/ops/native), compiled against the same framework
 * library as the addon and left beside it, where packages/ops/src/backend/native-kernels.ts
 * looks. Built for x86-64-v3 (AVX2 and FMA), not this machine's exact CPU: a checkout moved to
 * another machine of that level (an AVX-512 Xeon and an AVX2 EPYC alike) still runs them, as
 * fast (measured: the same step times as -march=native), and the loader refuses them on a CPU
 * below it. -fno-trapping-math lets the compiler vectorize the leaky ReLU's compare and select
 * without AVX-512's masks; no value changes (nothing here reads the floating-point flags).
 * Optional: without them tfjs-node works and the composed forms run.
 */
function buildKernels(): void {
  const sources = join(root, 'packages', 'ops', 'native');
  const deps = join(tfjsNode, 'deps');
  const output = join(deps, 'granular', 'granular-kernels.node');
  mkdirSync(dirname(output), { recursive: true });
  const build = run('g++', [
    '-O3',
    '-march=x86-64-v3',
    '-fno-trapping-math',
    '-std=c++17',
    '-shared',
    '-fPIC',
    '-fvisibility=hidden',
    '-Wall',
    `-I${join(cache, 'include')}`,
    ...readdirSync(sources)
      .filter((name) => name.endsWith('.cc'))
      .map((name) => join(sources, name)),
    '-o',
    output,
    `-L${join(deps, 'lib')}`,
    '-l:libtensorflow_framework.so.2',
    `-Wl,-rpath,${join(deps, 'lib')}`,
  ]);
  if (build.ok) say(`built Granular's TensorFlow kernels (${output})`);
  else
    say(
      `Granular's TensorFlow kernels did not build, so the composed forms will run (slower, same results):\n    ${lastLines(build.output, 8)}`,
    );
}

function verify(): void {
  const check = run(process.execPath, [
    '-e',
    "const tf = require('@tensorflow/tfjs-node'); tf.ready().then(() => { const x = tf.tensor([1, 2, 3]); console.log(tf.getBackend(), tf.version['tfjs-node'], x.square().sum().dataSync()[0]); })",
  ]);
  const [backend, version, value] = check.stdout.trim().split(/\s+/); // stderr carries TensorFlow's own start-up log
  if (!check.ok || backend !== 'tensorflow' || value !== '14')
    fail(
      `tfjs-node was built but does not load:\n    ${lastLines(check.output)}`,
      'run npm run setup:native again after npm ci; see docs/benchmarks.md',
    );
  say(
    `ok: @tensorflow/tfjs-node ${version} runs on TensorFlow ${TF_VERSION}'s C library. 'npx granular doctor' compares the backends.`,
  );
}

const version = (
  JSON.parse(readFileSync(join(root, 'packages', 'ops', 'package.json'), 'utf8')) as {
    optionalDependencies: Record<string, string>;
  }
).optionalDependencies['@tensorflow/tfjs-node'];
say(`tfjs-node ${version}, TensorFlow C library ${TF_VERSION}, cache ${dirname(cache)}`);
fillCache();
ensurePackageFiles();
placeLibrary();
patchAddon();
rebuild();
buildKernels();
verify();
