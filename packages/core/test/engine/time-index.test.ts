import { describe, expect, it } from 'vitest';
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

  it('round-trips through the checkpoint arrays, cut at an LSN', () => {
    const t = new TimeIndex();
    for (let l = 1; l <= 10; l++) t.add(l, l * 10);
    const { lsns, ts } = t.toArrays(6);
    expect([...lsns]).toEqual([1, 2, 3, 4, 5, 6]);
    const back = TimeIndex.fromArrays(lsns, ts);
    expect([back.size, back.lsnAt(45), back.timeOf(6)]).toEqual([6, 4, 60]);
    back.add(7, 70); // still writable after a restore
    expect(back.lsnAt(1000)).toBe(7);
    expect(() => TimeIndex.fromArrays(new Float64Array(2), new Float64Array(1))).toThrow(/differ in length/);
  });
});
