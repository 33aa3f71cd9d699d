/**
 * `$currentDate`: sets a field to the update's clock, as a Date (`true`,
 * `false` or `{$type: 'date'}`) or a Timestamp (`{$type: 'timestamp'}`).
 * It always counts as a modification, like mongod.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { isPlainObject } from '../values/bson-type.js';
import { typeName } from './format.js';
import { modifierLeaf } from './modifier.js';
import type { LeafNode } from './tree.js';
import type { UpdateWorkspace } from './workspace.js';

/** Compiles `{$currentDate: {<path>: spec}}` for one path. */
export function compileCurrentDate(spec: unknown): LeafNode {
  let asDate: boolean;
  if (typeof spec === 'boolean') {
    asDate = true;
  } else if (isPlainObject(spec)) {
    let found: boolean | undefined;
    for (const [key, v] of Object.entries(spec)) {
      if (v === undefined) continue;
      if (key !== '$type') throw new UpdateError(ERROR_CODES.BadValue, `Unrecognized $currentDate option: ${key}`);
      if (v === 'date') found = true;
      else if (v === 'timestamp') found = false;
    }
    if (found === undefined) {
      throw new UpdateError(
        ERROR_CODES.BadValue,
        "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
      );
    }
    asDate = found;
  } else {
    throw new UpdateError(
      ERROR_CODES.BadValue,
      `${typeName(spec)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
    );
  }
  const now = (ws: UpdateWorkspace) => (asDate ? new Date(ws.now.getTime()) : ws.nextTimestamp());
  return modifierLeaf({
    operator: '$currentDate',
    create: (_path, ws) => now(ws),
    update: (_current, _path, ws) => now(ws),
  });
}
