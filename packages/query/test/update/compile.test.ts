import { describe, expect, it } from 'vitest';
import { compileUpdate } from '../../src/index.js';
import { runUpdateCases } from './helpers.js';

runUpdateCases('update documents: parse errors', [
  {
    name: 'unknown modifier',
    doc: { _id: 1 },
    update: { $foo: { a: 1 } },
    code: 9,
    message: 'Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array',
  },
  {
    name: 'a plain field after an operator is an unknown modifier',
    doc: { _id: 1 },
    update: { $set: { a: 1 }, b: 2 },
    code: 9,
    message: 'Unknown modifier: b. Expected a valid update modifier or pipeline-style update specified as an array',
  },
  {
    name: 'operand must be a document (int)',
    doc: { _id: 1 },
    update: { $set: 5 },
    code: 9,
    message: 'Modifiers operate on fields but we found type int instead. For example: {$mod: {<field>: ...}} not {$set: 5}',
  },
  {
    name: 'operand must be a document (string)',
    doc: { _id: 1 },
    update: { $inc: 'x' },
    code: 9,
    message: 'Modifiers operate on fields but we found type string instead. For example: {$mod: {<field>: ...}} not {$inc: "x"}',
  },
  {
    name: 'operand must be a document (null)',
    doc: { _id: 1 },
    update: { $unset: null },
    code: 9,
    message: /found type null instead/,
  },
  {
    name: 'operand must be a document (array)',
    doc: { _id: 1 },
    update: { $set: [] },
    code: 9,
    message: 'Modifiers operate on fields but we found type array instead. For example: {$mod: {<field>: ...}} not {$set: []}',
  },
  { name: 'empty path', doc: { _id: 1 }, update: { $set: { '': 1 } }, code: 56, message: 'An empty update path is not valid.' },
  {
    name: 'empty path component',
    doc: { _id: 1 },
    update: { $set: { 'a..b': 1 } },
    code: 56,
    message: "The update path 'a..b' contains an empty field name, which is not allowed.",
  },
  { name: 'trailing dot', doc: { _id: 1 }, update: { $set: { 'a.': 1 } }, code: 56 },
  { name: 'leading dot', doc: { _id: 1 }, update: { $unset: { '.a': 1 } }, code: 56 },
]);

describe('compileUpdate classification', () => {
  const kinds: [string, Parameters<typeof compileUpdate>[0], string][] = [
    ['operators', { $set: { a: 1 } }, 'operators'],
    ['replacement', { a: 1 }, 'replacement'],
    ['empty document', {}, 'replacement'],
    ['pipeline', [{ $set: { a: 1 } }], 'pipeline'],
    ['empty pipeline', [], 'pipeline'],
  ];
  for (const [name, update, kind] of kinds) it(`${name} → ${kind}`, () => expect(compileUpdate(update).kind).toBe(kind));

  it('rejects an update that is neither a document nor an array', () => {
    expect(() => compileUpdate(5 as never)).toThrow(expect.objectContaining({ code: 9 }));
  });
});
