/**
 * `$rename`: moves a field's value to another path, like a `$set` of the
 * destination followed by an `$unset` of the source. It sits in the update
 * tree at the destination (the source holds a placeholder so that other
 * operators on it conflict). A missing source is a no-op; neither path may
 * go through an array element.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { compareValues, isDocumentLike } from '../values/compare.js';
import { formatElement } from './format.js';
import { checkImmutableCreated, checkImmutableExisting, checkTopLevelName } from './modifier.js';
import { arrayIndexOf, isDynamicPath, isPathPrefix } from './path.js';
import type { LeafNode } from './tree.js';
import type { UpdateWorkspace } from './workspace.js';
import { readChild } from './workspace.js';

/** The leaf placed at a `$rename` source: applies nothing, exists so that other writes to the path conflict. */
export const RENAME_SOURCE_PLACEHOLDER: LeafNode = { kind: 'leaf', operator: '$rename', apply: () => undefined };

/**
 * Finds the source value. Returns undefined when the source is missing;
 * throws PathNotViable when the path runs through a scalar, or through an
 * array by name, as mongod does.
 */
function findSource(ws: UpdateWorkspace, from: readonly string[], display: string): unknown {
  let cur: unknown = ws.current();
  for (let i = 0; i < from.length; i++) {
    const part = from[i]!;
    const viable = Array.isArray(cur) ? arrayIndexOf(part) !== undefined : isDocumentLike(cur);
    if (!viable) {
      throw new UpdateError(
        ERROR_CODES.PathNotViable,
        `cannot use the part (${part} of ${display}) to traverse the element ({${formatElement(from[i - 1] ?? '', cur)}})`,
      );
    }
    cur = readChild(cur, part);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Name of the deepest array among the values at the given path prefixes (deepest prefix first), if any. */
function arrayAncestor(ws: UpdateWorkspace, path: readonly string[], prefixLengths: number[]): string | undefined {
  for (const n of prefixLengths) {
    if (n === 0) continue;
    const found = ws.resolve(path.slice(0, n));
    if (found.depth === n && Array.isArray(found.value)) return path[n - 1];
  }
  return undefined;
}

const range = (from: number, downTo: number) => {
  const out: number[] = [];
  for (let n = from; n >= downTo; n--) out.push(n);
  return out;
};

/** Compiles one `{$rename: {<from>: <to>}}` entry (both already parsed); returns the destination leaf. */
export function compileRename(from: readonly string[], to: readonly string[]): LeafNode {
  const fromDisplay = from.join('.');
  const toDisplay = to.join('.');
  const element = formatElement(fromDisplay, toDisplay);
  if (toDisplay.includes('\0')) {
    throw new UpdateError(ERROR_CODES.BadValue, "The 'to' field for $rename cannot contain an embedded null byte");
  }
  if (fromDisplay === toDisplay) {
    throw new UpdateError(ERROR_CODES.BadValue, `The source and target field for $rename must differ: ${element}`);
  }
  if (isPathPrefix(from, to) || isPathPrefix(to, from)) {
    throw new UpdateError(ERROR_CODES.BadValue, `The source and target field for $rename must not be on the same path: ${element}`);
  }
  if (isDynamicPath(from)) {
    throw new UpdateError(ERROR_CODES.BadValue, `The source field for $rename may not be dynamic: ${fromDisplay}`);
  }
  if (isDynamicPath(to)) {
    throw new UpdateError(ERROR_CODES.BadValue, `The destination field for $rename may not be dynamic: ${toDisplay}`);
  }
  return {
    kind: 'leaf',
    operator: '$rename',
    apply(_path, ws) {
      const value = findSource(ws, from, fromDisplay);
      if (value === undefined) return;
      const sourceArray = arrayAncestor(ws, from, range(from.length - 1, 1));
      if (sourceArray !== undefined) {
        throw new UpdateError(
          ERROR_CODES.BadValue,
          `The source field cannot be an array element, '${fromDisplay}' in doc with ${ws.idElement()} has an array field called '${sourceArray}'`,
        );
      }
      const dest = ws.resolve(to);
      const exists = dest.depth === to.length;
      const destArray = arrayAncestor(ws, to, range(exists ? to.length - 1 : dest.depth, 1));
      if (destArray !== undefined) {
        throw new UpdateError(
          ERROR_CODES.BadValue,
          `The destination field cannot be an array element, '${toDisplay}' in doc with ${ws.idElement()} has an array field called '${destArray}'`,
        );
      }
      if (exists) {
        // Equal values (compared without types, as mongod does here) leave the destination as it is.
        if (compareValues(dest.value, value) !== 0) {
          checkImmutableExisting(to);
          checkTopLevelName(to, to.length);
          ws.replace(to, value);
        }
      } else {
        ws.create(to, dest.depth, dest.value, value);
        checkTopLevelName(to, dest.depth + 1);
        checkImmutableCreated(to, dest.depth, dest.value);
      }
      if (from[0] === '_id') {
        throw new UpdateError(
          ERROR_CODES.ImmutableField,
          `Unsetting the path '${fromDisplay}' using $rename would modify the immutable field '_id'`,
        );
      }
      ws.remove(from);
    },
  };
}
