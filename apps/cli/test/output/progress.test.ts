import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/output/progress.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, columns: 100, chunks, write: (s: string) => chunks.push(s) };
}

describe('createProgress', () => {
  it('draws nothing during the first second, then a bar with percent and counts', () => {
    let t = 0;
    const s = fakeStream(true);
    const bar = createProgress({ label: 'importing', total: 200, stream: s, clock: () => t, ticker: false });
    bar.update(50);
    expect(s.chunks).toEqual([]);
    t = 1500;
    bar.update(100);
    expect(s.chunks).toHaveLength(1);
    expect(s.chunks[0]).toMatch(/^\rimporting \[█+░+\] 50% 100\/200 1\.5 s\u001b\[K$/);
    expect(bar.drawn).toBe(true);
    bar.finish();
    expect(s.chunks.at(-1)).toBe('\r\u001b[K');
  });

  it('throttles redraws', () => {
    let t = 2000;
    const s = fakeStream(true);
    const bar = createProgress({ label: 'x', total: 10, stream: s, clock: () => t, ticker: false, delayMs: 0, intervalMs: 100 });
    bar.add(1);
    bar.add(1);
    expect(s.chunks).toHaveLength(1);
    t += 150;
    bar.add(1);
    expect(s.chunks).toHaveLength(2);
    expect(bar.render()).toContain('30% 3/10');
  });

  it('never draws when the stream is not a terminal', () => {
    let t = 0;
    const s = fakeStream(false);
    const bar = createProgress({ label: 'x', total: 10, stream: s, clock: () => t, ticker: false });
    t = 5000;
    bar.update(5);
    bar.finish();
    expect(s.chunks).toEqual([]);
    expect(bar.drawn).toBe(false);
  });

  it('shows a spinner with a count when the total is unknown', () => {
    const s = fakeStream(true);
    const bar = createProgress({ label: 'verifying', stream: s, clock: () => 3000, ticker: false, delayMs: 0 });
    bar.update(42);
    expect(s.chunks[0]).toMatch(/verifying 42 /);
    expect(s.chunks[0]).not.toContain('%');
  });

  it('does not draw after finish', () => {
    const s = fakeStream(true);
    const bar = createProgress({ label: 'x', total: 1, stream: s, clock: () => 5000, ticker: false, delayMs: 0 });
    bar.finish();
    bar.update(1);
    expect(s.chunks).toEqual([]);
  });
});
