/** `getLog`: mongosh reads `startupWarnings` at start; Argon keeps no in-memory log. */
import { WireError } from '../errors.js';
import type { BuiltInCommands, BuiltInContext } from './built-in-command.js';

const LOG_NAMES = ['global', 'startupWarnings'] as const;

function getLog({ command }: BuiltInContext): Record<string, unknown> {
  const name = command['getLog'];
  if (typeof name !== 'string') throw new WireError('Argument to getLog must be of type String', 'BadValue');
  if (name === '*') return { names: [...LOG_NAMES], ok: 1 };
  if (!(LOG_NAMES as readonly string[]).includes(name)) throw new WireError(`No log named '${name}'; available: ${LOG_NAMES.join(', ')}`, 'BadValue');
  return { totalLinesWritten: 0, log: [], ok: 1 };
}

/** `getLog`. */
export const getLogCommands: BuiltInCommands = { getLog };
