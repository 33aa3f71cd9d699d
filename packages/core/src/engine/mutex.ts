/**
 * A FIFO async mutex. The engine serializes the resolve-and-apply step of
 * writes per project (so filters see every earlier write), while the wait for
 * durability happens outside the lock so concurrent writers share fsyncs.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` when every earlier holder has finished. */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
