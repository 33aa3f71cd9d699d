/** A pending change to a published value. */
interface Change<T> {
  readonly apply: (value: T) => T;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Holds a value that is published (written durably) on every change, with
 * group commit: changes made while a publish is in flight are applied
 * together and go out in the next single publish. `value` is always the last
 * published (durable) value; a failed publish rejects the changes it carried
 * and leaves `value` unchanged.
 */
export class CoalescingPublisher<T> {
  private pending: Change<T>[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private current: T,
    private readonly publish: (value: T) => Promise<void>,
  ) {}

  /** The last durably published value. */
  get value(): T {
    return this.current;
  }

  /** Applies `apply` to the value and resolves once the result is durable. */
  update(apply: (value: T) => T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ apply, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves when nothing is being published. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        let next = this.current;
        const applied: Change<T>[] = [];
        for (const change of batch) {
          try {
            next = change.apply(next);
            applied.push(change);
          } catch (err) {
            change.reject(err);
          }
        }
        if (applied.length === 0) continue;
        try {
          await this.publish(next);
          this.current = next;
          for (const c of applied) c.resolve();
        } catch (err) {
          for (const c of applied) c.reject(err);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
