import { Binary, Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { AssertionFailure, RunnerError } from '../../scripts/compat/errors.js';
import { assertEqualDocuments, assertMatches, mismatch, type MatchContext } from '../../scripts/compat/match.js';

const lsid = { id: new Binary(Buffer.from('0123456789abcdef'), 4) };
const ctx: MatchContext = {
  entity(name) {
    if (name === 'oid') return new ObjectId('000000000000000000000001');
    if (name === 'doc') return { a: 1 };
    throw new RunnerError(`no entity ${name}`);
  },
  sessionLsid(name) {
    if (name === 'session0') return lsid;
    throw new RunnerError(`no session ${name}`);
  },
};

const ok = (expected: unknown, actual: unknown, opts?: Parameters<typeof mismatch>[3]) => expect(mismatch(expected, actual, ctx, opts)).toBeUndefined();
const bad = (expected: unknown, actual: unknown, opts?: Parameters<typeof mismatch>[3]) => expect(mismatch(expected, actual, ctx, opts)).toBeTypeOf('string');

describe('documents', () => {
  it('allows extra fields at the root only', () => {
    ok({ x: 1 }, { x: 1, y: 2 });
    bad({ x: { y: 1 } }, { x: { y: 1, z: 1 } });
    bad({ x: 1, y: 1 }, { x: 1 });
  });
  it('does not allow extra fields when matching a non-root value', () => {
    bad({ x: 1 }, { x: 1, y: 2 }, { root: false });
  });
  it('ignores key order', () => {
    ok({ x: 1, y: 2 }, { y: 2, x: 1 });
  });
  it('treats undefined-valued keys as absent', () => {
    bad({ x: 1 }, { x: undefined });
    ok({ a: { x: 1 } }, { a: { x: 1, y: undefined } });
  });
  it('matches Maps (ordered documents the driver builds) like documents', () => {
    ok({ sort: { _id: 1 } }, { sort: new Map([['_id', 1]]) });
  });
  it('requires a document where one is expected', () => {
    bad({ x: {} }, { x: 1 });
    bad({}, [1]);
  });
});

describe('arrays', () => {
  it('must have the same length and matching elements', () => {
    ok([1, 2, 3], [1, 2, 3]);
    bad([1, 2, 3], [1, 2, 3, 4]);
    bad([1, 2], [2, 1]);
  });
  it('elements of a distinct-like array are not root-level documents', () => {
    bad([{ x: 1 }], [{ x: 1, y: 1 }]);
  });
  it('elements of an iterable result are root-level documents', () => {
    ok([{ x: 1 }], [{ x: 1, y: 1 }], { rootElements: true });
    bad([{ x: 1 }], [{ x: 1 }, { x: 2 }], { rootElements: true });
  });
});

describe('flexible numerics', () => {
  it('compares int32, int64 and double by value', () => {
    ok(1, 1.0);
    ok(1, Long.fromNumber(1));
    ok(Long.fromNumber(5), 5);
    ok(new Double(2), 2);
    ok({ ok: 1 }, { ok: new Double(1) });
    ok(new Int32(3), Long.fromNumber(3));
    bad(1, 1.5);
    bad(1, '1');
    bad(1, true);
  });
  it('compares large int64 values exactly', () => {
    ok(Long.fromString('9007199254740993'), Long.fromString('9007199254740993'));
    bad(Long.fromString('9007199254740993'), Long.fromString('9007199254740992'));
  });
});

describe('other scalars', () => {
  it('compares strings, booleans and null strictly', () => {
    ok('a', 'a');
    bad('a', 'b');
    ok(null, null);
    bad(null, 0);
    bad(false, 0);
  });
  it('compares BSON values by type and value', () => {
    ok(new ObjectId('000000000000000000000001'), new ObjectId('000000000000000000000001'));
    bad(new ObjectId('000000000000000000000001'), new ObjectId('000000000000000000000002'));
    ok(new Date(5), new Date(5));
    bad(new Date(5), 5);
    ok(new Binary(Buffer.from('ab')), new Binary(Buffer.from('ab')));
    bad(new Binary(Buffer.from('ab')), new Binary(Buffer.from('ab'), 4));
  });
});

describe('$$exists', () => {
  it('asserts presence or absence of a field', () => {
    ok({ a: { $$exists: true } }, { a: null });
    bad({ a: { $$exists: true } }, {});
    ok({ a: { $$exists: false } }, {});
    bad({ a: { $$exists: false } }, { a: 1 });
  });
});

describe('$$type', () => {
  it('checks a single type or one of several', () => {
    ok({ a: { $$type: 'string' } }, { a: 'x' });
    bad({ a: { $$type: 'string' } }, { a: 1 });
    ok({ a: { $$type: ['int', 'long'] } }, { a: Long.fromNumber(1) });
    ok({ a: { $$type: 'objectId' } }, { a: new ObjectId() });
    ok({ a: { $$type: 'date' } }, { a: new Date() });
    ok({ a: { $$type: 'binData' } }, { a: new Binary(Buffer.from('x')) });
    ok({ a: { $$type: 'object' } }, { a: {} });
    ok({ a: { $$type: 'array' } }, { a: [] });
    ok({ a: { $$type: 'bool' } }, { a: false });
    ok({ a: { $$type: 'null' } }, { a: null });
  });
  it('knows the number alias and what promoted numbers may have been', () => {
    ok({ a: { $$type: 'number' } }, { a: 1.5 });
    ok({ a: { $$type: 'number' } }, { a: Long.fromNumber(1) });
    ok({ a: { $$type: 'double' } }, { a: 1.5 });
    bad({ a: { $$type: 'int' } }, { a: 1.5 });
    bad({ a: { $$type: 'int' } }, { a: Long.fromNumber(1) });
    bad({ a: { $$type: 'number' } }, { a: '1' });
  });
  it('requires the value to exist', () => {
    bad({ a: { $$type: 'null' } }, {});
  });
  it('does not look into arrays', () => {
    bad({ a: { $$type: 'int' } }, { a: [1] });
  });
});

describe('$$unsetOrMatches', () => {
  it('accepts a missing value or a matching one', () => {
    ok({ a: { $$unsetOrMatches: 1 } }, {});
    ok({ a: { $$unsetOrMatches: 1 } }, { a: 1 });
    bad({ a: { $$unsetOrMatches: 1 } }, { a: 2 });
  });
  it('keeps the root-level status of what it wraps', () => {
    ok({ $$unsetOrMatches: { insertedId: { $$unsetOrMatches: 2 } } }, { insertedId: 2, acknowledged: true });
    ok({ $$unsetOrMatches: { insertedId: 2 } }, undefined);
    bad({ a: { $$unsetOrMatches: { b: 1 } } }, { a: { b: 1, c: 2 } });
  });
});

describe('entity and session operators', () => {
  it('$$matchesEntity matches the saved value', () => {
    ok({ _id: { $$matchesEntity: 'oid' } }, { _id: new ObjectId('000000000000000000000001') });
    bad({ _id: { $$matchesEntity: 'oid' } }, { _id: new ObjectId('000000000000000000000002') });
    expect(() => assertMatches({ _id: { $$matchesEntity: 'missing' } }, { _id: 1 }, ctx)).toThrow(RunnerError);
  });
  it('$$sessionLsid matches the session id exactly', () => {
    ok({ lsid: { $$sessionLsid: 'session0' } }, { lsid: { id: new Binary(Buffer.from('0123456789abcdef'), 4) } });
    bad({ lsid: { $$sessionLsid: 'session0' } }, { lsid: { id: new Binary(Buffer.from('fedcba9876543210'), 4) } });
  });
});

describe('$$matchesHexBytes', () => {
  it('compares bytes as lower-case hex', () => {
    ok({ $$matchesHexBytes: '1122' }, Buffer.from([0x11, 0x22]));
    ok({ $$matchesHexBytes: 'AB' }, new Binary(Buffer.from([0xab])));
    ok({ $$matchesHexBytes: '' }, Buffer.alloc(0));
    bad({ $$matchesHexBytes: '1122' }, Buffer.from([0x11]));
  });
  it('rejects malformed hex as a test error', () => {
    expect(() => assertMatches({ $$matchesHexBytes: 'abc' }, Buffer.alloc(0), ctx)).toThrow(RunnerError);
  });
});

describe('$$lte', () => {
  it('compares numerically', () => {
    ok({ a: { $$lte: 5 } }, { a: 5 });
    ok({ a: { $$lte: 5 } }, { a: Long.fromNumber(0) });
    ok({ a: { $$lte: 1 } }, { a: 1.0 });
    bad({ a: { $$lte: 1 } }, { a: 1.1 });
    bad({ a: { $$lte: 1 } }, { a: 'x' });
  });
});

describe('$$matchAsDocument and $$matchAsRoot', () => {
  it('parses an Extended JSON string and matches it without root extras', () => {
    ok({ $$matchAsDocument: { a: 1 } }, '{"a": {"$numberInt": "1"}}');
    bad({ $$matchAsDocument: { a: 1 } }, '{"a": 1, "b": 2}');
    ok({ $$matchAsDocument: { $$matchAsRoot: { a: 1 } } }, '{"a": 1, "b": 2}');
    bad({ $$matchAsDocument: { a: 1 } }, { a: 1 });
  });
  it('$$matchAsRoot allows extra fields in a nested document', () => {
    ok({ x: { $$matchAsRoot: { a: 1 } } }, { x: { a: 1, b: 2 } });
  });
});

describe('failures', () => {
  it('name the mismatching path', () => {
    expect(mismatch({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 3 }] } }, ctx)).toMatch(/^a\.b\.1\.c: /);
  });
  it('throw AssertionFailure, and RunnerError for unknown operators', () => {
    expect(() => assertMatches(1, 2, ctx)).toThrow(AssertionFailure);
    expect(() => assertMatches({ $$bogus: 1 }, 2, ctx)).toThrow(RunnerError);
  });
});

describe('assertEqualDocuments (collection outcomes)', () => {
  it('is exact: no extra fields, even at the root, but free key order and numeric types', () => {
    expect(() => assertEqualDocuments([{ _id: 1, x: 1 }], [{ x: 1.0, _id: Long.fromNumber(1) }])).not.toThrow();
    expect(() => assertEqualDocuments([{ _id: 1 }], [{ _id: 1, x: 1 }])).toThrow(AssertionFailure);
    expect(() => assertEqualDocuments([{ _id: 1 }], [])).toThrow(AssertionFailure);
  });
});
