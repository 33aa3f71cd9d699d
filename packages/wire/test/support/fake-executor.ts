/**
 * A Map-backed CommandExecutor for the server tests. The real engine is wired
 * by the lead; this one implements just enough to observe what the server
 * delegates and how it maps replies and errors.
 */
import { Long } from 'bson';
import type { CommandContext, CommandExecutor } from '../../src/server/command-executor.js';

export interface ExecutedCommand {
  readonly dbName: string;
  readonly command: Record<string, unknown>;
  readonly ctx: CommandContext;
}

export class FakeExecutor implements CommandExecutor {
  readonly calls: ExecutedCommand[] = [];
  readonly closedConnections: number[] = [];
  readonly collections = new Map<string, Record<string, unknown>[]>();

  async execute(dbName: string, command: Record<string, unknown>, ctx: CommandContext): Promise<Record<string, unknown>> {
    this.calls.push({ dbName, command, ctx });
    const name = Object.keys(command)[0] ?? '';
    const value = command[name];
    switch (name) {
      case 'insert': {
        const ns = `${dbName}.${String(value)}`;
        const documents = (command['documents'] as Record<string, unknown>[] | undefined) ?? [];
        const stored = this.collections.get(ns) ?? [];
        stored.push(...documents);
        this.collections.set(ns, stored);
        return { n: documents.length, ok: 1 };
      }
      case 'find': {
        const ns = `${dbName}.${String(value)}`;
        return { cursor: { id: Long.fromNumber(0), ns, firstBatch: this.collections.get(ns) ?? [] }, ok: 1 };
      }
      case 'aggregate':
        return { cursor: { id: Long.fromNumber(0), ns: `${dbName}.${String(value)}`, firstBatch: [] }, ok: 1 };
      case 'echo':
        return { command, ok: 1 };
      case 'sleep': {
        await new Promise((resolve) => setTimeout(resolve, Number(command['ms'] ?? 0)));
        return { slept: command['tag'] ?? null, ok: 1 };
      }
      case 'huge':
        return { data: 'x'.repeat(Number(command['bytes'] ?? 0)), ok: 1 };
      case 'badKey':
        return { 'bad\0key': 1, ok: 1 };
      case 'boom':
        throw new Error('kaboom');
      case 'duplicate':
        throw Object.assign(new Error('E11000 duplicate key error collection: test.c index: _id_ dup key: { _id: 1 }'), {
          code: 11000,
          codeName: 'DuplicateKey',
          keyPattern: { _id: 1 },
          keyValue: { _id: 1 },
          errorLabels: ['NoWritesPerformed'],
        });
      default:
        throw Object.assign(new Error(`no such command: '${name}'`), { code: 59, codeName: 'CommandNotFound' });
    }
  }

  connectionClosed(connectionId: number): void {
    this.closedConnections.push(connectionId);
  }

  /** The executed commands with this name. */
  callsOf(name: string): ExecutedCommand[] {
    return this.calls.filter((call) => Object.keys(call.command)[0] === name);
  }
}
