import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { d, expectBson, expectCode, i } from '../../expression/support.js';

type StageCase = [name: string, stage: Document, input: Document, expected: Document];

function runOne(stage: Document, doc: Document): Document {
  return runPipeline([doc], [stage])[0]!;
}

const doc: Document = { _id: i(1), a: i(1), b: { c: i(2), d: i(3) }, e: [{ f: i(1), g: i(2) }, { f: i(3) }, i(7)], s: 'x' };

describe('$project', () => {
  const cases: StageCase[] = [
    ['inclusion keeps _id', { $project: { a: 1 } }, doc, { _id: i(1), a: i(1) }],
    ['inclusion follows document order', { $project: { s: 1, a: true } }, doc, { _id: i(1), a: i(1), s: 'x' }],
    ['exclude _id', { $project: { _id: 0, a: 1 } }, doc, { a: i(1) }],
    ['nested inclusion by dotted path', { $project: { 'b.c': 1 } }, doc, { _id: i(1), b: { c: i(2) } }],
    ['nested inclusion by sub-document', { $project: { b: { d: 1 } } }, doc, { _id: i(1), b: { d: i(3) } }],
    ['inclusion through an array drops scalars', { $project: { 'e.f': 1 } }, doc, { _id: i(1), e: [{ f: i(1) }, { f: i(3) }] }],
    ['inclusion of a missing field', { $project: { zz: 1 } }, doc, { _id: i(1) }],
    ['nested inclusion on a scalar drops it', { $project: { 's.t': 1 } }, doc, { _id: i(1) }],
    ['computed field', { $project: { x: { $add: ['$a', 1] } } }, doc, { _id: i(1), x: i(2) }],
    ['computed fields come after included ones', { $project: { x: '$s', a: 1 } }, doc, { _id: i(1), a: i(1), x: 'x' }],
    ['rename', { $project: { _id: 0, name: '$s' } }, doc, { name: 'x' }],
    ['string literal', { $project: { _id: 0, k: 'lit' } }, doc, { k: 'lit' }],
    ['$literal number', { $project: { _id: 0, k: { $literal: 0 } } }, doc, { k: i(0) }],
    ['array literal', { $project: { _id: 0, k: ['$a', 2] } }, doc, { k: [i(1), i(2)] }],
    ['computed missing is omitted', { $project: { _id: 0, k: '$nope' } }, doc, {}],
    ['$$REMOVE omits', { $project: { _id: 0, k: { $cond: [false, 1, '$$REMOVE'] } } }, doc, {}],
    ['computed nested path', { $project: { _id: 0, 'n.m': '$a' } }, doc, { n: { m: i(1) } }],
    ['computed under an array maps document elements (scalars are dropped)', { $project: { _id: 0, 'e.h': '$a' } }, doc, { e: [{ h: i(1) }, { h: i(1) }] }],
    ['included and computed siblings', { $project: { _id: 0, 'b.c': 1, 'b.z': 'new' } }, doc, { b: { c: i(2), z: 'new' } }],
    ['computed _id', { $project: { _id: '$s', a: 1 } }, doc, { a: i(1), _id: 'x' }],
    ['only _id', { $project: { _id: 1 } }, doc, { _id: i(1) }],
    ['exclusion', { $project: { a: 0, b: 0 } }, doc, { _id: i(1), e: doc.e, s: 'x' }],
    ['exclusion of _id only', { $project: { _id: 0 } }, doc, { a: i(1), b: doc.b, e: doc.e, s: 'x' }],
    ['nested exclusion', { $project: { 'b.c': 0 } }, doc, { _id: i(1), a: i(1), b: { d: i(3) }, e: doc.e, s: 'x' }],
    ['exclusion through arrays keeps scalars', { $project: { 'e.f': 0, _id: 0, a: 0, b: 0, s: 0 } }, doc, { e: [{ g: i(2) }, {}, i(7)] }],
    ['numeric truthiness: 2 includes', { $project: { a: 2 } }, doc, { _id: i(1), a: i(1) }],
    ['double zero excludes', { $project: { a: d(0) } }, doc, { _id: i(1), b: doc.b, e: doc.e, s: 'x' }],
  ];
  for (const [name, stage, input, expected] of cases) it(name, () => expectBson(runOne(stage, input), expected));
  const errors: [string, Document, number][] = [
    ['mixing inclusion and exclusion', { $project: { a: 1, b: 0 } }, 31254],
    ['mixing exclusion and inclusion', { $project: { a: 0, b: 1 } }, 31253],
    ['expression in an exclusion', { $project: { a: 0, x: '$b' } }, 31310],
    ['empty projection', { $project: {} }, 51272],
    ['empty sub-projection', { $project: { a: {} } }, 51270],
    ['path collision', { $project: { a: 1, 'a.b': 1 } }, 31250],
    ['$-prefixed field', { $project: { $a: 1 } }, 16410],
    ['not an object', { $project: 1 }, 15969],
    ['unknown operator', { $project: { x: { $nope: 1 } } }, 168],
  ];
  for (const [name, stage, code] of errors) it(name, () => expectCode(() => runPipeline([doc], [stage]), code));
});

