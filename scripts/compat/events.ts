/**
 * Event observation for client entities (command monitoring and CMAP) and
 * the `expectEvents` assertions.
 */
import type { MongoClient } from 'mongodb';
import { isPlainDocument } from './bson-type.js';
import { AssertionFailure, RunnerError, SkipTest } from './errors.js';
import { assertMatches, show, type MatchContext } from './match.js';
import type { Doc, ExpectedEventsForClient } from './types.js';

/** An event as the runner keeps it: its unified-format name and the driver's event object. */
export interface ObservedEvent {
  /** Unified-format event name, e.g. `commandStartedEvent`. */
  readonly type: string;
  /** The driver's event object. */
  readonly event: Record<string, unknown>;
}

const COMMAND_EVENTS: Readonly<Record<string, string>> = {
  commandStarted: 'commandStartedEvent',
  commandSucceeded: 'commandSucceededEvent',
  commandFailed: 'commandFailedEvent',
};

const CMAP_EVENTS: Readonly<Record<string, string>> = {
  connectionPoolCreated: 'poolCreatedEvent',
  connectionPoolReady: 'poolReadyEvent',
  connectionPoolCleared: 'poolClearedEvent',
  connectionPoolClosed: 'poolClosedEvent',
  connectionCreated: 'connectionCreatedEvent',
  connectionReady: 'connectionReadyEvent',
  connectionClosed: 'connectionClosedEvent',
  connectionCheckOutStarted: 'connectionCheckOutStartedEvent',
  connectionCheckOutFailed: 'connectionCheckOutFailedEvent',
  connectionCheckedOut: 'connectionCheckedOutEvent',
  connectionCheckedIn: 'connectionCheckedInEvent',
};

/** Event names a client entity may observe through this runner. */
export const SUPPORTED_EVENT_NAMES: ReadonlySet<string> = new Set([...Object.values(COMMAND_EVENTS), ...Object.values(CMAP_EVENTS)]);

/** Commands whose monitoring events are hidden unless `observeSensitiveCommands` is set. */
const SENSITIVE_COMMANDS = new Set(['authenticate', 'saslstart', 'saslcontinue', 'getnonce', 'createuser', 'updateuser', 'copydbgetnonce', 'copydbsaslstart', 'copydb']);

/** A command the client sent and what came back, kept for failure reports. */
export interface TracedCommand {
  readonly requestId: unknown;
  readonly commandName: string;
  readonly databaseName: string;
  readonly command: unknown;
  reply?: unknown;
  failure?: string;
}

const TRACE_LENGTH = 8;

/** Options of an {@link EventRecorder}, from the client entity description. */
export interface RecorderOptions {
  readonly observeEvents: readonly string[];
  readonly ignoreCommandMonitoringEvents: readonly string[];
  readonly observeSensitiveCommands: boolean;
}

/**
 * Records the events of one client entity from its creation until
 * {@link EventRecorder.stop}, and counts checked-out connections throughout.
 */
export class EventRecorder {
  /** Recorded command-monitoring events (already filtered). */
  readonly commandEvents: ObservedEvent[] = [];
  /** Recorded CMAP events (already filtered). */
  readonly cmapEvents: ObservedEvent[] = [];
  /** Every `commandStarted` event seen, for the lsid assertions. */
  readonly startedCommands: Record<string, unknown>[] = [];
  /** The last few commands sent (observed or not) with their replies, for failure reports. */
  readonly trace: TracedCommand[] = [];
  private readonly traceByRequest = new Map<unknown, TracedCommand>();
  private checkedOut = 0;
  private recording = true;
  private readonly ignoredRequests = new Set<unknown>();
  private readonly ignored: Set<string>;
  private readonly observed: Set<string>;

  constructor(client: MongoClient, private readonly opts: RecorderOptions) {
    this.observed = new Set(opts.observeEvents);
    this.ignored = new Set(opts.ignoreCommandMonitoringEvents.map((c) => c.toLowerCase()));
    for (const [driverName, unifiedName] of Object.entries(COMMAND_EVENTS)) {
      client.on(driverName as 'commandStarted', (ev: unknown) => this.onCommand(unifiedName, ev as Record<string, unknown>));
    }
    for (const [driverName, unifiedName] of Object.entries(CMAP_EVENTS)) {
      client.on(driverName as 'connectionCreated', (ev: unknown) => this.onCmap(unifiedName, ev as Record<string, unknown>));
    }
  }

  /** Connections currently checked out of the client's pool. */
  get connectionsCheckedOut(): number {
    return this.checkedOut;
  }

  /** Stops recording (events after the test's operations are not asserted). */
  stop(): void {
    this.recording = false;
  }

  /** The recorded events of one kind (`command` or `cmap`). */
  eventsOf(kind: 'command' | 'cmap'): readonly ObservedEvent[] {
    return kind === 'command' ? this.commandEvents : this.cmapEvents;
  }

  private onCommand(type: string, ev: Record<string, unknown>): void {
    if (!this.recording) return;
    this.traceCommand(type, ev);
    const name = String(ev.commandName ?? '').toLowerCase();
    if (type === 'commandStartedEvent') {
      if (this.isHidden(name, ev.command)) {
        this.ignoredRequests.add(ev.requestId);
        return;
      }
      this.startedCommands.push(ev);
    } else if (this.ignoredRequests.has(ev.requestId) || this.isHidden(name, type === 'commandSucceededEvent' ? ev.reply : undefined)) {
      return;
    }
    if (this.observed.has(type)) this.commandEvents.push({ type, event: ev });
  }

