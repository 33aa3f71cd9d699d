import { describe, expect, it } from 'vitest';
import { Binary, Timestamp } from 'bson';
import { ev, expectBson, expectCode, i, l } from '../support.js';
import type { Case, ErrorCase } from '../support.js';

describe('misc operators', () => {
  const cases: Case[] = [
    ['$bsonSize empty document', { $bsonSize: { $literal: {} } }, {}, i(5)],
    ['$bsonSize of ROOT', { $bsonSize: '$$ROOT' }, { a: i(1) }, i(12)],
    ['$bsonSize null', { $bsonSize: null }, {}, null],
    ['$binarySize string', { $binarySize: 'héllo' }, {}, i(6)],
    ['$binarySize binData', { $binarySize: new Binary(Buffer.from([1, 2, 3])) }, {}, i(3)],
    ['$binarySize null', { $binarySize: '$x' }, {}, null],
    ['$meta textScore is missing', { $meta: 'textScore' }, {}, undefined],
    ['$tsSecond', { $tsSecond: new Timestamp({ t: 100, i: 7 }) }, {}, l(100)],
    ['$tsIncrement', { $tsIncrement: new Timestamp({ t: 100, i: 7 }) }, {}, l(7)],
    ['$tsSecond null', { $tsSecond: null }, {}, null],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['$bsonSize non-document', { $bsonSize: i(1) }, {}, 31393],
    ['$binarySize number', { $binarySize: i(1) }, {}, 51276],
    ['$rand with arguments', { $rand: { x: 1 } }, {}, 3040501],
    ['$meta non-string', { $meta: 1 }, {}, 17307],
    ['$meta unknown', { $meta: 'bogus' }, {}, 17308],
    ['$tsSecond non-timestamp', { $tsSecond: i(1) }, {}, 5687301],
    ['$tsIncrement non-timestamp', { $tsIncrement: 'x' }, {}, 5687302],
    ['$accumulator', { $accumulator: {} }, {}, 31264],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
  it('$rand is a double in [0, 1)', () => {
    const v = ev({ $rand: {} }) as { _bsontype: string; value: number };
    expect(v._bsontype).toBe('Double');
    expect(v.value).toBeGreaterThanOrEqual(0);
    expect(v.value).toBeLessThan(1);
  });
});
