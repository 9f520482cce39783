import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { UserError } from '@granular/core';
import type { ImageDataset } from './image-dataset.ts';

const EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

interface Decoded {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel. */
  rgba: Uint8Array;
}

function decode(path: string): Decoded {
  const bytes = readFileSync(path);
  try {
    if (extname(path).toLowerCase() === '.png') {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, rgba: png.data };
    }
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: image.width, height: image.height, rgba: image.data };
  } catch (error) {
    throw new UserError(
      `cannot decode ${path}: ${(error as Error).message}`,
      'PNG and baseline JPEG files are supported',
    );
  }
}

/** Which part of a folder to take: all of it, or one side of a fixed held-out split. */
export interface FolderSplit {
  split: 'all' | 'train' | 'test';
  /** The fraction of the images held out as `test`. */
  heldOut: number;
}

/**
 * Whether a file is held out: decided by a hash of its path inside the folder, so each image
 * stays on its side however the folder is listed, and adding images moves none of the others.
 */
function isHeldOut(relativePath: string, heldOut: number): boolean {
  return createHash('sha256').update(relativePath).digest().readUInt32BE(0) / 2 ** 32 < heldOut;
}

/**
 * Images from a folder: PNG or JPEG files, all of one size. When the folder holds
 * subfolders, each subfolder is a class (sorted by name) and the images in it are labelled
 * with its index; otherwise there are no labels. `channels: 1` takes the luminance.
 * `split: test` takes the held-out images, `train` the others, `all` (the default) every one.
 */
export function loadImageFolder(
  directory: string,
  channels: 1 | 3,
  part: FolderSplit = { split: 'all', heldOut: 0.1 },
): ImageDataset {
  let entries: string[];
  try {
    entries = readdirSync(directory).sort();
  } catch {
    throw new UserError(`cannot read the image folder ${directory}`, 'paths are relative to the pipeline file');
  }
  const classes = entries.filter((entry) => statSync(join(directory, entry)).isDirectory());
  const everyFile: { path: string; label: number | undefined }[] =
    classes.length > 0
      ? classes.flatMap((name, label) =>
          readdirSync(join(directory, name))
            .sort()
            .filter((f) => EXTENSIONS.has(extname(f).toLowerCase()))
            .map((f) => ({ path: join(directory, name, f), label })),
        )
      : entries
          .filter((f) => EXTENSIONS.has(extname(f).toLowerCase()))
          .map((f) => ({ path: join(directory, f), label: undefined }));
  if (everyFile.length === 0)
    throw new UserError(
      `no PNG or JPEG files in ${directory}`,
      'put images in the folder, or one subfolder of images per class',
    );
  const files =
    part.split === 'all'
      ? everyFile
      : everyFile.filter((file) => isHeldOut(relative(directory, file.path), part.heldOut) === (part.split === 'test'));
  if (files.length === 0)
    throw new UserError(
      `the ${part.split} part of ${directory} is empty (${everyFile.length} images, held_out ${part.heldOut})`,
      `put more images in the folder, or ${part.split === 'test' ? 'raise' : 'lower'} held_out`,
    );

  const first = decode(files[0]!.path);
  const { width, height } = first;
  const size = width * height * channels;
  const images = new Float32Array(files.length * size);
  const labels = classes.length > 0 ? new Int32Array(files.length) : undefined;
  files.forEach((file, n) => {
    const image = n === 0 ? first : decode(file.path);
    if (image.width !== width || image.height !== height) {
      throw new UserError(
        `${file.path} is ${image.width}×${image.height}, but ${files[0]!.path} is ${width}×${height}`,
        'all images must have one size; resize them first',
      );
    }
    for (let p = 0; p < width * height; p++) {
      const [r, g, b] = [image.rgba[4 * p]!, image.rgba[4 * p + 1]!, image.rgba[4 * p + 2]!];
      if (channels === 1) images[n * size + p] = 0.299 * r + 0.587 * g + 0.114 * b;
      else images.set([r, g, b], n * size + 3 * p);
    }
    if (labels) labels[n] = file.label!;
  });
  return {
    name: `folder:${directory}${part.split === 'all' ? '' : `/${part.split}`}`,
    images,
    labels,
    count: files.length,
    height,
    width,
    channels,
    range: [0, 255],
    ...(classes.length ? { classNames: classes } : {}),
  };
}
