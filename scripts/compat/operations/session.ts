/**
 * Session operations: transactions and endSession.
 */
import type { TransactionOptions } from 'mongodb';
import type { SessionEntity } from '../entities.js';
import type { OperationDescription } from '../types.js';
import type { OperationTable } from './support.js';
import { required, take } from './support.js';

/** The session operations, by unified-format name. */
export const sessionOperations: OperationTable<SessionEntity> = {
  startTransaction: {
    async run(t, args) {
      t.session.startTransaction(args as TransactionOptions);
      return undefined;
    },
  },
  commitTransaction: {
    async run(t) {
      await t.session.commitTransaction();
      return undefined;
    },
  },
  abortTransaction: {
    async run(t) {
      await t.session.abortTransaction();
      return undefined;
    },
  },
  endSession: {
    async run(t) {
      await t.session.endSession();
      return undefined;
    },
  },
  withTransaction: {
    async run(t, args, ctx) {
      const [{ callback }, rest] = take(args, 'callback');
      const ops = required<OperationDescription[]>(callback, 'callback');
      await t.session.withTransaction(async () => {
        for (const op of ops) await ctx.runOperation(op);
      }, rest as TransactionOptions);
      return undefined;
    },
  },
};
