/**
 * Combinators that turn value tests into operator nodes and document matchers.
 */
import { getField } from '../path/field-path.js';
import { WALK_MODES, walkPath, type WalkMode } from '../path/traverse.js';
import type { DocMatcher, MatchDetails, OperatorNode, ValueTest } from './types.js';

/**
 * Binds a value test to a path: the document matches when any value the
 * path yields passes. The index of the array element that passed is recorded
 * for the positional `$` operator.
 */
export function bindPath(parts: readonly string[], mode: WalkMode, test: ValueTest): DocMatcher {
  const walk = (doc: unknown, details: MatchDetails | undefined): boolean =>
    walkPath(doc, parts, mode, (v, arrayIndex) => {
      if (!test(v, details)) return false;
      if (details !== undefined && arrayIndex !== undefined) details.arrayIndex = arrayIndex;
      return true;
    });
  if (parts.length === 1 && mode === WALK_MODES.query) {
    // Fast path for a top-level field that does not hold an array.
    const key = parts[0]!;
    return (doc, details) => {
      const v = getField(doc, key);
      return Array.isArray(v) ? walk(doc, details) : test(v, details);
    };
  }
  return walk;
}

/** An operator node testing single values, applied to paths with the given walk mode. */
export function leafNode(test: ValueTest, mode: WalkMode = WALK_MODES.query): OperatorNode {
  return { single: test, atPath: (parts) => bindPath(parts, mode, test) };
}

/** Conjunction of operator nodes (`{$gt: 1, $lt: 5}` tests each operator on its own). */
export function andNode(children: readonly OperatorNode[]): OperatorNode {
  if (children.length === 1) return children[0]!;
  return {
    single: (v, details) => children.every((c) => c.single(v, details)),
    atPath: (parts) => andMatchers(children.map((c) => c.atPath(parts))),
  };
}

/** Negation (`$not`, `$ne`, `$nin`, `$exists: false`): a path-level negation, recording nothing. */
export function notNode(child: OperatorNode): OperatorNode {
  return {
    single: (v) => !child.single(v, undefined),
    atPath: (parts) => {
      const m = child.atPath(parts);
      return (doc) => !m(doc, undefined);
    },
  };
}

/** A node that never matches (`$all: []`). */
export const NEVER_NODE: OperatorNode = Object.freeze({
  single: () => false,
  atPath: () => () => false,
});

/** Conjunction of document matchers; match details and `$expr` variables flow through every child. */
export function andMatchers(children: readonly DocMatcher[]): DocMatcher {
  switch (children.length) {
    case 0:
      return () => true;
    case 1:
      return children[0]!;
    case 2: {
      const [a, b] = children as [DocMatcher, DocMatcher];
      return (doc, details, env) => a(doc, details, env) && b(doc, details, env);
    }
    default:
      return (doc, details, env) => {
        for (const c of children) if (!c(doc, details, env)) return false;
        return true;
      };
  }
}
