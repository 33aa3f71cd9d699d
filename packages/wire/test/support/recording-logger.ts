/** A WireLogger that keeps every entry, so tests can assert what was logged. */
import type { WireLogger } from '../../src/server/logger.js';

export interface LogEntry {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

export class RecordingLogger implements WireLogger {
  readonly entries: LogEntry[] = [];
  readonly error = this.method('error');
  readonly warn = this.method('warn');
  readonly info = this.method('info');
  readonly debug = this.method('debug');

  /** Entries at `level` whose message contains `text`. */
  find(level: LogEntry['level'], text: string): LogEntry[] {
    return this.entries.filter((entry) => entry.level === level && entry.message.includes(text));
  }

  private method(level: LogEntry['level']) {
    return (fieldsOrMessage: Record<string, unknown> | string, message?: string): void => {
      if (typeof fieldsOrMessage === 'string') this.entries.push({ level, fields: {}, message: fieldsOrMessage });
      else this.entries.push({ level, fields: fieldsOrMessage, message: message ?? '' });
    };
  }
}
