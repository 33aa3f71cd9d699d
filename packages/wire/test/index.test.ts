import { describe, expect, it } from 'vitest';
import * as wire from '../src/index.js';

describe('@argon/wire public API', () => {
  it('exports the server, auth helpers and errors', () => {
    expect(typeof wire.startWireServer).toBe('function');
    expect(typeof wire.loadUsersFile).toBe('function');
    expect(typeof wire.parseUserFlag).toBe('function');
    expect(typeof wire.UserStore.fromEntries).toBe('function');
    expect(wire.WIRE_ERROR_CODES.Unauthorized).toBe(13);
    expect(wire.DEFAULT_PORT).toBe(27018);
    expect(wire.MAX_WIRE_VERSION).toBe(21);
    expect(wire.BSON_DESERIALIZE_OPTIONS).toEqual({ promoteValues: false, bsonRegExp: true });
    expect(wire.ENVELOPE_FIELDS.has('lsid')).toBe(true);
  });

  it('starts and stops a server through the package entry', async () => {
    const server = await wire.startWireServer({ executor: { execute: async () => ({ ok: 1 }) }, port: 0 });
    expect(server.connectionCount()).toBe(0);
    await server.close();
  });
});
