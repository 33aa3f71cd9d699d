import { Binary, Decimal128, Double, Int32, Long } from 'bson';
import { errorTable, matchTable } from './match-table.js';

const i = (n: number) => new Int32(n);
const dec = (s: string) => Decimal128.fromString(s);
const bin = (bytes: number[]) => new Binary(Buffer.from(bytes));

matchTable('$mod', [
  [{ a: { $mod: [4, 0] } }, { a: i(8) }, true],
  [{ a: { $mod: [4, 0] } }, { a: i(9) }, false],
  [{ a: { $mod: [4, 0] } }, { a: Long.fromNumber(12) }, true],
  [{ a: { $mod: [4, 0] } }, { a: new Double(8.9) }, true],
  [{ a: { $mod: [4, 0] } }, { a: new Double(-8.9) }, true],
  [{ a: { $mod: [4, 0] } }, { a: dec('12.5') }, true],
  [{ a: { $mod: [4, 1] } }, { a: i(-3) }, false],
  [{ a: { $mod: [4, -3] } }, { a: i(-3) }, true],
  [{ a: { $mod: [-4, 1] } }, { a: i(5) }, true],
  [{ a: { $mod: [4, 0] } }, { a: new Double(NaN) }, false],
  [{ a: { $mod: [4, 0] } }, { a: new Double(Infinity) }, false],
  [{ a: { $mod: [4, 0] } }, { a: new Double(1e30) }, false],
  [{ a: { $mod: [4, 0] } }, { a: '8' }, false],
  [{ a: { $mod: [4, 0] } }, {}, false],
  [{ a: { $mod: [new Double(4.5), 0] } }, { a: i(8) }, true],
  [{ a: { $mod: [4, new Double(1.9)] } }, { a: i(5) }, true],
  [{ a: { $mod: [3, 2] } }, { a: [i(3), i(8)] }, true],
  [{ a: { $mod: [Long.fromString('9223372036854775807'), 1] } }, { a: i(1) }, true],
  [{ a: { $mod: [-1, 0] } }, { a: Long.fromString('-9223372036854775808') }, true],
]);

errorTable('$mod: invalid operands', [
  [{ a: { $mod: 4 } }, 2, 'malformed mod, needs to be an array'],
  [{ a: { $mod: [] } }, 2, 'malformed mod, not enough elements'],
  [{ a: { $mod: [4] } }, 2, 'malformed mod, not enough elements'],
  [{ a: { $mod: ['a', 1] } }, 2, 'malformed mod, divisor not a number'],
  [{ a: { $mod: [4, 'a'] } }, 2, 'malformed mod, remainder not a number'],
  [{ a: { $mod: [4, 1, 2] } }, 2, 'malformed mod, too many elements'],
  [{ a: { $mod: [0, 1] } }, 2, 'divisor cannot be 0'],
  [{ a: { $mod: [new Double(0.5), 1] } }, 2, 'divisor cannot be 0'],
  [{ a: { $mod: [NaN, 1] } }, 2, 'malformed mod, divisor value is invalid'],
  [{ a: { $mod: [4, Infinity] } }, 2, 'malformed mod, remainder value is invalid'],
]);

matchTable('$size', [
  [{ a: { $size: 2 } }, { a: [i(1), i(2)] }, true],
  [{ a: { $size: 2 } }, { a: [i(1)] }, false],
  [{ a: { $size: 2 } }, { a: 'ab' }, false],
  [{ a: { $size: 2 } }, { a: { x: 1, y: 2 } }, false],
  [{ a: { $size: 2 } }, {}, false],
  [{ a: { $size: 0 } }, { a: [] }, true],
  [{ a: { $size: 0 } }, {}, false],
  [{ a: { $size: 2 } }, { a: [[i(1), i(2)]] }, false],
  [{ a: { $size: 1 } }, { a: [[i(1), i(2)]] }, true],
  [{ 'a.b': { $size: 2 } }, { a: [{ b: [i(1), i(2)] }, { b: [i(1)] }] }, true],
  [{ 'a.b': { $size: 3 } }, { a: [{ b: [i(1), i(2)] }, { b: [i(1)] }] }, false],
  [{ a: { $size: Long.fromNumber(2) } }, { a: [i(1), i(2)] }, true],
  [{ a: { $size: new Double(2) } }, { a: [i(1), i(2)] }, true],
  [{ a: { $size: dec('2.0') } }, { a: [i(1), i(2)] }, true],
  [{ a: { $not: { $size: 2 } } }, { a: [i(1)] }, true],
  [{ a: { $not: { $size: 2 } } }, {}, true],
]);

