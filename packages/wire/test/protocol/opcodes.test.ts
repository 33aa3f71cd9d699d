import { describe, expect, it } from 'vitest';
import { LEGACY_OPCODES, OP_INSERT, OP_MSG, OP_QUERY, opcodeName } from '../../src/protocol/opcodes.js';

describe('opcodes', () => {
  it('names known and unknown opcodes', () => {
    expect(opcodeName(OP_MSG)).toBe('OP_MSG (2013)');
    expect(opcodeName(OP_INSERT)).toBe('OP_INSERT (2002)');
    expect(opcodeName(42)).toBe('unknown opcode 42');
  });

  it('classifies only the removed opcodes as legacy', () => {
    expect([...LEGACY_OPCODES].sort()).toEqual([2001, 2002, 2003, 2005, 2006, 2007]);
    expect(LEGACY_OPCODES.has(OP_QUERY)).toBe(false);
  });
});
