/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677), server side.
 *
 * The server keeps only `StoredKey = H(ClientKey)` and `ServerKey`; it checks a
 * client's proof by recovering ClientKey from it and hashing, so the password
 * (or anything that would let a thief log in) is never held in memory.
 */
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AuthenticationFailedError } from '../errors.js';
import { saslprep } from './saslprep.js';

const pbkdf2Async = promisify(pbkdf2);

/** The mechanism name as clients send it. */
export const SCRAM_SHA_256 = 'SCRAM-SHA-256';
/** MongoDB's default iteration count for SCRAM-SHA-256. */
export const DEFAULT_SCRAM_ITERATIONS = 15_000;
/** RFC 7677's minimum; the Node driver refuses fewer. */
export const MIN_SCRAM_ITERATIONS = 4096;

const KEY_LENGTH = 32;

/** What the server stores for one user. */
export interface ScramCredential {
  readonly user: string;
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

/** Options of {@link deriveScramCredential}. */
export interface DeriveCredentialOptions {
  /** Defaults to 16 random bytes (MongoDB uses 28; any length works). */
  readonly salt?: Buffer;
  /** Defaults to {@link DEFAULT_SCRAM_ITERATIONS}. */
  readonly iterations?: number;
}

/** Derives the stored credential from a password (SASLprep, then PBKDF2-HMAC-SHA-256). */
export async function deriveScramCredential(user: string, password: string, options: DeriveCredentialOptions = {}): Promise<ScramCredential> {
  const salt = options.salt ?? randomBytes(16);
  const iterations = options.iterations ?? DEFAULT_SCRAM_ITERATIONS;
  const saltedPassword = await pbkdf2Async(saslprep(password), salt, iterations, KEY_LENGTH, 'sha256');
  const clientKey = hmac(saltedPassword, 'Client Key');
  return { user, salt, iterations, storedKey: sha256(clientKey), serverKey: hmac(saltedPassword, 'Server Key') };
}

/** The parsed client-first-message. */
export interface ClientFirstMessage {
  /** `n,,` or `y,,`: echoed back (base64) in the client-final `c=` attribute. */
  readonly gs2Header: string;
  readonly user: string;
  readonly clientNonce: string;
  /** client-first-message-bare, part of the AuthMessage. */
  readonly bare: string;
}

/** Parses a client-first-message. @throws AuthenticationFailedError */
export function parseClientFirstMessage(message: string): ClientFirstMessage {
  const firstComma = message.indexOf(',');
  const secondComma = firstComma < 0 ? -1 : message.indexOf(',', firstComma + 1);
  if (secondComma < 0) throw fail('client-first-message has no GS2 header');
  const cbindFlag = message.slice(0, firstComma);
  const authzid = message.slice(firstComma + 1, secondComma);
  if (cbindFlag !== 'n' && cbindFlag !== 'y') throw fail(`channel binding '${cbindFlag}' is not supported`);
  if (authzid !== '') throw fail('an authorization identity (a=) is not supported');
  const bare = message.slice(secondComma + 1);
  const attributes = parseAttributes(bare);
  const [user, nonce] = attributes;
  if (user?.name !== 'n') throw fail('client-first-message must start with n=');
  if (nonce?.name !== 'r') throw fail('client-first-message must have r= after n=');
  if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(nonce.value)) throw fail('client nonce must be printable ASCII without commas');
  return { gs2Header: message.slice(0, secondComma + 1), user: decodeSaslName(user.value), clientNonce: nonce.value, bare };
}

/** The parsed client-final-message. */
export interface ClientFinalMessage {
  readonly channelBinding: string;
  readonly nonce: string;
  readonly proof: Buffer;
  /** client-final-message-without-proof, part of the AuthMessage. */
  readonly withoutProof: string;
}

