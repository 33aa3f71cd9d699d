/**
 * Cursor entity operations (FindCursor and CommandCursor entities saved by
 * createFindCursor / createCommandCursor).
 */
import type { CursorEntity } from '../entities.js';
import type { OperationTable } from './support.js';

/** The cursor operations, by unified-format name. */
export const cursorOperations: OperationTable<CursorEntity> = {
  iterateUntilDocumentOrError: {
    async run(t) {
      return t.cursor.next();
    },
  },
  iterateOnce: {
    async run(t) {
      return t.cursor.tryNext();
    },
  },
  close: {
    async run(t) {
      await t.cursor.close().catch(() => undefined);
      return undefined;
    },
  },
};