errorTable('$size: invalid operands', [
  [{ a: { $size: 'x' } }, 2, '$size needs a number'],
  [{ a: { $size: null } }, 2, '$size needs a number'],
  [{ a: { $size: new Double(1.5) } }, 2, '$size must be a whole number'],
  [{ a: { $size: -1 } }, 2, '$size may not be negative'],
  [{ a: { $size: Long.fromString('4294967296') } }, 2, '$size must be representable as a 32-bit integer'],
]);

const v54 = i(54); // 0b110110

matchTable('bitwise operators on numbers', [
  [{ a: { $bitsAllSet: [1, 5] } }, { a: v54 }, true],
  [{ a: { $bitsAllSet: [0, 1] } }, { a: v54 }, false],
  [{ a: { $bitsAllSet: 50 } }, { a: v54 }, true],
  [{ a: { $bitsAllSet: 51 } }, { a: v54 }, false],
  [{ a: { $bitsAnySet: [0, 1] } }, { a: v54 }, true],
  [{ a: { $bitsAnySet: [0, 3] } }, { a: v54 }, false],
  [{ a: { $bitsAllClear: [0, 3] } }, { a: v54 }, true],
  [{ a: { $bitsAllClear: [0, 1] } }, { a: v54 }, false],
  [{ a: { $bitsAnyClear: [1, 5] } }, { a: v54 }, false],
  [{ a: { $bitsAnyClear: [0, 5] } }, { a: v54 }, true],
  [{ a: { $bitsAllSet: bin([0b00110010]) } }, { a: v54 }, true],
  [{ a: { $bitsAllSet: [] } }, { a: v54 }, true],
  [{ a: { $bitsAnySet: [] } }, { a: v54 }, false],
  [{ a: { $bitsAllSet: [63, 100] } }, { a: i(-1) }, true],
  [{ a: { $bitsAllClear: [0] } }, { a: i(-2) }, true],
  [{ a: { $bitsAllSet: [62, 0] } }, { a: Long.fromString('9223372036854775807') }, true],
  [{ a: { $bitsAllSet: [63] } }, { a: Long.fromString('9223372036854775807') }, false],
  [{ a: { $bitsAllSet: [1, 2] } }, { a: new Double(6) }, true],
  [{ a: { $bitsAllSet: [1, 2] } }, { a: new Double(6.5) }, false],
  [{ a: { $bitsAllSet: [1, 2] } }, { a: new Double(NaN) }, false],
  [{ a: { $bitsAllSet: [1] } }, { a: new Double(1e19) }, false],
  [{ a: { $bitsAllSet: [1, 2] } }, { a: dec('6') }, true],
  [{ a: { $bitsAllSet: [1] } }, { a: '2' }, false],
  [{ a: { $bitsAllClear: [1] } }, {}, false],
  [{ a: { $bitsAnySet: [0] } }, { a: [i(2), i(3)] }, true],
  [{ a: { $bitsAllSet: Long.fromNumber(6) } }, { a: i(7) }, true],
]);

matchTable('bitwise operators on BinData', [
  [{ a: { $bitsAllSet: [0, 1] } }, { a: bin([0b11]) }, true],
  [{ a: { $bitsAllSet: [8] } }, { a: bin([0b11]) }, false],
  [{ a: { $bitsAllSet: [9] } }, { a: bin([0, 0b10]) }, true],
  [{ a: { $bitsAllClear: [8, 20] } }, { a: bin([0xff]) }, true],
  [{ a: { $bitsAnyClear: [0, 9] } }, { a: bin([0xff]) }, true],
  [{ a: { $bitsAnySet: [2, 3] } }, { a: bin([0b11]) }, false],
  [{ a: { $bitsAllSet: 3 } }, { a: bin([0b111]) }, true],
  [{ a: { $bitsAllSet: bin([0, 1]) } }, { a: bin([0, 1]) }, true],
  [{ a: { $bitsAllSet: bin([0, 1]) } }, { a: bin([1, 0]) }, false],
]);

errorTable('bitwise operators: invalid masks', [
  [{ a: { $bitsAllSet: -1 } }, 9, 'Expected a positive number in: $bitsAllSet: -1'],
  [{ a: { $bitsAllSet: 1.5 } }, 9, 'Expected an integer'],
  [{ a: { $bitsAnySet: NaN } }, 9, 'Expected an integer, but found NaN'],
  [{ a: { $bitsAllClear: ['a'] } }, 2, 'bit positions must be an integer but got: 0: "a"'],
  [{ a: { $bitsAllClear: [1, -1] } }, 2, 'bit positions must be >= 0 but got: 1: -1'],
  [{ a: { $bitsAllClear: [1.5] } }, 2, 'bit positions must be an integer'],
  [{ a: { $bitsAnyClear: [2 ** 40] } }, 2, 'cannot be represented as a 32-bit signed integer'],
  [{ a: { $bitsAnyClear: 'x' } }, 2, '$bitsAnyClear takes an Array, a number, or a BinData but received'],
]);
