import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScramServerConversation } from '../../src/auth/scram-sha-256.js';
import { UserStore, loadUsersFile, parseUserFlag } from '../../src/auth/user-store.js';
import { ConfigurationError } from '../../src/errors.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'argon-wire-users-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function usersFile(content: string): Promise<string> {
  const path = join(dir, `users-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, content);
  return path;
}

describe('parseUserFlag', () => {
  it('splits at the first colon', () => {
    expect(parseUserFlag('alice:secret')).toEqual({ user: 'alice', password: 'secret' });
    expect(parseUserFlag('bob:a:b:c')).toEqual({ user: 'bob', password: 'a:b:c' });
    expect(parseUserFlag('carol:')).toEqual({ user: 'carol', password: '' });
  });

  it('rejects a flag without a user or colon', () => {
    expect(() => parseUserFlag('alice')).toThrow(ConfigurationError);
    expect(() => parseUserFlag(':secret')).toThrow(/expected user:password/);
  });
});

describe('loadUsersFile', () => {
  it('loads users with 15000-iteration credentials and no plaintext', async () => {
    const store = await loadUsersFile(await usersFile('{"users":[{"user":"alice","password":"secret"},{"user":"bob","password":"pw"}]}'));
    expect(store.users()).toEqual(['alice', 'bob']);
    expect(store.size).toBe(2);
    const alice = store.get('alice');
    expect(alice?.iterations).toBe(15000);
    expect(JSON.stringify(alice)).not.toContain('secret');
    expect(store.get('carol')).toBeUndefined();
  });

  it.each([
    ['not json', /not valid JSON/],
    ['{"people":[]}', /must contain \{"users"/],
    ['{"users":[{"user":"a"}]}', /entry 0 needs/],
    ['{"users":[{"user":"","password":"x"}]}', /entry 0 needs/],
    ['{"users":[{"user":"a","password":"x"},{"user":"a","password":"y"}]}', /user 'a' is defined twice/],
  ])('rejects %j', async (content, message) => {
    const path = await usersFile(content);
    await expect(loadUsersFile(path)).rejects.toThrow(message);
    await expect(loadUsersFile(path)).rejects.toThrow(path);
  });

  it('names a missing file', async () => {
    await expect(loadUsersFile(join(dir, 'missing.json'))).rejects.toThrow(/cannot read users file .*missing\.json/);
  });
});

describe('UserStore', () => {
  it('rejects fewer than 4096 iterations', async () => {
    await expect(UserStore.fromEntries([{ user: 'a', password: 'b' }], { iterations: 1000 })).rejects.toThrow(/at least 4096/);
  });

  it('gives unknown users a stable decoy that never authenticates', async () => {
    const store = await UserStore.fromEntries([{ user: 'alice', password: 'secret' }], { iterations: 4096 });
    const decoy = store.credentialFor('mallory');
    expect(decoy.salt.equals(store.credentialFor('mallory').salt)).toBe(true);
    expect(decoy.salt.equals(store.credentialFor('trudy').salt)).toBe(false);
    expect(decoy.iterations).toBe(4096);
    expect(store.credentialFor('alice')).toBe(store.get('alice'));
    const conversation = ScramServerConversation.start('n,,n=mallory,r=abc', (user) => store.credentialFor(user));
    const nonce = conversation.serverFirst.split(',')[0]?.slice(2) ?? '';
    expect(() => conversation.finish(`c=biws,r=${nonce},p=${Buffer.alloc(32).toString('base64')}`)).toThrow('Authentication failed.');
  });
});
