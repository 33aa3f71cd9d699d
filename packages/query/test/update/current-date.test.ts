import { describe, expect, it } from 'vitest';
import { Timestamp } from 'bson';
import { compileUpdate } from '../../src/index.js';
import { i32, runUpdateCases } from './helpers.js';

const now = new Date('2026-01-02T03:04:05.678Z');
const seconds = Math.floor(now.getTime() / 1000);

runUpdateCases('$currentDate', [
  { name: 'true sets a date', doc: { _id: 1 }, update: { $currentDate: { d: true } }, ctx: { now }, expected: { _id: 1, d: now } },
  { name: 'false also sets a date', doc: { _id: 1 }, update: { $currentDate: { d: false } }, ctx: { now }, expected: { _id: 1, d: now } },
  { name: '$type date', doc: { _id: 1 }, update: { $currentDate: { d: { $type: 'date' } } }, ctx: { now }, expected: { _id: 1, d: now } },
  {
    name: '$type timestamp',
    doc: { _id: 1 },
    update: { $currentDate: { t: { $type: 'timestamp' } } },
    ctx: { now },
    expected: { _id: 1, t: new Timestamp({ t: seconds, i: 1 }) },
  },
  {
    name: 'two timestamps get distinct increments',
    doc: { _id: 1 },
    update: { $currentDate: { a: { $type: 'timestamp' }, b: { $type: 'timestamp' } } },
    ctx: { now },
    expected: { _id: 1, a: new Timestamp({ t: seconds, i: 1 }), b: new Timestamp({ t: seconds, i: 2 }) },
  },
  { name: 'overwrites an existing field in place', doc: { _id: 1, d: i32(1), x: 1 }, update: { $currentDate: { d: true } }, ctx: { now }, expected: { _id: 1, d: now, x: 1 } },
  { name: 'rewriting the same date still counts as a write', doc: { _id: 1, d: now }, update: { $currentDate: { d: true } }, ctx: { now }, expected: { _id: 1, d: now } },
  { name: 'dotted path', doc: { _id: 1 }, update: { $currentDate: { 'm.at': true } }, ctx: { now }, expected: { _id: 1, m: { at: now } } },
  {
    name: 'an unknown $type',
    doc: { _id: 1 },
    update: { $currentDate: { d: { $type: 'foo' } } },
    code: 2,
    message: "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
  },
  { name: 'a non-string $type', doc: { _id: 1 }, update: { $currentDate: { d: { $type: 1 } } }, code: 2 },
  { name: 'an empty spec document', doc: { _id: 1 }, update: { $currentDate: { d: {} } }, code: 2 },
  { name: 'an unknown option', doc: { _id: 1 }, update: { $currentDate: { d: { x: 1 } } }, code: 2, message: 'Unrecognized $currentDate option: x' },
  {
    name: 'a number is not a spec',
    doc: { _id: 1 },
    update: { $currentDate: { d: 5 } },
    code: 2,
    message: "int is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).",
  },
  { name: 'a string is not a spec', doc: { _id: 1 }, update: { $currentDate: { d: 'date' } }, code: 2, message: /^string is not valid type for \$currentDate/ },
  { name: 'on _id fails', doc: { _id: 1 }, update: { $currentDate: { _id: true } }, code: 66 },
]);

describe('$currentDate clock', () => {
  it('defaults to the current time', () => {
    const before = Date.now();
    const out = compileUpdate({ $currentDate: { d: true } }).apply({ _id: i32(1) }, { isInsert: false });
    const t = (out.d as Date).getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('returns a fresh Date object, not the context clock', () => {
    const out = compileUpdate({ $currentDate: { d: true } }).apply({ _id: i32(1) }, { isInsert: false, now });
    expect(out.d).not.toBe(now);
    expect((out.d as Date).getTime()).toBe(now.getTime());
  });
});
