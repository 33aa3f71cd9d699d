/**
 * The collation a command runs with.
 */
import { compileCollation, isPlainObject, type Collator } from '@argon/query';
import { optDoc } from './args.js';
import type { Doc } from './command.js';
import { assertViewCollation, type ResolvedView } from './views.js';

/**
 * The collation of a command (or of one statement of it): its own
 * `collation` argument when given (`{locale: 'simple'}` asks for binary
 * comparison), else the default collation of the collection or view it
 * targets. Returns undefined for binary comparison. On a view, a collation
 * other than the view's own fails with 167.
 *
 * @param command the name used in error messages (`find`, `update.updates`)
 * @param args the command or statement document holding `collation`
 * @param options the target's catalog options (`collation` is its default)
 */
export function collationFor(command: string, args: Doc, options: Doc, view?: ResolvedView, ns = ''): Collator | undefined {
  const own = optDoc(command, args, 'collation');
  if (view) {
    assertViewCollation(view, own, ns);
    return compileCollation(view.collation);
  }
  if (own !== undefined) return compileCollation(own);
  return isPlainObject(options.collation) ? compileCollation(options.collation) : undefined;
}
