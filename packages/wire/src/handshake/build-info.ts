/**
 * `buildInfo` (also sent as `buildinfo`). Argon reports the MongoDB version
 * whose wire protocol and command set it follows; tools such as mongosh pick
 * features by this version.
 */
import { MAX_BSON_OBJECT_SIZE } from '../server/limits.js';
import type { BuiltInCommands, BuiltInContext } from './built-in-command.js';

/** The MongoDB version Argon presents itself as. */
export const EMULATED_MONGODB_VERSION = '7.0.0';
/** {@link EMULATED_MONGODB_VERSION} as `buildInfo.versionArray`. */
export const EMULATED_VERSION_ARRAY: readonly number[] = Object.freeze([7, 0, 0, 0]);
/** The featureCompatibilityVersion matching {@link EMULATED_MONGODB_VERSION}. */
export const FEATURE_COMPATIBILITY_VERSION = '7.0';

function buildInfo({ server }: BuiltInContext): Record<string, unknown> {
  return {
    version: EMULATED_MONGODB_VERSION,
    gitVersion: `argon-${server.argonVersion}`,
    versionArray: [...EMULATED_VERSION_ARRAY],
    modules: [],
    allocator: 'system',
    javascriptEngine: 'none',
    sysInfo: 'deprecated',
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['argon'],
    openssl: { running: 'disabled', compiled: 'disabled' },
    buildEnvironment: {},
    argon: { version: server.argonVersion },
    ok: 1,
  };
}

/** `buildInfo` and its lowercase alias. */
export const buildInfoCommands: BuiltInCommands = {
  buildInfo,
  buildinfo: buildInfo,
};
