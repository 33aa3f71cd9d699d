/**
 * Property tests over random documents and paths: invariants every operator
 * must keep whatever the input.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileUpdate, QueryError } from '../../src/index.js';
import type { Document } from '../../src/index.js';
import { dbl, ej, expectOnlyWrappers, i32 } from './helpers.js';

const KEYS = ['a', 'b', 'c'] as const;

const scalar = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(i32),
  fc.double({ noNaN: true }).map(dbl),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.constant(null),
);

const { value } = fc.letrec<{ value: unknown; doc: Document }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('doc'), fc.array(tie('value'), { maxLength: 3 })),
  doc: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
}));

const docArb = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3 }).map((d) => ({ _id: i32(1), ...d }) as Document);
const pathArb = fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }).map((p) => p.join('.'));

/** Reads a dotted path through documents only. */
function read(doc: Document, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Document)[part];
  }
  return cur;
}

function tryApply(doc: Document, update: Document): Document | QueryError {
  try {
    return compileUpdate(update).apply(doc, { isInsert: false });
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
}

describe('update properties', () => {
  it('$set then $unset leaves the field missing', () => {
    fc.assert(
      fc.property(docArb, pathArb, scalar, (doc, path, v) => {
        const set = tryApply(doc, { $set: { [path]: v } });
        if (set instanceof QueryError) {
          expect(set.code).toBe(28);
          return;
        }
        expect(ej(read(set, path))).toBe(ej(v));
        const unset = tryApply(set, { $unset: { [path]: 1 } });
        expect(unset).not.toBeInstanceOf(QueryError);
        expect(read(unset as Document, path)).toBeUndefined();
      }),
    );
  });

  it('setting the value a path already holds is a no-op', () => {
    fc.assert(
      fc.property(docArb, pathArb, (doc, path) => {
        const current = read(doc, path);
        fc.pre(current !== undefined);
        expect(compileUpdate({ $set: { [path]: current } }).apply(doc, { isInsert: false })).toBe(doc);
      }),
    );
  });

  it('no operator mutates its input, and results hold only BSON number wrappers', () => {
    const update = fc.oneof(
      fc.record({ $set: fc.dictionary(pathArb, value, { maxKeys: 2 }) }),
      fc.record({ $unset: fc.dictionary(pathArb, fc.constant(1), { maxKeys: 2 }) }),
      fc.record({ $inc: fc.dictionary(pathArb, fc.integer({ min: -5, max: 5 }).map(i32), { maxKeys: 2 }) }),
      fc.record({ $push: fc.dictionary(pathArb, value, { maxKeys: 1 }) }),
      fc.record({ $pull: fc.dictionary(pathArb, scalar, { maxKeys: 1 }) }),
      fc.record({ $rename: fc.record({ a: fc.constantFrom('b', 'c.d') }) }),
    );
    fc.assert(
      fc.property(docArb, update, (doc, u) => {
        const before = ej(doc);
        const out = tryApply(doc, u as Document);
        expect(ej(doc)).toBe(before);
        if (!(out instanceof QueryError)) expectOnlyWrappers(out);
      }),
    );
  });
});
