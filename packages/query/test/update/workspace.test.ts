import { describe, expect, it } from 'vitest';
import { DBRef } from 'bson';
import { compileUpdate } from '../../src/index.js';
import type { Document } from '../../src/index.js';
import { UpdateWorkspace } from '../../src/update/workspace.js';
import { ej, expectQueryError, i32 } from './helpers.js';

const opts = { isInsert: false, position: undefined, now: new Date(0), arrayFilters: new Map() };

describe('UpdateWorkspace', () => {
  it('resolves as deep as the path exists', () => {
    const ws = new UpdateWorkspace({ a: { b: [i32(1), { c: i32(2) }] } }, opts);
    const cases: [string[], number][] = [
      [['a'], 1],
      [['a', 'b', '1', 'c'], 4],
      [['a', 'b', '2'], 2],
      [['a', 'x', 'y'], 1],
      [['a', 'b', 'x'], 2],
      [['a', 'b', '0', 'z'], 3],
      [['q'], 0],
    ];
    for (const [path, depth] of cases) expect(ws.resolve(path).depth, path.join('.')).toBe(depth);
  });

  it('treats a field holding undefined as missing and re-appends it when created', () => {
    const doc: Document = { a: undefined, b: i32(1) };
    const ws = new UpdateWorkspace(doc, opts);
    expect(ws.resolve(['a']).depth).toBe(0);
    ws.create(['a'], 0, doc, i32(5));
    expect(Object.keys(ws.result())).toEqual(['b', 'a']);
    expect(Object.keys(doc)).toEqual(['a', 'b']);
  });

  it('returns the input itself until something is written', () => {
    const doc: Document = { a: i32(1) };
    const ws = new UpdateWorkspace(doc, opts);
    ws.resolve(['a']);
    expect(ws.result()).toBe(doc);
    ws.replace(['a'], i32(2));
    expect(ws.result()).not.toBe(doc);
    expect(ej(doc)).toBe(ej({ a: i32(1) }));
  });

  it('copies each container once, however many writes go through it', () => {
    const doc: Document = { a: { b: i32(1), c: i32(1) } };
    const ws = new UpdateWorkspace(doc, opts);
    ws.replace(['a', 'b'], i32(2));
    const first = ws.current().a;
    ws.replace(['a', 'c'], i32(3));
    expect(ws.current().a).toBe(first);
    expect(ej(ws.result())).toBe(ej({ a: { b: i32(2), c: i32(3) } }));
  });

  it('writes inside a DBRef by turning it into its document form', () => {
    const doc: Document = { _id: i32(1), r: new DBRef('coll', i32(7) as never) };
    const out = compileUpdate({ $set: { 'r.note': 'x' } }).apply(doc, { isInsert: false });
    expect(ej(out)).toBe(ej({ _id: i32(1), r: { $ref: 'coll', $id: i32(7), note: 'x' } }));
    expect(doc.r).toBeInstanceOf(DBRef);
  });

  it('reads through a DBRef', () => {
    const doc: Document = { _id: i32(1), r: new DBRef('coll', i32(7) as never) };
    expect(compileUpdate({ $set: { 'r.$id': i32(7) } }).apply(doc, { isInsert: false })).toBe(doc);
    const out = compileUpdate({ $inc: { 'r.$id': i32(1) } }).apply(doc, { isInsert: false });
    expect(ej(out)).toBe(ej({ _id: i32(1), r: { $ref: 'coll', $id: i32(8) } }));
  });

  it('stores a field literally named __proto__ as data', () => {
    const out = compileUpdate({ $set: { '__proto__.x': i32(1) } }).apply({ _id: i32(1) }, { isInsert: false });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: i32(1) });
  });

  it('reports PathNotViable with the deepest element', () => {
    const ws = new UpdateWorkspace({ a: [i32(1)] }, opts);
    expectQueryError(() => ws.create(['a', 'x'], 1, [i32(1)], i32(1)), 28, "Cannot create field 'x' in element {a: [ 1 ]}");
  });

  it('unknown array filters are an internal error, not a silent match', () => {
    const ws = new UpdateWorkspace({}, opts);
    expectQueryError(() => ws.arrayFilter('nope'), 2);
  });
});
