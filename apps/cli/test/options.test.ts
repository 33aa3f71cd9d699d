import { describe, expect, it } from 'vitest';
import { parseIdArgument, parseJsonOption, parseLsn, parsePositiveInt, pointFromOptions } from '../src/options.js';
import { Printer } from '../src/output/printer.js';

function sink() {
  const chunks: string[] = [];
  return { chunks, isTTY: false, write: (s: string) => chunks.push(s) };
}

describe('option parsers', () => {
  it('parses LSNs and positive integers', () => {
    expect(parseLsn('0')).toBe(0);
    expect(parseLsn('1200')).toBe(1200);
    expect(() => parseLsn('-1')).toThrow(/expected an LSN/);
    expect(() => parseLsn('12x')).toThrow(/got '12x'/);
    expect(() => parseLsn('99999999999999999999')).toThrow(/expected an LSN/);
    expect(parsePositiveInt('5')).toBe(5);
    expect(() => parsePositiveInt('0')).toThrow(/positive integer/);
  });

  it('reads JSON options and names the option on bad JSON', () => {
    expect(parseJsonOption('--filter', '{"a":{"$gt":1}}', { object: true })).toEqual({ a: { $gt: 1 } });
    expect(() => parseJsonOption('--filter', "{a:1}", { object: true })).toThrow(/--filter is not valid JSON .*\{a:1\}/);
    expect(() => parseJsonOption('--filter', '[1]', { object: true })).toThrow(/--filter must be a JSON object/);
    expect(() => parseJsonOption('--filter', '{"_id":{"$oid":"nope"}}', { object: true })).toThrow(/not valid Extended JSON/);
    try {
      parseJsonOption('--sort', '{', { object: true });
    } catch (e) {
      expect(e).toMatchObject({ code: 'BAD_JSON', isUserError: true });
    }
  });

  it('reads ids as Extended JSON when they parse, else as strings', () => {
    expect(parseIdArgument('42')).toBe(42);
    expect(parseIdArgument('"42"')).toBe('42');
    expect(parseIdArgument('alice')).toBe('alice');
    expect(parseIdArgument('{"$oid":"65a1b2c3d4e5f6a7b8c9d0e1"}')).toEqual({ $oid: '65a1b2c3d4e5f6a7b8c9d0e1' });
    expect(() => parseIdArgument('{"$oid":"zz"}')).toThrow(/looks like Extended JSON but is not valid/);
  });

  it('resolves --time, notes the instant, and refuses --lsn with --time', () => {
    const err = sink();
    const out = new Printer(false, sink(), err, {});
    const now = new Date('2026-11-21T14:00:02.123Z');
    const r = pointFromOptions({ time: '5 minutes ago' }, { required: true, now, out });
    expect(r.point).toEqual({ time: '2026-11-21T13:55:02.123Z' });
    expect(err.chunks.join('')).toBe('resolved "5 minutes ago" to 2026-11-21T13:55:02.123Z\n');
    expect(pointFromOptions({ lsn: 7 }, { required: true, now }).point).toEqual({ lsn: 7 });
    expect(pointFromOptions({}, { required: false, now }).point).toEqual({});
    expect(() => pointFromOptions({}, { required: true, now })).toThrow(/--lsn <lsn> or --time <time>/);
    expect(() => pointFromOptions({ lsn: 1, time: 'now' }, { required: true, now })).toThrow(/either --lsn or --time, not both/);
  });

  it('keeps stderr quiet in --json mode', () => {
    const err = sink();
    const out = new Printer(true, sink(), err, {});
    pointFromOptions({ time: 'now' }, { required: true, now: new Date(), out });
    expect(err.chunks).toEqual([]);
  });
});
