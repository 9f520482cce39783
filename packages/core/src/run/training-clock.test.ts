import { describe, expect, it } from 'vitest';
import { TrainingClock } from './training-clock.ts';

/** A clock whose time the test sets. */
function manualTime(start = 100) {
  const time = { now: start };
  return { time, read: () => time.now };
}

describe('TrainingClock', () => {
  it('counts from start, not from construction, and stands still while paused', () => {
    const { time, read } = manualTime();
    const clock = new TrainingClock(0, read);
    time.now += 5;
    expect(clock.seconds()).toBe(0);
    clock.start();
    time.now += 10;
    expect(clock.seconds()).toBe(10);
    clock.pause();
    time.now += 30; // an evaluation
    expect(clock.seconds()).toBe(10);
    clock.resume();
    time.now += 2;
    expect(clock.seconds()).toBe(12);
  });

  it('nests pauses: the clock runs again only when the last one ends', () => {
    const { time, read } = manualTime();
    const clock = new TrainingClock(0, read);
    clock.start();
    clock.pause();
    time.now += 1;
    clock.pause();
    time.now += 1;
    clock.resume();
    time.now += 1;
    expect(clock.seconds()).toBe(0);
    clock.resume();
    time.now += 4;
    expect(clock.seconds()).toBe(4);
    clock.resume(); // one resume too many changes nothing
    expect(clock.seconds()).toBe(4);
  });

  it('carries a resumed run’s earlier training time, and ignores the part of a pause before the start', () => {
    const { time, read } = manualTime();
    const clock = new TrainingClock(120, read);
    expect(clock.seconds()).toBe(120);
    clock.pause();
    time.now += 7;
    clock.start();
    time.now += 3;
    expect(clock.seconds()).toBe(120);
    clock.resume();
    time.now += 1;
    expect(clock.seconds()).toBe(121);
  });
});
