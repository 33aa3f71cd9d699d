import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TimeIndex } from '../../src/engine/time-index.js';

describe('TimeIndex', () => {
  it('answers lsnAt and timeOf by binary search, clamping times to be non-decreasing', () => {
    const t = new TimeIndex();
    t.add(1, 100);
    t.add(3, 90); // a clock step back is clamped to 100
    t.add(7, 200);
    expect([t.lsnAt(99), t.lsnAt(100), t.lsnAt(199), t.lsnAt(200), t.lsnAt(1e9)]).toEqual([0, 3, 3, 7, 7]);
    expect([t.timeOf(0), t.timeOf(1), t.timeOf(2), t.timeOf(3), t.timeOf(6), t.timeOf(7)]).toEqual([undefined, 100, 100, 100, 100, 200]);
    expect(t.lastTime()).toBe(200);
  });

  it('grows past its initial capacity and inserts late arrivals in order', () => {
    const t = new TimeIndex();
    for (let l = 2; l <= 5000; l += 2) t.add(l, l);
    t.add(5000, 1); // duplicate of the last LSN: ignored
    t.add(2001, 2001); // late arrival from another process
    expect(t.size).toBe(2501);
    expect(t.timeOf(2001)).toBe(2001);
    expect(t.lsnAt(2001)).toBe(2001);
    expect(t.lsnAt(2002)).toBe(2002);
    t.remove(2001);
    expect(t.size).toBe(2500);
    expect(t.lsnAt(2001)).toBe(2000);
  });

  it('records a late LSN in order, once, however often it arrives', () => {
    const t = new TimeIndex();
    for (const [l, ts] of [[1, 10], [3, 30], [2, 20], [2, 20], [1, 10], [3, 30]] as const) t.add(l, ts);
    expect(t.size).toBe(3);
    const runs = t.toRuns(10);
    expect([[...runs.first], [...runs.count]]).toEqual([[1, 2, 3], [1, 1, 1]]);
  });

  it('restores from a format-2 checkpoint’s arrays', () => {
    const back = TimeIndex.fromArrays(Float64Array.from([1, 2, 3, 4, 5, 6]), Float64Array.from([10, 20, 30, 40, 50, 60]));
    expect([back.size, back.lsnAt(45), back.timeOf(6)]).toEqual([6, 4, 60]);
    back.add(7, 70); // still writable after a restore
    expect(back.lsnAt(1000)).toBe(7);
    expect(() => TimeIndex.fromArrays(new Float64Array(2), new Float64Array(1))).toThrow(/differ in length/);
  });

  it('stores runs of consecutive LSNs with one commit time, cut at an LSN', () => {
    const t = new TimeIndex();
    // Two batches in one millisecond, a gap (another project's LSNs are not here), then single entries.
    for (const [l, ts] of [[1, 5], [2, 5], [3, 5], [4, 5], [7, 5], [8, 6], [9, 6], [10, 9], [12, 9]] as const) t.add(l, ts);
    const runs = t.toRuns(11);
    expect([[...runs.first], [...runs.count], [...runs.ts]]).toEqual([
      [1, 7, 8, 10],
      [4, 1, 2, 1],
      [5, 5, 6, 9],
    ]);
    const back = TimeIndex.fromRuns(runs.first, runs.count, runs.ts);
    expect(back.size).toBe(8);
    for (const l of [0, 1, 4, 5, 7, 8, 9, 10, 11, 12]) expect([l, back.timeOf(l)]).toEqual([l, t.timeOf(Math.min(l, 11))]);
    for (const time of [4, 5, 6, 8, 9, 100]) expect([time, back.lsnAt(time)]).toEqual([time, Math.min(t.lsnAt(time), 10)]);
    back.add(13, 10);
    expect([back.size, back.lsnAt(10)]).toEqual([9, 13]);
  });

  it('round-trips any index through runs, and refuses runs that do not describe one', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 })), { maxLength: 60 }), fc.integer({ min: 0, max: 200 }), (steps, cut) => {
        const t = new TimeIndex();
        const added: Array<[number, number]> = [];
        let l = 0;
        let ts = 1000;
        for (const [dl, dt] of steps) {
          added.push([(l += dl), (ts += dt)]);
          t.add(l, ts);
        }
        const runs = t.toRuns(cut);
        const back = TimeIndex.fromRuns(runs.first, runs.count, runs.ts);
        const kept = added.filter(([x]) => x <= cut);
        expect(back.size).toBe(kept.length);
        for (let x = 0; x <= l + 1; x++) expect(back.timeOf(x)).toBe(kept.filter(([y]) => y <= x).at(-1)?.[1]);
        for (let time = 999; time <= ts + 1; time++) expect(back.lsnAt(time)).toBe(kept.filter(([, y]) => y <= time).at(-1)?.[0] ?? 0);
      }),
      { numRuns: 300 },
    );
    const one = Float64Array.of(1);
    expect(() => TimeIndex.fromRuns(Float64Array.of(1, 2), Float64Array.of(2, 1), Float64Array.of(5, 5))).toThrow(/out of LSN order/);
    expect(() => TimeIndex.fromRuns(one, Float64Array.of(0), one)).toThrow(/invalid/);
    expect(() => TimeIndex.fromRuns(one, Float64Array.of(1.5), one)).toThrow(/invalid/);
    expect(() => TimeIndex.fromRuns(one, one, Float64Array.of(1, 2))).toThrow(/differ in length/);
  });
});
