/**
 * Multi-document transactions are not supported. The Node driver sends
 * transaction fields even to a standalone server, so they are refused with
 * mongod's standalone error (code 20) and a sentence saying why. A
 * `txnNumber` alone marks a retryable write and is accepted.
 */
import { TransactionsNotSupportedError } from '../errors.js';
import type { WireDocument } from '../protocol/bson-codec.js';
import type { BuiltInCommands } from './built-in-command.js';

/** True if `command` starts or continues a multi-document transaction. */
export function isTransactionRequest(command: WireDocument): boolean {
  return 'txnNumber' in command && ('autocommit' in command || 'startTransaction' in command);
}

const refuse = (): never => {
  throw new TransactionsNotSupportedError();
};

/** `commitTransaction` and `abortTransaction`, both refused. */
export const transactionCommands: BuiltInCommands = {
  commitTransaction: refuse,
  abortTransaction: refuse,
};
