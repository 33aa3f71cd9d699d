import { colorEnabled, createColors, type Colors } from './color.js';
import type { ProgressStream } from './progress.js';

/** A stream the printer writes to. */
export interface OutStream extends ProgressStream {
  write(chunk: string): unknown;
}

/**
 * Everything a command prints. With `--json` a command prints exactly one
 * JSON document to stdout (its result, or `{error}`); without it, text for
 * people on stdout, and notes (resolved times, warnings) on stderr.
 */
export class Printer {
  /** Colours for stdout (off unless stdout is a terminal and NO_COLOR is unset). */
  readonly color: Colors;
  /** Colours for stderr. */
  readonly errColor: Colors;
  private printed = false;

  constructor(
    readonly json: boolean,
    readonly stdout: OutStream = process.stdout,
    readonly stderr: OutStream = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.color = createColors(!json && colorEnabled(stdout, env));
    this.errColor = createColors(colorEnabled(stderr, env));
  }

  /** True once a result was printed. */
  get done(): boolean {
    return this.printed;
  }

  /**
   * Prints a command's result: `value` as JSON with `--json`, else the text
   * that `human` renders. Call once per command.
   */
  result(value: unknown, human: (c: Colors) => string): void {
    if (this.printed) throw new Error('internal: a command printed two results');
    this.printed = true;
    if (this.json) {
      this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      return;
    }
    const text = human(this.color);
    if (text !== '') this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A note for people on stderr (suppressed with `--json`, whose result carries the same facts). */
  note(message: string): void {
    if (!this.json) this.stderr.write(`${message}\n`);
  }

  /** A warning on stderr, printed in every mode. */
  warn(message: string): void {
    this.stderr.write(`${this.errColor.yellow('warning:')} ${message}\n`);
  }

  /** Streams raw text to stdout (for `wal dump` and `time-travel query` in text mode). */
  write(text: string): void {
    this.stdout.write(text);
  }
}
