/**
 * `getParameter`. mongosh asks for featureCompatibilityVersion, and sends
 * `{getParameter: 'foo'}` to fingerprint the server: the error message for an
 * unknown parameter must look like mongod's.
 */
import { SCRAM_SHA_256 } from '../auth/scram-sha-256.js';
import { WireError } from '../errors.js';
import { ENVELOPE_FIELDS, isDocument, isTruthy } from '../server/command-envelope.js';
import { FEATURE_COMPATIBILITY_VERSION } from './build-info.js';
import type { BuiltInCommands, BuiltInContext } from './built-in-command.js';

const PARAMETERS: Readonly<Record<string, () => unknown>> = {
  featureCompatibilityVersion: () => ({ version: FEATURE_COMPATIBILITY_VERSION }),
  authenticationMechanisms: () => [SCRAM_SHA_256],
  logLevel: () => 0,
  quiet: () => false,
};

// Arguments of the command itself rather than parameter names.
const NOT_PARAMETERS = new Set(['getParameter', 'comment']);

function getParameter({ command }: BuiltInContext): Record<string, unknown> {
  const selector = command['getParameter'];
  const all = selector === '*' || (isDocument(selector) && isTruthy(selector['allParameters']));
  const showDetails = isDocument(selector) && isTruthy(selector['showDetails']);
  const names = all ? Object.keys(PARAMETERS) : Object.keys(command).filter((key) => !NOT_PARAMETERS.has(key) && !ENVELOPE_FIELDS.has(key) && key in PARAMETERS);
  if (names.length === 0) throw new WireError('no option found to get', 'InvalidOptions');
  const reply: Record<string, unknown> = {};
  for (const name of names) {
    const value = PARAMETERS[name]?.();
    reply[name] = showDetails ? { value, settableAtRuntime: false, settableAtStartup: false } : value;
  }
  reply['ok'] = 1;
  return reply;
}

/** `getParameter`. */
export const getParameterCommands: BuiltInCommands = { getParameter };