describe('$addFields / $set', () => {
  const cases: StageCase[] = [
    ['adds a field at the end', { $addFields: { z: i(9) } }, { _id: i(1), a: i(1) }, { _id: i(1), a: i(1), z: i(9) }],
    ['replaces in place', { $set: { a: 'new' } }, { _id: i(1), a: i(1), b: i(2) }, { _id: i(1), a: 'new', b: i(2) }],
    ['computed from other fields', { $set: { c: { $add: ['$a', '$b'] } } }, { a: i(1), b: i(2) }, { a: i(1), b: i(2), c: i(3) }],
    ['fields see the input, not each other', { $set: { a: i(5), b: '$a' } }, { a: i(1) }, { a: i(5), b: i(1) }],
    ['nested path', { $set: { 'b.c': i(5) } }, { b: { d: i(1) } }, { b: { d: i(1), c: i(5) } }],
    ['nested document spec', { $set: { b: { c: i(5) } } }, { b: { d: i(1) } }, { b: { d: i(1), c: i(5) } }],
    ['nested path over a scalar replaces it', { $set: { 'b.c': i(5) } }, { b: i(1) }, { b: { c: i(5) } }],
    ['nested path over an array sets every element', { $set: { 'a.x': i(0) } }, { a: [{ y: i(1) }, i(2)] }, { a: [{ y: i(1), x: i(0) }, { x: i(0) }] }],
    ['$$REMOVE removes', { $set: { a: '$$REMOVE' } }, { a: i(1), b: i(2) }, { b: i(2) }],
    ['missing value removes', { $set: { a: '$nope' } }, { a: i(1), b: i(2) }, { b: i(2) }],
    ['empty spec is a no-op', { $addFields: {} }, { a: i(1) }, { a: i(1) }],
    ['$literal object', { $set: { o: { $literal: { $x: 1 } } } }, {}, { o: { $x: i(1) } }],
    ['_id can be replaced', { $set: { _id: 'k' } }, { _id: i(1), a: i(1) }, { _id: 'k', a: i(1) }],
  ];
  for (const [name, stage, input, expected] of cases) it(name, () => expectBson(runOne(stage, input), expected));
  it('rejects non-object', () => expectCode(() => runPipeline([], [{ $set: 1 }]), 40272));
  it('rejects collisions', () => expectCode(() => runPipeline([], [{ $set: { a: 1, 'a.b': 1 } }]), 31250));
});

describe('$unset', () => {
  const cases: StageCase[] = [
    ['single field', { $unset: 'a' }, { _id: i(1), a: i(1), b: i(2) }, { _id: i(1), b: i(2) }],
    ['several fields', { $unset: ['a', 'b.c'] }, { a: i(1), b: { c: i(1), d: i(2) } }, { b: { d: i(2) } }],
    ['through arrays', { $unset: 'a.b' }, { a: [{ b: i(1), c: i(2) }, i(3)] }, { a: [{ c: i(2) }, i(3)] }],
    ['missing field', { $unset: 'z' }, { a: i(1) }, { a: i(1) }],
    ['_id', { $unset: '_id' }, { _id: i(1), a: i(1) }, { a: i(1) }],
  ];
  for (const [name, stage, input, expected] of cases) it(name, () => expectBson(runOne(stage, input), expected));
  const errors: [string, Document, number][] = [
    ['not a string or array', { $unset: 1 }, 31002],
    ['array with a non-string', { $unset: ['a', 1] }, 31120],
    ['empty array', { $unset: [] }, 31119],
    ['empty path', { $unset: '' }, 40352],
  ];
  for (const [name, stage, code] of errors) it(name, () => expectCode(() => runPipeline([], [stage]), code));
});
