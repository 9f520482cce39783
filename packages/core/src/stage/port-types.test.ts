import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { defineStage } from './define-stage.ts';
import {
  ANY_PORT,
  definePort,
  eitherPort,
  NONE_PORT,
  NUMBER_PORT,
  portAccepts,
  TEXT_PORT,
  toPort,
} from './port-types.ts';

interface Photo {
  pixels: Float32Array;
}
const PHOTO_PORT = definePort<Photo>('Photo', { data: true });

describe('ports', () => {
  it('are values: a union takes each member, Any takes everything, None feeds nothing', () => {
    const either = eitherPort(NUMBER_PORT, TEXT_PORT);
    expect([either.name, either.accepts]).toEqual(['Number|Text', ['Number', 'Text']]);
    expect(portAccepts(either, TEXT_PORT)).toBe(true);
    expect(portAccepts(either, PHOTO_PORT)).toBe(false);
    expect(portAccepts(ANY_PORT, PHOTO_PORT)).toBe(true);
    expect(portAccepts(ANY_PORT, NONE_PORT)).toBe(false);
    // A name as plugins and groups write it becomes the same port; a union is split once, here.
    expect(toPort('Number')).toBe(NUMBER_PORT);
    expect(toPort('Number|Photo').accepts).toEqual(['Number', 'Photo']);
    expect(`${PHOTO_PORT}`).toBe('Photo');
  });

  it("type a stage's items: create must take what the input port carries and give what the output port carries", () => {
    const stage = defineStage({
      name: 'test/brightness',
      summary: 'mean pixel',
      params: Type.Object({}),
      input: PHOTO_PORT,
      output: NUMBER_PORT,
      example: '',
      create: () => map((photo: Photo) => photo.pixels.reduce((a, b) => a + b, 0) / photo.pixels.length),
    });
    expect(stage.input).toBe(PHOTO_PORT);
    defineStage({
      name: 'test/wrong',
      summary: 'takes text where photos come',
      params: Type.Object({}),
      // @ts-expect-error: the input port carries Photo, and create takes string
      input: PHOTO_PORT,
      output: NUMBER_PORT,
      example: '',
      create: () => map((text: string) => text.length),
    });
  });
});