  private traceCommand(type: string, ev: Record<string, unknown>): void {
    if (type === 'commandStartedEvent') {
      const t: TracedCommand = { requestId: ev.requestId, commandName: String(ev.commandName), databaseName: String(ev.databaseName), command: ev.command };
      this.trace.push(t);
      this.traceByRequest.set(ev.requestId, t);
      if (this.trace.length > TRACE_LENGTH) this.traceByRequest.delete(this.trace.shift()?.requestId);
      return;
    }
    const t = this.traceByRequest.get(ev.requestId);
    if (!t) return;
    if (type === 'commandSucceededEvent') t.reply = ev.reply;
    else t.failure = ev.failure instanceof Error ? ev.failure.message : String(ev.failure);
  }

  private isHidden(lowerName: string, body: unknown): boolean {
    if (lowerName === 'configurefailpoint' || this.ignored.has(lowerName)) return true;
    if (this.opts.observeSensitiveCommands) return false;
    if (SENSITIVE_COMMANDS.has(lowerName)) return true;
    // hello / legacy hello are sensitive when they carry speculativeAuthenticate;
    // the driver then redacts them to empty documents.
    if (lowerName === 'hello' || lowerName === 'ismaster') return isPlainDocument(body) && Object.keys(body).length === 0;
    return false;
  }

  private onCmap(type: string, ev: Record<string, unknown>): void {
    if (type === 'connectionCheckedOutEvent') this.checkedOut++;
    else if (type === 'connectionCheckedInEvent') this.checkedOut--;
    if (this.recording && this.observed.has(type)) this.cmapEvents.push({ type, event: ev });
  }
}

/** The single key of an expected event (`{ commandStartedEvent: {...} }`) and its assertions. */
export function expectedEventParts(expected: Readonly<Record<string, Doc>>): { readonly type: string; readonly fields: Doc } {
  const keys = Object.keys(expected);
  if (keys.length !== 1) throw new RunnerError(`an expected event must have exactly one key, got ${keys.join(', ')}`);
  const type = keys[0] as string;
  return { type, fields: expected[type] ?? {} };
}

/** Why an observed event does not match an expected event, or undefined when it does. */
export function eventMismatch(expected: Readonly<Record<string, Doc>>, observed: ObservedEvent, ctx: MatchContext): string | undefined {
  const { type, fields } = expectedEventParts(expected);
  if (observed.type !== type) return `expected ${type}, got ${observed.type} (${describeEvent(observed)})`;
  const ev = observed.event;
  for (const [key, want] of Object.entries(fields)) {
    switch (key) {
      case 'command':
      case 'reply':
        try {
          assertMatches(want, ev[key], ctx, { root: true });
        } catch (err) {
          if (err instanceof AssertionFailure) return `${type} ${String(ev.commandName)} ${key} ${err.message}`;
          throw err;
        }
        break;
      case 'commandName':
      case 'databaseName':
        if (ev[key] !== want) return `${type}.${key}: expected ${show(want)}, got ${show(ev[key])}`;
        break;
      case 'hasServiceId':
        if ((ev.serviceId != null) !== want) return `${type}: expected hasServiceId ${String(want)}`;
        break;
      case 'hasServerConnectionId':
        if ((ev.serverConnectionId != null) !== want) return `${type}: expected hasServerConnectionId ${String(want)}, got ${show(ev.serverConnectionId)}`;
        break;
      case 'reason':
        if (ev.reason !== want) return `${type}.reason: expected ${show(want)}, got ${show(ev.reason)}`;
        break;
      case 'interruptInUseConnections':
        if (Boolean(ev.interruptInUseConnections) !== want) return `${type}.interruptInUseConnections: expected ${String(want)}`;
        break;
      default:
        throw new SkipTest(`unsupported event assertion ${type}.${key}`);
    }
  }
  return undefined;
}

/**
 * Asserts one `expectEvents` entry against what a client recorded:
 * same number (unless `ignoreExtraEvents`) and same sequence.
 */
export function assertEventsForClient(expected: ExpectedEventsForClient, recorder: EventRecorder, ctx: MatchContext): void {
  const kind = expected.eventType ?? 'command';
  if (kind !== 'command' && kind !== 'cmap') throw new SkipTest(`${kind} event assertions unsupported`);
  const actual = recorder.eventsOf(kind);
  const want = expected.events;
  const tooFew = actual.length < want.length;
  const tooMany = actual.length > want.length && !expected.ignoreExtraEvents;
  for (let i = 0; i < Math.min(want.length, actual.length); i++) {
    const why = eventMismatch(want[i] as Readonly<Record<string, Doc>>, actual[i] as ObservedEvent, ctx);
    if (why !== undefined) throw new AssertionFailure(`event ${i} for ${expected.client}: ${why}`);
  }
  if (tooFew || tooMany) {
    throw new AssertionFailure(
      `expected ${want.length} ${kind} event(s) for ${expected.client}, got ${actual.length}: ${actual.map(describeEvent).join(', ')}`,
    );
  }
}

/** A short label for an observed event, e.g. `commandStartedEvent(find)`. */
export function describeEvent(e: ObservedEvent): string {
  const name = e.event.commandName;
  return typeof name === 'string' ? `${e.type}(${name})` : e.type;
}
