import { Int32, serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { MessageFormatError } from '../../src/errors.js';
import { opQueryCommand, parseOpQuery, serializeOpQuery } from '../../src/protocol/op-query.js';
import { readMessageHeader } from '../../src/protocol/message-header.js';
import { OP_QUERY } from '../../src/protocol/opcodes.js';

describe('OP_QUERY', () => {
  it('round-trips the handshake query', () => {
    const encoded = serializeOpQuery({ requestId: 5, fullCollectionName: 'admin.$cmd', query: { isMaster: 1, helloOk: true } });
    expect(readMessageHeader(encoded)).toEqual({ messageLength: encoded.length, requestId: 5, responseTo: 0, opCode: OP_QUERY });
    const parsed = parseOpQuery(encoded);
    expect(parsed).toMatchObject({ requestId: 5, flags: 0, fullCollectionName: 'admin.$cmd', numberToSkip: 0, numberToReturn: -1 });
    expect(parsed.query['isMaster']).toBeInstanceOf(Int32);
    expect(parsed.returnFieldsSelector).toBeUndefined();
    expect(opQueryCommand(parsed)).toEqual({ dbName: 'admin', command: { isMaster: new Int32(1), helloOk: true } });
  });

  it('reads an optional returnFieldsSelector', () => {
    const encoded = serializeOpQuery({ requestId: 1, fullCollectionName: 'a.$cmd', query: { ismaster: 1 } });
    const withSelector = Buffer.concat([encoded, Buffer.from(serialize({ x: 1 }))]);
    withSelector.writeInt32LE(withSelector.length, 0);
    expect(parseOpQuery(withSelector).returnFieldsSelector).toEqual({ x: new Int32(1) });
  });

  it('unwraps $query and keeps other namespaces apart', () => {
    const wrapped = parseOpQuery(serializeOpQuery({ requestId: 1, fullCollectionName: 'admin.$cmd', query: { $query: { ismaster: 1 }, $readPreference: { mode: 'primary' } } }));
    expect(opQueryCommand(wrapped)?.command).toEqual({ ismaster: new Int32(1) });
    const collection = parseOpQuery(serializeOpQuery({ requestId: 1, fullCollectionName: 'test.users', query: {} }));
    expect(opQueryCommand(collection)).toBeUndefined();
  });

  it('rejects a missing NUL in the collection name and trailing garbage', () => {
    const noNul = Buffer.alloc(24, 0x41);
    noNul.writeInt32LE(24, 0);
    noNul.writeInt32LE(OP_QUERY, 12);
    noNul.writeInt32LE(0, 16);
    expect(() => parseOpQuery(noNul)).toThrow(MessageFormatError);
    expect(() => parseOpQuery(noNul)).toThrow(/unterminated OP_QUERY fullCollectionName/);
    const encoded = serializeOpQuery({ requestId: 1, fullCollectionName: 'a.$cmd', query: { ismaster: 1 } });
    const trailing = Buffer.concat([encoded, Buffer.of(1, 2, 3)]);
    trailing.writeInt32LE(trailing.length, 0);
    expect(() => parseOpQuery(trailing)).toThrow(/truncated: OP_QUERY returnFieldsSelector length/);
  });
});
