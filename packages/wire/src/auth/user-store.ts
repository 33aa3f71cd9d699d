/**
 * The users Argon accepts, held as SCRAM-SHA-256 credentials (salt, iteration
 * count, StoredKey, ServerKey): passwords are discarded after derivation.
 *
 * Users are global: a user authenticates against whichever database the client
 * names as its auth source (`authSource=admin` is the usual choice).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../errors.js';
import { DEFAULT_SCRAM_ITERATIONS, MIN_SCRAM_ITERATIONS, deriveScramCredential, type ScramCredential } from './scram-sha-256.js';

/** A user name and plaintext password, as read from a file or flag. */
export interface UserEntry {
  readonly user: string;
  readonly password: string;
}

/** Options for building a {@link UserStore}. */
export interface UserStoreOptions {
  /** PBKDF2 iterations; defaults to 15000 (MongoDB's default), at least 4096. */
  readonly iterations?: number;
}

/** Looks up SCRAM credentials by user name. */
export class UserStore {
  private readonly credentials: ReadonlyMap<string, ScramCredential>;
  // Keys the decoy credentials of unknown users, so they are stable per process but unguessable.
  private readonly decoySecret = randomBytes(32);
  private readonly decoyIterations: number;

  private constructor(credentials: readonly ScramCredential[]) {
    this.credentials = new Map(credentials.map((credential) => [credential.user, credential]));
    this.decoyIterations = credentials[0]?.iterations ?? DEFAULT_SCRAM_ITERATIONS;
  }

  /**
   * Derives credentials for each entry (PBKDF2, so this takes ~10 ms per user).
   *
   * @throws ConfigurationError on an empty name, a duplicate name or too few iterations.
   */
  static async fromEntries(entries: Iterable<UserEntry>, options: UserStoreOptions = {}): Promise<UserStore> {
    const iterations = options.iterations ?? DEFAULT_SCRAM_ITERATIONS;
    if (!Number.isInteger(iterations) || iterations < MIN_SCRAM_ITERATIONS) {
      throw new ConfigurationError(`SCRAM iterations must be an integer of at least ${MIN_SCRAM_ITERATIONS}, got ${iterations}`);
    }
    const list = [...entries];
    const seen = new Set<string>();
    for (const entry of list) {
      if (entry.user === '') throw new ConfigurationError('a user name must not be empty');
      if (seen.has(entry.user)) throw new ConfigurationError(`user '${entry.user}' is defined twice`);
      seen.add(entry.user);
    }
    const credentials = await Promise.all(list.map((entry) => deriveScramCredential(entry.user, entry.password, { iterations })));
    return new UserStore(credentials);
  }

  /** Builds a store from credentials derived elsewhere. */
  static fromCredentials(credentials: readonly ScramCredential[]): UserStore {
    return new UserStore(credentials);
  }

  /** Number of users. */
  get size(): number {
    return this.credentials.size;
  }

  /** The user names, sorted. */
  users(): string[] {
    return [...this.credentials.keys()].sort();
  }

  /** The credential of `user`, or undefined. */
  get(user: string): ScramCredential | undefined {
    return this.credentials.get(user);
  }

  /**
   * The credential of `user`, or a decoy whose salt is stable for that name and
   * whose keys match no password, so an unknown user fails exactly like a wrong
   * password does.
   */
  credentialFor(user: string): ScramCredential {
    const known = this.credentials.get(user);
    if (known !== undefined) return known;
    const derive = (label: string): Buffer => createHmac('sha256', this.decoySecret).update(`${label}\0${user}`).digest();
    return { user, salt: derive('salt').subarray(0, 16), iterations: this.decoyIterations, storedKey: derive('stored'), serverKey: derive('server') };
  }
}

/**
 * Parses a `--user alice:secret` flag. The password is everything after the
 * first colon, so it may itself contain colons.
 *
 * @throws ConfigurationError if there is no colon or the name is empty.
 */
export function parseUserFlag(flag: string): UserEntry {
  const colon = flag.indexOf(':');
  if (colon <= 0) throw new ConfigurationError(`expected user:password, got '${colon < 0 ? flag : flag.slice(0, colon + 1)}…'`);
  return { user: flag.slice(0, colon), password: flag.slice(colon + 1) };
}

/**
 * Reads a users file, `{"users": [{"user": "alice", "password": "secret"}]}`,
 * and derives the credentials.
 *
 * @throws ConfigurationError naming the file and the problem.
 */
export async function loadUsersFile(path: string, options: UserStoreOptions = {}): Promise<UserStore> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read users file ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`users file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const users = typeof parsed === 'object' && parsed !== null ? (parsed as { users?: unknown }).users : undefined;
  if (!Array.isArray(users)) throw new ConfigurationError(`users file ${path} must contain {"users": [{"user": "...", "password": "..."}]}`);
  const entries = users.map((entry: unknown, index): UserEntry => {
    const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const { user, password } = record;
    if (typeof user !== 'string' || user === '' || typeof password !== 'string') {
      throw new ConfigurationError(`users file ${path}: entry ${index} needs a non-empty string "user" and a string "password"`);
    }
    return { user, password };
  });
  try {
    return await UserStore.fromEntries(entries, options);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new ConfigurationError(`users file ${path}: ${error.message}`, { cause: error });
    throw error;
  }
}
