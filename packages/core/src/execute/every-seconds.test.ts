import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { everySeconds } from './every-seconds.ts';

/** Feeds items at the given clock readings; returns the readings at which items passed. */
function passedAt(readings: number[], period: number, last: boolean): number[] {
  let clock = 0;
  const source = new Subject<number>();
  const passed: number[] = [];
  source
    .pipe(
      everySeconds(
        period,
        () => last,
        () => clock,
      ),
    )
    .subscribe((value) => passed.push(value));
  for (const reading of readings) {
    clock = reading;
    source.next(reading);
  }
  source.complete();
  return passed;
}

describe('everySeconds', () => {
  it('passes the first item at or after each multiple of the period', () => {
    expect(passedAt([0, 20, 59.9, 60.2, 61, 119, 121, 150], 60, false)).toEqual([60.2, 121]);
  });

  it('passes once when a slow item crosses several marks, and keeps the schedule after it', () => {
    expect(passedAt([10, 200, 230, 241], 60, false)).toEqual([200, 241]);
  });

  it('with last, also passes the final item when it was not due', () => {
    expect(passedAt([10, 61, 70], 60, true)).toEqual([61, 70]);
    expect(passedAt([10, 61], 60, true)).toEqual([61]);
  });

  it('starts a resumed run’s schedule from where its clock stands', () => {
    // A run resumed at 130 s of training: marks at 180, 240…, not at once.
    expect(passedAt([130, 150, 181, 200], 60, false)).toEqual([181]);
  });
});
