import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';
import { errorTable, matchTable, type MatchCase } from './match-table.js';

const samples: [string, unknown][] = [
  ['double', new Double(1.5)],
  ['string', 'x'],
  ['object', { b: 1 }],
  ['array', [1]],
  ['binData', new Binary(Buffer.from([1]))],
  ['objectId', new ObjectId()],
  ['bool', false],
  ['date', new Date(0)],
  ['null', null],
  ['regex', new BSONRegExp('a', 'i')],
  ['javascript', new Code('1')],
  ['symbol', new BSONSymbol('s')],
  ['int', new Int32(1)],
  ['timestamp', new Timestamp({ t: 1, i: 1 })],
  ['long', Long.fromNumber(1)],
  ['decimal', Decimal128.fromString('1')],
  ['minKey', new MinKey()],
  ['maxKey', new MaxKey()],
];

// Every alias matches its own sample and no other (arrays also match element types, so
// the array sample is excluded as a candidate for the other aliases).
const aliasCases: MatchCase[] = [];
for (const [alias] of samples) {
  for (const [other, value] of samples) {
    if (other === 'array' && alias !== 'array') continue;
    aliasCases.push([{ a: { $type: alias } }, { a: value }, alias === other]);
  }
}
matchTable('$type: each alias against each type', aliasCases);

matchTable('$type: numbers, codes, arrays and missing', [
  [{ a: { $type: 'number' } }, { a: new Int32(1) }, true],
  [{ a: { $type: 'number' } }, { a: Long.fromNumber(1) }, true],
  [{ a: { $type: 'number' } }, { a: new Double(1) }, true],
  [{ a: { $type: 'number' } }, { a: Decimal128.fromString('1') }, true],
  [{ a: { $type: 'number' } }, { a: '1' }, false],
  [{ a: { $type: 'double' } }, { a: 1.5 }, true],
  [{ a: { $type: 'int' } }, { a: 1 }, true],
  [{ a: { $type: 'double' } }, { a: 1 }, false],
  [{ a: { $type: 'long' } }, { a: 5n }, true],
  [{ a: { $type: 1 } }, { a: new Double(2) }, true],
  [{ a: { $type: 2 } }, { a: 'x' }, true],
  [{ a: { $type: new Double(16) } }, { a: new Int32(3) }, true],
  [{ a: { $type: Long.fromNumber(18) } }, { a: Long.fromNumber(3) }, true],
  [{ a: { $type: 19 } }, { a: Decimal128.fromString('3') }, true],
  [{ a: { $type: -1 } }, { a: new MinKey() }, true],
  [{ a: { $type: 127 } }, { a: new MaxKey() }, true],
  [{ a: { $type: 10 } }, { a: null }, true],
  [{ a: { $type: ['string', 'int'] } }, { a: new Int32(1) }, true],
  [{ a: { $type: ['string', 'int'] } }, { a: 'x' }, true],
  [{ a: { $type: ['string', 'int'] } }, { a: true }, false],
  [{ a: { $type: ['number', 8] } }, { a: true }, true],
  [{ a: { $type: 'null' } }, {}, false],
  [{ a: { $type: 'string' } }, {}, false],
  [{ a: { $type: 'array' } }, { a: [] }, true],
  [{ a: { $type: 'array' } }, { a: [[1]] }, true],
  [{ a: { $type: 'array' } }, { a: { 0: 1 } }, false],
  [{ a: { $type: 'string' } }, { a: [new Int32(1), 'x'] }, true],
  [{ a: { $type: 'string' } }, { a: [new Int32(1), [['x']]] }, false],
  [{ a: { $type: 'object' } }, { a: new DBRef('c', new ObjectId()) }, true],
  [{ 'a.b': { $type: 'int' } }, { a: [{ b: 'x' }, { b: new Int32(1) }] }, true],
  [{ a: { $not: { $type: 'string' } } }, {}, true],
  [{ a: { $not: { $type: 'string' } } }, { a: ['x', new Int32(1)] }, false],
]);

errorTable('$type: invalid operands', [
  [{ a: { $type: 'foo' } }, 2, 'Unknown type name alias: foo'],
  [{ a: { $type: 'String' } }, 2, 'Unknown type name alias: String'],
  [{ a: { $type: 99 } }, 2, 'Invalid numerical type code: 99'],
  [{ a: { $type: 1.5 } }, 2, 'Invalid numerical type code: 1.5'],
  [{ a: { $type: 0 } }, 2, 'Invalid numerical type code: 0'],
  [{ a: { $type: true } }, 2, 'type must be represented as a number or a string'],
  [{ a: { $type: null } }, 2, 'type must be represented as a number or a string'],
  [{ a: { $type: ['string', {}] } }, 2, 'type must be represented as a number or a string'],
  [{ a: { $type: [] } }, 9, 'a must match at least one type'],
]);
