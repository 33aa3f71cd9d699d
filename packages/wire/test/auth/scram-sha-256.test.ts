import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthenticationFailedError } from '../../src/errors.js';
import {
  ScramServerConversation,
  deriveScramCredential,
  parseClientFinalMessage,
  parseClientFirstMessage,
  type ScramCredential,
} from '../../src/auth/scram-sha-256.js';

// RFC 7677 section 3.
const RFC = {
  user: 'user',
  password: 'pencil',
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  salt: Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'),
  iterations: 4096,
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

async function rfcCredential(): Promise<ScramCredential> {
  return deriveScramCredential(RFC.user, RFC.password, { salt: RFC.salt, iterations: RFC.iterations });
}

function rejection(action: () => unknown): AuthenticationFailedError {
  try {
    action();
  } catch (error) {
    if (error instanceof AuthenticationFailedError) return error;
    throw error;
  }
  throw new Error('expected an AuthenticationFailedError');
}

/** A client-side SCRAM-SHA-256 computation, independent of the server code. */
function clientFinalFor(password: string, clientFirstBare: string, serverFirst: string, gs2 = 'n,,'): string {
  const attributes = Object.fromEntries(serverFirst.split(',').map((part) => [part[0], part.slice(2)]));
  const salted = pbkdf2Sync(password, Buffer.from(attributes['s'] ?? '', 'base64'), Number(attributes['i']), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const withoutProof = `c=${Buffer.from(gs2).toString('base64')},r=${attributes['r']}`;
  const signature = createHmac('sha256', storedKey).update(`${clientFirstBare},${serverFirst},${withoutProof}`).digest();
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ (signature[i] ?? 0)));
  return `${withoutProof},p=${proof.toString('base64')}`;
}

describe('SCRAM-SHA-256', () => {
  it('reproduces the RFC 7677 exchange, including the server signature', async () => {
    const credential = await rfcCredential();
    const conversation = ScramServerConversation.start(RFC.clientFirst, () => credential, { serverNonce: RFC.serverNonce });
    expect(conversation.user).toBe('user');
    expect(conversation.serverFirst).toBe(RFC.serverFirst);
    expect(conversation.finish(RFC.clientFinal)).toBe(RFC.serverFinal);
  });

  it('stores only derived keys, never the password', async () => {
    const credential = await rfcCredential();
    expect(Object.keys(credential).sort()).toEqual(['iterations', 'salt', 'serverKey', 'storedKey', 'user']);
    expect(JSON.stringify(credential)).not.toContain('pencil');
    expect(credential.storedKey).toHaveLength(32);
  });

  it('rejects a wrong password with the generic message and a logged reason', async () => {
    const credential = await rfcCredential();
    const conversation = ScramServerConversation.start(RFC.clientFirst, () => credential, { serverNonce: RFC.serverNonce });
    const wrong = clientFinalFor('pencil2', 'n=user,r=rOprNGfwEbeRWgbNEkqO', conversation.serverFirst);
    const error = rejection(() => conversation.finish(wrong));
    expect(error.message).toBe('Authentication failed.');
    expect(error.code).toBe(18);
    expect(error.codeName).toBe('AuthenticationFailed');
    expect(error.reason).toMatch(/wrong password for user 'user'/);
  });

  it('accepts an independently computed proof with a random server nonce', async () => {
    const credential = await deriveScramCredential('alice', 'secret', { iterations: 4096 });
    const conversation = ScramServerConversation.start('n,,n=alice,r=clientnonce123', () => credential);
    expect(conversation.serverFirst).toMatch(/^r=clientnonce123[A-Za-z0-9+/=]{32},s=[A-Za-z0-9+/=]+,i=4096$/);
    const serverFinal = conversation.finish(clientFinalFor('secret', 'n=alice,r=clientnonce123', conversation.serverFirst));
    expect(serverFinal).toMatch(/^v=[A-Za-z0-9+/]{43}=$/);
  });

  it('rejects a nonce that differs from the combined nonce', async () => {
    const credential = await rfcCredential();
    const conversation = ScramServerConversation.start(RFC.clientFirst, () => credential, { serverNonce: RFC.serverNonce });
    const tampered = RFC.clientFinal.replace('k0,p=', 'k1,p=');
    expect(rejection(() => conversation.finish(tampered)).reason).toMatch(/nonce/);
  });

  it('rejects channel-binding data that does not echo the GS2 header', async () => {
    const credential = await rfcCredential();
    const conversation = ScramServerConversation.start(RFC.clientFirst, () => credential, { serverNonce: RFC.serverNonce });
    expect(rejection(() => conversation.finish(RFC.clientFinal.replace('c=biws', 'c=eSws'))).reason).toMatch(/channel binding/);
  });

  it('can be finished only once', async () => {
    const credential = await rfcCredential();
    const conversation = ScramServerConversation.start(RFC.clientFirst, () => credential, { serverNonce: RFC.serverNonce });
    conversation.finish(RFC.clientFinal);
    expect(rejection(() => conversation.finish(RFC.clientFinal)).reason).toMatch(/already finished/);
  });

  it('parses the client-first message, decoding =2C and =3D in the user name', () => {
    expect(parseClientFirstMessage('n,,n=a=2Cb=3Dc,r=xyz,e=ext')).toEqual({ gs2Header: 'n,,', user: 'a,b=c', clientNonce: 'xyz', bare: 'n=a=2Cb=3Dc,r=xyz,e=ext' });
    expect(parseClientFirstMessage('y,,n=u,r=n').gs2Header).toBe('y,,');
  });

  it.each([
    ['p=tls-unique,,n=u,r=x', /channel binding/],
    ['n,a=admin,n=u,r=x', /authorization identity/],
    ['n,,r=x,n=u', /must start with n=/],
    ['n,,n=u', /r= after n=/],
    ['n,,n=u,r=a,b', /malformed SCRAM attribute/],
    ['n,,n=a=2Xb,r=x', /invalid = escape/],
    ['n,,n=,r=x', /empty user name/],
    ['garbage', /no GS2 header/],
  ])('rejects the client-first message %j', (message, reason) => {
    expect(rejection(() => parseClientFirstMessage(message)).reason).toMatch(reason);
  });

  it.each([
    ['c=biws,r=x', /no proof/],
    ['r=x,c=biws,p=AAAA', /must start with c=/],
    ['c=biws,p=AAAA', /r= after c=/],
    ['c=biws,r=x,p=AAAA', /proof must be 32 bytes, got 3/],
  ])('rejects the client-final message %j', (message, reason) => {
    expect(rejection(() => parseClientFinalMessage(message)).reason).toMatch(reason);
  });

  it('applies SASLprep to the password before deriving keys', async () => {
    const salt = Buffer.alloc(16, 1);
    const nbsp = await deriveScramCredential('u', 'a\u00A0b', { salt, iterations: 4096 });
    const space = await deriveScramCredential('u', 'a b', { salt, iterations: 4096 });
    const other = await deriveScramCredential('u', 'ab', { salt, iterations: 4096 });
    expect(nbsp.storedKey.equals(space.storedKey)).toBe(true);
    expect(nbsp.storedKey.equals(other.storedKey)).toBe(false);
  });
});