/** Parses a client-final-message. @throws AuthenticationFailedError */
export function parseClientFinalMessage(message: string): ClientFinalMessage {
  const proofAt = message.lastIndexOf(',p=');
  if (proofAt < 0) throw fail('client-final-message has no proof (p=)');
  const withoutProof = message.slice(0, proofAt);
  const [channelBinding, nonce] = parseAttributes(withoutProof);
  if (channelBinding?.name !== 'c') throw fail('client-final-message must start with c=');
  if (nonce?.name !== 'r') throw fail('client-final-message must have r= after c=');
  const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
  if (proof.length !== KEY_LENGTH) throw fail(`client proof must be ${KEY_LENGTH} bytes, got ${proof.length}`);
  return { channelBinding: channelBinding.value, nonce: nonce.value, proof, withoutProof };
}

/** Options of {@link ScramServerConversation.start}. */
export interface ScramStartOptions {
  /** Fixed server nonce, for test vectors; defaults to 24 random bytes in base64. */
  readonly serverNonce?: string;
}

/**
 * One server-side SCRAM-SHA-256 exchange: `start` answers the client-first
 * message, `finish` checks the client's proof and returns the server-final
 * message. A conversation can be finished once.
 */
export class ScramServerConversation {
  private finished = false;

  private constructor(
    private readonly credential: ScramCredential,
    private readonly clientFirst: ClientFirstMessage,
    /** The server-first-message sent to the client. */
    readonly serverFirst: string,
    private readonly nonce: string,
  ) {}

  /** The user name the client claimed. */
  get user(): string {
    return this.clientFirst.user;
  }

  /**
   * Parses the client-first-message and builds the server-first-message.
   * `credentialFor` must return a credential for every name (a decoy for
   * unknown users) so that the exchange does not reveal which users exist.
   */
  static start(clientFirstMessage: string, credentialFor: (user: string) => ScramCredential, options: ScramStartOptions = {}): ScramServerConversation {
    const clientFirst = parseClientFirstMessage(clientFirstMessage);
    const credential = credentialFor(clientFirst.user);
    const nonce = clientFirst.clientNonce + (options.serverNonce ?? randomBytes(24).toString('base64'));
    const serverFirst = `r=${nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    return new ScramServerConversation(credential, clientFirst, serverFirst, nonce);
  }

  /**
   * Verifies the client-final-message and returns the server-final-message
   * (`v=<ServerSignature>`).
   *
   * @throws AuthenticationFailedError on a bad proof, nonce or channel binding.
   */
  finish(clientFinalMessage: string): string {
    if (this.finished) throw fail('SCRAM conversation already finished');
    this.finished = true;
    const clientFinal = parseClientFinalMessage(clientFinalMessage);
    if (Buffer.from(clientFinal.channelBinding, 'base64').toString('utf8') !== this.clientFirst.gs2Header) {
      throw fail('channel binding (c=) does not match the GS2 header');
    }
    if (clientFinal.nonce !== this.nonce) throw fail('nonce (r=) does not match');
    const authMessage = `${this.clientFirst.bare},${this.serverFirst},${clientFinal.withoutProof}`;
    const clientSignature = hmac(this.credential.storedKey, authMessage);
    const clientKey = xor(clientFinal.proof, clientSignature);
    if (!timingSafeEqual(sha256(clientKey), this.credential.storedKey)) throw fail(`wrong password for user '${this.user}'`);
    return `v=${hmac(this.credential.serverKey, authMessage).toString('base64')}`;
  }
}

function parseAttributes(text: string): { name: string; value: string }[] {
  return text.split(',').map((part) => {
    const match = /^([A-Za-z])=(.*)$/s.exec(part);
    if (match === null) throw fail(`malformed SCRAM attribute '${part.slice(0, 20)}'`);
    return { name: match[1] ?? '', value: match[2] ?? '' };
  });
}

// saslname: ',' is sent as '=2C' and '=' as '=3D'; any other '=' is invalid.
function decodeSaslName(value: string): string {
  if (value === '') throw fail('empty user name');
  if (/=(?!2C|3D)/.test(value)) throw fail('user name has an invalid = escape');
  return value.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function fail(reason: string): AuthenticationFailedError {
  return new AuthenticationFailedError(reason);
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
