import { describe, expect, it } from 'vitest';
import { colorEnabled, createColors, stripAnsi } from '../../src/output/color.js';
import { Printer } from '../../src/output/printer.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (s: string) => chunks.push(s) };
}

describe('colour', () => {
  it('is on only for terminals, and never with NO_COLOR', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(true);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('wraps text in SGR codes only when enabled', () => {
    expect(createColors(false).red('x')).toBe('x');
    expect(createColors(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(stripAnsi(createColors(true).bold(createColors(true).green('ok')))).toBe('ok');
  });
});

describe('Printer', () => {
  it('prints the human rendering, coloured on a terminal', () => {
    const out = sink(true);
    const p = new Printer(false, out, sink(false), {});
    p.result({ a: 1 }, (c) => c.green('done'));
    expect(out.chunks).toEqual(['\u001b[32mdone\u001b[39m\n']);
  });

  it('prints exactly one JSON document with --json, uncoloured, and no notes', () => {
    const out = sink(true);
    const err = sink(true);
    const p = new Printer(true, out, err, {});
    p.note('resolved "now" to …');
    p.result({ a: 1 }, (c) => c.green('done'));
    expect(JSON.parse(out.chunks.join(''))).toEqual({ a: 1 });
    expect(out.chunks).toHaveLength(1);
    expect(err.chunks).toEqual([]);
    expect(() => p.result({}, () => '')).toThrow(/two results/);
  });

  it('writes notes and warnings to stderr', () => {
    const err = sink(false);
    const p = new Printer(false, sink(false), err, {});
    p.note('n');
    p.warn('w');
    expect(err.chunks).toEqual(['n\n', 'warning: w\n']);
  });
});
