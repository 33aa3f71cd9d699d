import type { CommandRunner, Doc } from '@argon/core';
import { copyValue, promoteValue, type PromoteOptions } from '@argon/query';
import { toDriverError } from './errors.js';

/** Shared by every object of one ArgonClient: how to run a command and how to shape results. */
export interface ClientContext {
  /** Runs a command on the engine, raising driver error classes. */
  run(dbName: string, cmd: Doc): Promise<Doc>;
  readonly promote: PromoteOptions;
}

const NORMALIZED = { normalized: true } as const;

/** Builds a client context over a command runner (resolved lazily, so the client can connect on first use). */
export function createContext(getRunner: () => Promise<CommandRunner>, promote: PromoteOptions, actor?: string): ClientContext {
  return {
    promote,
    async run(dbName, cmd) {
      // The engine gets its own copy, as if the command had been serialized:
      // documents the application changes after the call must not change
      // what was stored.
      const own = copyValue(cmd) as Doc;
      const runner = await getRunner();
      try {
        return await runner.execute(dbName, own, actor === undefined ? NORMALIZED : { user: actor, normalized: true });
      } catch (err) {
        throw toDriverError(err);
      }
    },
  };
}

/** Converts a stored document to what the driver returns for the given options. */
export function shape<T>(doc: unknown, promote: PromoteOptions): T {
  return promoteValue(doc, promote) as T;
}

/** Drops undefined option values so commands stay minimal. */
export function compact(d: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(d)) if (v !== undefined) out[k] = v;
  return out;
}
