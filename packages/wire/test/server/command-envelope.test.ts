import { Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_FIELDS, commandName, isDocument, isTruthy, numericValue, stripEnvelope } from '../../src/server/command-envelope.js';

describe('command envelope', () => {
  it('takes the first field as the command name', () => {
    expect(commandName({ find: 'c', $db: 'x' })).toBe('find');
    expect(() => commandName({})).toThrow(/empty command document/);
  });

  it('strips exactly the envelope fields, preserving order', () => {
    const command: Record<string, unknown> = { update: 'c', updates: [], comment: 'hi' };
    for (const field of ENVELOPE_FIELDS) command[field] = 1;
    expect(Object.keys(stripEnvelope(command))).toEqual(['update', 'updates', 'comment']);
  });

  it('keeps a client-sent __proto__ field as a field, never as the prototype', () => {
    const command = JSON.parse('{"find":"c","__proto__":{"polluted":true},"$db":"x"}') as Record<string, unknown>;
    const stripped = stripEnvelope(command);
    expect(Object.getPrototypeOf(stripped)).toBe(Object.prototype);
    expect((stripped as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(stripped)).toEqual(['find', '__proto__']);
  });

  it('reads every BSON numeric wrapper', () => {
    expect(numericValue(new Int32(3))).toBe(3);
    expect(numericValue(new Double(2.5))).toBe(2.5);
    expect(numericValue(Long.fromNumber(7))).toBe(7);
    expect(numericValue(Decimal128.fromString('1.25'))).toBe(1.25);
    expect(numericValue(4)).toBe(4);
    expect(numericValue('4')).toBeUndefined();
    expect(numericValue(new ObjectId())).toBeUndefined();
  });

  it('applies MongoDB truthiness to flags', () => {
    expect(isTruthy(new Int32(0))).toBe(false);
    expect(isTruthy(new Double(1))).toBe(true);
    expect(isTruthy(false)).toBe(false);
    expect(isTruthy(undefined)).toBe(false);
    expect(isTruthy({})).toBe(true);
  });

  it('tells documents from arrays and BSON values', () => {
    expect(isDocument({ a: 1 })).toBe(true);
    expect(isDocument([])).toBe(false);
    expect(isDocument(new Int32(1))).toBe(false);
    expect(isDocument(new Date())).toBe(false);
    expect(isDocument(null)).toBe(false);
  });
});
