import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ArgonError, CorruptionError, StorageError } from '@argon/core';
import type { LogCheckpointJob } from './log-checkpoint.js';
import type { WorkerReply, WorkerRequest } from './checkpoint-worker.js';

/** The checkpoint worker could not be started (or died); the caller may run the job itself. */
export class WorkerUnavailableError extends StorageError {
  override get name(): string {
    return 'WorkerUnavailableError';
  }
}

/**
 * Runs {@link LogCheckpointJob}s in one worker thread per process, shared
 * by every FileStore, so that building a checkpoint (reading the log,
 * copying documents, writing and fsyncing the file) leaves the event loop
 * to requests. The worker is started on first use, is unref'd while idle
 * (it never keeps the process alive), and is started again after it dies.
 */
class CheckpointWorkerHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: unknown) => void }>();

  run(job: LogCheckpointJob): Promise<void> {
    let w: Worker;
    try {
      w = this.worker ?? this.start();
    } catch (err) {
      return Promise.reject(new WorkerUnavailableError(`the checkpoint worker could not be started: ${(err as Error).message}`, err));
    }
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, job } satisfies WorkerRequest);
    });
  }

  private start(): Worker {
    const { url, code } = workerEntry();
    const w = code !== undefined ? new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`)) : new Worker(url);
    w.unref();
    w.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) w.unref();
      if (reply.error) p.reject(reviveError(reply.error));
      else p.resolve();
    });
    const lost = (err: Error) => {
      if (this.worker === w) this.worker = undefined;
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const p of pending) p.reject(new WorkerUnavailableError(`the checkpoint worker stopped: ${err.message}`, err));
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    this.worker = w;
    return w;
  }
}

/**
 * The worker's entry: the bundled `checkpoint-worker.mjs` next to this code
 * (the `argon` CLI), or else the TypeScript source, loaded through tsx's
 * loader registered inside the worker (development, tests and benchmarks
 * run the sources with tsx or vitest; a loader registered in the main
 * thread does not reach worker threads).
 */
function workerEntry(): { url: URL; code?: string } {
  const bundled = new URL('./checkpoint-worker.mjs', import.meta.url);
  if (bundled.protocol === 'file:' && existsSync(fileURLToPath(bundled))) return { url: bundled };
  const source = new URL('./checkpoint-worker.ts', import.meta.url);
  // A bundle installed without its worker file has no source beside it either: say which file is missing.
  if (source.protocol === 'file:' && !existsSync(fileURLToPath(source))) {
    throw new Error(`${fileURLToPath(bundled)} is missing (it is built beside argon.mjs by \`node scripts/build.mjs\`)`);
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  return { url: source, code: `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(source.href)});` };
}

function reviveError(e: NonNullable<WorkerReply['error']>): Error {
  if (e.name === 'CorruptionError') return new CorruptionError(e.message, e.file, e.offset);
  if (e.name === 'StorageError') return new StorageError(e.message, undefined, e.file !== undefined ? { file: e.file } : undefined);
  if (e.name === 'ArgonError') return new ArgonError(e.message);
  return Object.assign(new Error(e.message), e.code !== undefined ? { code: e.code } : {});
}

const host = new CheckpointWorkerHost();

/** Runs a checkpoint job in the process's checkpoint worker thread. */
export function runInCheckpointWorker(job: LogCheckpointJob): Promise<void> {
  return host.run(job);
}
