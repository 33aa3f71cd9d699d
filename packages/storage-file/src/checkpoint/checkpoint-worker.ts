/**
 * Entry point of the checkpoint worker thread (see worker-host.ts): runs
 * each {@link LogCheckpointJob} it is sent and answers with its id, and the
 * error's name, message, file, offset and code when it failed.
 */
import { parentPort } from 'node:worker_threads';
import { runLogCheckpointJob } from './log-checkpoint.js';
import type { LogCheckpointJob } from './log-checkpoint.js';

/** A request to the worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly job: LogCheckpointJob;
}

/** The worker's answer to a request. */
export interface WorkerReply {
  readonly id: number;
  readonly error?: { readonly name: string; readonly message: string; readonly file?: string; readonly offset?: number; readonly code?: string };
}

const port = parentPort;
if (port) {
  port.on('message', (req: WorkerRequest) => {
    runLogCheckpointJob(req.job).then(
      () => port.postMessage({ id: req.id } satisfies WorkerReply),
      (err: unknown) => {
        const e = err as { name?: string; message?: string; file?: string; offset?: number; code?: string; details?: { file?: string } };
        const file = e.file ?? e.details?.file;
        const error = { name: e.name ?? 'Error', message: e.message ?? String(err), ...(file !== undefined ? { file } : {}), ...(e.offset !== undefined ? { offset: e.offset } : {}), ...(e.code !== undefined ? { code: e.code } : {}) };
        port.postMessage({ id: req.id, error } satisfies WorkerReply);
      },
    );
  });
}
