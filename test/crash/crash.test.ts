/**
 * Crash test of the durable embedded store ("Durable embedded storage"):
 * a child process (crash-writer.ts) writes under concurrent load through
 * `ArgonClient('file:<dir>')` in `sync` mode and is SIGKILLed at a random
 * moment; the test then reopens the directory and checks that
 * - every acknowledged write is there with its acknowledged post-image, and
 *   an operation cut short by the kill is either entirely absent or present
 *   exactly as the operation would have left the document;
 * - every acknowledged branch creation, reset and deletion is there (branch
 *   list, parents, fork points, heads, reset records);
 * - every branch's documents equal the reference model (reference-model.ts),
 *   at its head and, through time travel, at a few past LSNs;
 * - nothing unknown is in the log (the project's LSN is the model's), and LSNs
 *   handed out before a crash are never handed out again;
 * - `verifyDataDir` finds no damage (a torn tail is allowed before recovery).
 *
 * Two schedules:
 * - fresh: one new directory per seed, killed once after the first
 *   acknowledgement, reopened writable by the test. Every other seed also
 *   simulates a power loss on top of the kill: the log's unacknowledged tail is
 *   cut or zero-filled at a random byte, so recovery meets a real torn tail
 *   (a SIGKILL alone almost never tears a write);
 * - one directory killed round after round, each writer continuing from the
 *   state it finds. Between rounds the test mostly checks through a read-only
 *   client, which changes nothing on disk, so the next writer itself recovers
 *   the crashed directory (recovery of a recovery); every third round the test
 *   reopens it writable instead (a recovery followed by a clean shutdown and a
 *   final checkpoint), and every fourth round the writer is killed while it
 *   opens the directory (after a round whose tail a power loss tore).
 * Some seeds and rounds run the writer's `tight` store (16 KiB segments, no
 * retention, one checkpoint kept), so kills also land while segments are
 * rotated and old ones deleted. A self-test runs the writer over a store that
 * acknowledges appends before writing them and expects the checker to object.
 *
 * The checks do not depend on timing: where the kill lands only changes which
 * operations are acknowledged and which are in flight, and the checker accepts
 * exactly the outcomes those allow. A seed fixes the writer's choices and the
 * kill delay, not the interleaving of its concurrent workers; rerun a failing
 * seed with ARGON_CRASH_SEED (see below) a few times to reproduce it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgonClient } from '@argon/driver';
import { FileStore, dumpSegment, verifyDataDir } from '@argon/storage-file';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, PROJECT, dbOf, prng, randInt, type AckLine, type Doc, type IntentLine, type WriterLine } from './crash-protocol.js';
import { collectionOf, docText, pastPoints, replay, type ModelEvent } from './reference-model.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const WRITER = join(HERE, 'crash-writer.ts');
/** A writer never runs longer than this, even if the test fails to kill it. */
const WRITER_MAX_MS = 20_000;

/**
 * Which schedules run. By default 10 fresh seeds and 12 rounds on one directory.
 * - ARGON_CRASH_SEED=<n>: only the fresh schedule with seed n (to reproduce a failure);
 * - ARGON_CRASH_SEED=rounds:<n>: only the one-directory schedule with seed n;
 * - ARGON_CRASH_SEED=<a>-<b>: only fresh seeds a..b (a longer soak).
 */
const seedOverride = process.env.ARGON_CRASH_SEED;
const range = /^(\d+)-(\d+)$/.exec(seedOverride ?? '');
const roundsOnly = /^rounds:(\d+)$/.exec(seedOverride ?? '');
const FRESH_SEEDS = roundsOnly
  ? []
  : range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : seedOverride
      ? [Number(seedOverride)]
      : Array.from({ length: 10 }, (_, i) => 1001 + i);
const ROUNDS = seedOverride && !roundsOnly ? 0 : 12;
const CONTINUATION_SEED = roundsOnly ? Number(roundsOnly[1]) : 2001;

/** The writer's store settings (see `openClient` in crash-writer.ts): `tight` rotates segments and deletes old ones all the time. */
type Profile = 'default' | 'tight';

/** When the test kills the writer. */
type KillPlan = { readonly afterFirstAckMs: number } | { readonly afterOpeningMs: number };

interface WriterRun {
  readonly lines: WriterLine[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly killed: boolean;
  readonly stderr: string;
}

/** Runs the writer on `dir` and SIGKILLs it as planned; resolves when it is gone. */
function runWriter(dir: string, seed: number, round: number, seqBase: number, plan: KillPlan, profile: Profile, env: Record<string, string> = {}): Promise<WriterRun> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(seed), String(round), String(seqBase), String(WRITER_MAX_MS), profile], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const lines: WriterLine[] = [];
    let buffered = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let killed = false;
    const killLater = (ms: number): void => {
      timer ??= setTimeout(() => {
        killed = child.kill('SIGKILL');
      }, ms);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, nl)) as WriterLine;
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        if (line.t === 'opening' && 'afterOpeningMs' in plan) killLater(plan.afterOpeningMs);
        if (line.t === 'ack' && 'afterFirstAckMs' in plan) killLater(plan.afterFirstAckMs);
        // An unexpected outcome in the writer: no point in waiting for the kill.
        if (line.t === 'error') killLater(0);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', failed);
    // 'close' comes after both pipes drained: every line the writer wrote has been read.
    // A partial last line (none is expected: lines are single write(2)s) is left out, as never written.
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ lines, code, signal, killed, stderr });
    });
  });
}

/** Creates the project and its collections, so no writer creates a collection implicitly. Returns main's head. */
async function setUp(dir: string): Promise<number> {
  const client = new ArgonClient(`file:${dir}`);
  try {
    for (const c of COLLECTIONS) await client.db(PROJECT).createCollection(c);
    return (await client.status(PROJECT)).headLsn;
  } finally {
    await client.close();
  }
}

/**
 * Simulates a power loss on top of the kill: bytes the OS had not yet put on
 * disk are lost or read back as zeros. Only bytes after the end of the newest
 * acknowledged entry may be lost (in `sync` mode everything up to there was
 * fsynced before it was acknowledged), so the newest segment is cut, or
 * zero-filled, from a random point after that end. Returns what it did.
 */
async function damageTail(dir: string, ackedLsn: number, rand: () => number): Promise<string> {
  const walDir = join(dir, 'wal');
  const segments = (await readdir(walDir)).filter((f) => f.endsWith('.seg')).sort();
  const file = join(walDir, segments.at(-1)!);
  const size = (await stat(file)).size;
  const entries: Array<{ offset: number; lsn: number }> = [];
  for await (const line of dumpSegment(file)) {
    const m = /^offset=(\d+) lsn=(\d+) /.exec(line);
    if (m) entries.push({ offset: Number(m[1]), lsn: Number(m[2]) });
  }
  // The segment's header (32 bytes) was fsynced when the segment was created.
  let floor = 32;
  for (let i = 0; i < entries.length; i++) if (entries[i]!.lsn <= ackedLsn) floor = entries[i + 1]?.offset ?? size;
  // A kill while the segment was being started can leave it shorter than its header.
  if (size <= floor) return `power loss: nothing unacknowledged at the end of ${segments.at(-1)} (${size} bytes)`;
  const cut = floor + Math.floor(rand() * (size - floor + 1));
  const zero = rand() < 0.5;
  if (zero) {
    const fh = await open(file, 'r+');
    try {
      await fh.write(Buffer.alloc(size - cut), 0, size - cut, cut);
    } finally {
      await fh.close();
    }
  } else await truncate(file, cut);
  return `power loss: ${size - cut} of the ${size - floor} unacknowledged tail bytes of ${segments.at(-1)} ${zero ? 'zeroed' : 'cut'}`;
}

/** Everything the test knows about one directory, across rounds. */
interface History {
  readonly setupLsn: number;
  /** Acknowledged operations and recovered in-flight ones, as model events. */
  readonly events: ModelEvent[];
  /** Highest LSN known after the last check: no later write may get one at or below it. */
  maxKnownLsn: number;
}

interface RoundVerdict {
  readonly problems: string[];
  readonly summary: string;
}

/** Builds model events from the acknowledged operations of one writer run; returns the in-flight intents. */
function acknowledged(run: WriterRun, problems: string[]): { events: ModelEvent[]; inFlight: IntentLine[]; acked: number } {
  const intents = new Map<number, IntentLine>();
  const events: ModelEvent[] = [];
  let acked = 0;
  for (const line of run.lines) {
    if (line.t === 'intent') intents.set(line.seq, line);
    else if (line.t === 'error') problems.push(`writer reported: ${line.message}${line.seq !== undefined ? ` (seq ${line.seq})` : ''}`);
    else if (line.t === 'ack') {
      const intent = intents.get(line.seq);
      if (!intent) {
        problems.push(`ack of seq ${line.seq} without an intent`);
        continue;
      }
      intents.delete(line.seq);
      acked++;
      events.push(...eventsOf(intent, line));
    }
  }
  return { events, inFlight: [...intents.values()], acked };
}

function eventsOf(intent: IntentLine, ack: AckLine): ModelEvent[] {
  if (intent.kind === 'drop' && ack.kind === 'drop') return [{ kind: 'drop', seq: intent.seq, name: intent.name, recovered: false }];
  if (intent.kind === 'write' && ack.kind === 'write') {
    return ack.results.map((r) => ({ kind: 'write', seq: intent.seq, branch: intent.branch, coll: intent.coll, id: r.id, lsn: r.lsn, write: intent.write, after: r.after, recovered: false }));
  }
  if (intent.kind === 'create' && ack.kind === 'create') return [{ kind: 'fork', seq: intent.seq, name: intent.name, from: intent.from, baseLsn: ack.baseLsn, recovered: false }];
  if (intent.kind === 'reset' && ack.kind === 'reset') {
    const out: ModelEvent[] = [{ kind: 'reset', seq: intent.seq, branch: intent.branch, atLsn: ack.atLsn, toLsn: ack.toLsn, ...(intent.backup ? { backup: intent.backup } : {}), recovered: false }];
    if (intent.backup !== undefined && ack.backupBase !== undefined) out.push({ kind: 'fork', seq: intent.seq, name: intent.backup, from: intent.branch, baseLsn: ack.backupBase, recovered: false });
    return out;
  }
  throw new Error(`ack of seq ${intent.seq} is a ${ack.kind}, the intent a ${intent.kind}`);
}

/** The LSN an event names (0 for a deletion, which has none). */
function lsnsOf(e: ModelEvent): number {
  return e.kind === 'write' ? e.lsn : e.kind === 'reset' ? e.atLsn : e.kind === 'fork' ? e.baseLsn : 0;
}

/**
 * Reopens the directory after a kill and checks it against the model.
 * In-flight operations are resolved from the recovered state: a document
 * version with an LSN no acknowledged write has can only be the in-flight
 * operation of that document (one per document at most), and must be what
 * that operation writes; a branch or reset record nobody acknowledged can
 * only be the in-flight admin operation.
 */
async function checkAfterCrash(dir: string, hist: History, run: WriterRun, label: string, opts: { readOnly: boolean; powerLoss?: () => number }): Promise<RoundVerdict> {
  const problems: string[] = [];
  if (run.code !== null && run.signal === null && !run.lines.some((l) => l.t === 'done')) problems.push(`writer exited with code ${run.code} before the kill: ${run.stderr.trim().slice(-2000)}`);
  const { events: ackedEvents, inFlight, acked } = acknowledged(run, problems);
  const counts = { write: 0, fork: 0, reset: 0, drop: 0 };
  for (const e of ackedEvents) counts[e.kind]++;
  let damage = '';
  if (opts.powerLoss) {
    const ackedLsn = Math.max(hist.maxKnownLsn, ...ackedEvents.filter((e) => e.kind === 'write').map(lsnsOf));
    damage = `; ${await damageTail(dir, ackedLsn, opts.powerLoss)}`;
  }

  // No LSN handed out before the crash (or before the last check) is handed out again.
  for (const e of ackedEvents) {
    if ((e.kind === 'write' || e.kind === 'reset') && lsnsOf(e) <= hist.maxKnownLsn) problems.push(`${e.kind} seq ${e.seq} got LSN ${lsnsOf(e)}, not above ${hist.maxKnownLsn} known before this run (LSN reused after a crash?)`);
  }

  const pre = await verifyDataDir(dir);
  const torn = pre.problems.filter((p) => p.severity === 'torn-tail').length;
  for (const p of pre.problems) if (p.severity === 'corrupt') problems.push(`verify before reopening: ${p.file}@${p.offset}: ${p.message}`);

  const client = opts.readOnly ? new ArgonClient(`file:${dir}`, { storage: new FileStore({ dir, readOnly: true }) }) : new ArgonClient(`file:${dir}`);
  let recoveryMessages: readonly string[] = [];
  let recoveryFacts = '';
  let present = 0;
  try {
    await client.connect();
    const rec = (await client.engine()).recovery;
    recoveryMessages = rec.messages;
    recoveryFacts = `checkpoint ${rec.checkpointLsn ?? 'none'}, ${rec.entriesScanned} entries replayed, ${rec.truncatedBytes} bytes truncated`;
    const events = [...hist.events, ...ackedEvents];
    const knownWriteLsns = new Set(events.filter((e) => e.kind === 'write').map((e) => (e as { lsn: number }).lsn));
    const knownResets = new Set(events.filter((e) => e.kind === 'reset').map((e) => (e as { atLsn: number }).atLsn));
    const knownBranches = new Set(['main', ...events.filter((e) => e.kind === 'fork').map((e) => (e as { name: string }).name)]);
    // The engine's branch list: the client's command reply leaves out reset records.
    const recovered = new Map((await (await client.engine()).listBranches(PROJECT)).map((b) => [b.name, b]));
    const listed = (await client.listBranches(PROJECT)).map((b) => b.name).sort();
    if (docText(listed) !== docText([...recovered.keys()].sort())) problems.push(`listBranches lists ${listed.join(',')}, the engine ${[...recovered.keys()].sort().join(',')}`);

    for (const intent of inFlight) {
      if (intent.kind === 'write') {
        for (const id of intent.keys) {
          const { versions } = await client.history(dbOf(intent.branch), intent.coll, id);
          const unknown = versions.filter((v) => !knownWriteLsns.has(v.lsn));
          if (unknown.length === 0) continue;
          const v = unknown[0]!;
          const ok = unknown.length === 1 && (intent.write.op === 'delete' ? v.op === 'delete' && v.doc === null : v.doc !== null && Number(v.doc.s) === intent.s);
          if (!ok) {
            problems.push(`${intent.branch}.${intent.coll} ${id}: versions ${docText(unknown)} are not acknowledged and are not the in-flight ${intent.write.op} seq ${intent.seq}`);
            continue;
          }
          present++;
          events.push({ kind: 'write', seq: intent.seq, branch: intent.branch, coll: intent.coll, id, lsn: v.lsn, write: intent.write, after: undefined, recovered: true });
        }
      } else if (intent.kind === 'create') {
        const b = recovered.get(intent.name);
        if (!b) continue;
        present++;
        if (b.parent !== intent.from || (intent.lsn !== undefined && b.baseLsn !== intent.lsn)) problems.push(`in-flight creation of ${intent.name} from ${intent.from}${intent.lsn !== undefined ? ` at ${intent.lsn}` : ''} recovered as ${docText(b)}`);
        events.push({ kind: 'fork', seq: intent.seq, name: intent.name, from: intent.from, baseLsn: b.baseLsn, recovered: true });
      } else if (intent.kind === 'drop') {
        if (recovered.has(intent.name)) continue;
        present++;
        events.push({ kind: 'drop', seq: intent.seq, name: intent.name, recovered: true });
      } else {
        const b = recovered.get(intent.branch);
        const unknown = (b?.resets ?? []).filter((r) => !knownResets.has(r.atLsn));
        const backup = intent.backup !== undefined ? recovered.get(intent.backup) : undefined;
        if (unknown.length > 1 || (unknown.length === 1 && unknown[0]!.toLsn !== intent.to)) problems.push(`${intent.branch}: reset records ${docText(unknown)} are not acknowledged and are not the in-flight reset to ${intent.to}`);
        if (unknown.length === 1 && intent.backup !== undefined && !backup) problems.push(`the in-flight reset of ${intent.branch} is recovered but its backup branch ${intent.backup} (saved before the reset) is not`);
        if (backup) {
          present++;
          if (backup.parent !== intent.branch) problems.push(`in-flight backup ${intent.backup} recovered with parent ${backup.parent}`);
          events.push({ kind: 'fork', seq: intent.seq, name: intent.backup!, from: intent.branch, baseLsn: backup.baseLsn, recovered: true });
        }
        if (unknown.length === 1) {
          present++;
          events.push({ kind: 'reset', seq: intent.seq, branch: intent.branch, atLsn: unknown[0]!.atLsn, toLsn: unknown[0]!.toLsn, ...(intent.backup ? { backup: intent.backup } : {}), recovered: true });
        }
      }
    }
    for (const name of recovered.keys()) if (!knownBranches.has(name) && !events.some((e) => e.kind === 'fork' && e.name === name)) problems.push(`recovered branch ${name} was never created`);

    const model = replay(events, hist.setupLsn);
    problems.push(...model.problems);

    // Branches: names, parents, fork points, heads, resets; deleted ones stay listed as deleted.
    const all = new Map((await (await client.engine()).listBranches(PROJECT, { includeDeleted: true })).map((b) => [b.name, b]));
    for (const mb of model.branches.values()) if (mb.deleted && all.get(mb.name)?.deleted !== true) problems.push(`deleted branch ${mb.name} is ${docText(all.get(mb.name) ?? 'not listed')} with includeDeleted`);
    const modelNames = [...model.branches.values()].filter((b) => !b.deleted).map((b) => b.name).sort();
    const gotNames = [...recovered.keys()].sort();
    if (docText(modelNames) !== docText(gotNames)) problems.push(`branches: recovered ${gotNames.join(',')}, the model has ${modelNames.join(',')}`);
    for (const [name, mb] of model.branches) {
      const b = recovered.get(name);
      if (!b || mb.deleted) continue;
      const want = { parent: mb.parent?.name ?? null, baseLsn: mb.baseLsn, headLsn: mb.head, resets: mb.resets };
      const got = { parent: b.parent, baseLsn: b.baseLsn, headLsn: b.headLsn, resets: (b.resets ?? []).map((r) => ({ atLsn: r.atLsn, toLsn: r.toLsn, ...(r.backup ? { backup: r.backup } : {}) })) };
      if (docText(want) !== docText(got)) problems.push(`branch ${name}: recovered ${docText(got)}, the model has ${docText(want)}`);
      // Documents at the head, and at a few past points (time travel reads the recovered version history).
      const views: Array<{ db: string; state: Map<string, Doc> }> = [{ db: dbOf(name), state: mb.current }];
      for (const lsn of pastPoints(mb)) if (lsn <= b.headLsn) views.push({ db: `${PROJECT}@${name}@${lsn}`, state: mb.stateAt(lsn) });
      for (const view of views) {
        for (const coll of COLLECTIONS) {
          const docs = await client.db(view.db).collection<Doc>(coll).find({}).toArray();
          const want = collectionOf(mb, coll, view.state);
          const seen = new Set<number>();
          for (const d of docs) {
            seen.add(d._id);
            const m = want.get(d._id);
            if (!m) problems.push(`${view.db}.${coll}: ${docText(d)} is not in the model`);
            else if (docText(m) !== docText(d)) problems.push(`${view.db}.${coll} ${d._id}: recovered ${docText(d)}, the model has ${docText(m)}`);
          }
          for (const [id, m] of want) if (!seen.has(id)) problems.push(`${view.db}.${coll}: ${docText(m)} is missing`);
        }
      }
    }

    // Nothing unknown in the log: the project's LSN is the newest LSN the model knows.
    const modelMax = Math.max(hist.setupLsn, ...events.filter((e) => e.kind !== 'fork').map(lsnsOf));
    const { projectLsn } = await client.status(PROJECT);
    if (projectLsn !== modelMax) problems.push(`project LSN ${projectLsn}, the newest LSN of the model ${modelMax}`);

    hist.events.splice(0, hist.events.length, ...events);
    hist.maxKnownLsn = Math.max(hist.maxKnownLsn, modelMax, ...events.map(lsnsOf), ...[...recovered.values()].map((b) => b.headLsn));
  } catch (err) {
    problems.push(`reopening and checking failed: ${(err as Error).stack ?? String(err)}`);
  } finally {
    await client.close();
  }

  const post = await verifyDataDir(dir);
  if (!post.ok) problems.push(`verify after the check: ${post.problems.map((p) => `${p.file}@${p.offset} ${p.severity}: ${p.message}`).join('; ')}`);
  const messages = recoveryMessages.filter((m) => !m.startsWith('opened ')).map((m) => m.replace(dir, '<dir>'));
  const writerReady = run.lines.find((l) => l.t === 'ready');
  const writerMessages = writerReady && writerReady.t === 'ready' ? writerReady.messages.filter((m) => !m.startsWith('opened ')).map((m) => m.replace(dir, '<dir>')) : [];
  const summary =
    `${label}: acked ${acked} ops (${counts.write} document writes, ${counts.fork} forks, ${counts.reset} resets, ${counts.drop} deletions), ` +
    `in flight ${inFlight.length} (${present} documents/branches/resets found done), ` +
    `${run.killed ? (writerReady ? 'killed' : 'killed before the store was ready') : `exited ${run.code ?? run.signal}`}${damage}; ` +
    `torn tails before reopen ${torn}; recovery: ${recoveryFacts}; ${messages.length ? messages.join(' | ') : 'no repair messages'}` +
    `${writerMessages.length ? `; the writer's own recovery: ${writerMessages.join(' | ')}` : ''}` +
    `${problems.length ? ` — ${problems.length} PROBLEM(S)` : ''}`;
  return { problems, summary };
}

function report(v: RoundVerdict): void {
  console.log(v.summary);
  for (const p of v.problems.slice(0, 30)) console.log(`  problem: ${p}`);
}

describe('crash test: SIGKILL during concurrent writes, branch creations and resets', () => {
  for (const seed of FRESH_SEEDS) {
    it(`fresh directory, seed ${seed}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'argon-crash-'));
      try {
        const setupLsn = await setUp(dir);
        const hist: History = { setupLsn, events: [], maxKnownLsn: setupLsn };
        const rand = prng(seed);
        const delay = randInt(rand, 150, 900);
        // Every other seed also loses the unacknowledged tail of the log, as a power loss would.
        const powerLoss = seed % 2 === 0;
        const profile: Profile = seed % 3 === 0 ? 'tight' : 'default';
        const run = await runWriter(dir, seed, 0, 0, { afterFirstAckMs: delay }, profile);
        const verdict = await checkAfterCrash(dir, hist, run, `seed ${seed} (fresh, ${profile} store, kill ${delay} ms after the first ack)`, { readOnly: false, ...(powerLoss ? { powerLoss: rand } : {}) });
        report(verdict);
        expect(verdict.problems, `seed ${seed}; reproduce with ARGON_CRASH_SEED=${seed}`).toEqual([]);
        expect(run.lines.some((l) => l.t === 'ack'), `seed ${seed}: the writer acknowledged nothing`).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('self-test: the checker reports a store that acknowledges writes before making them durable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'argon-crash-sabotage-'));
    try {
      const setupLsn = await setUp(dir);
      const hist: History = { setupLsn, events: [], maxKnownLsn: setupLsn };
      const run = await runWriter(dir, 4242, 0, 0, { afterFirstAckMs: 400 }, 'default', { ARGON_CRASH_SABOTAGE: 'ack-before-write' });
      const verdict = await checkAfterCrash(dir, hist, run, 'self-test (appends acknowledged 150 ms before they are written)', { readOnly: false });
      console.log(verdict.summary);
      for (const p of verdict.problems.slice(0, 3)) console.log(`  expected problem: ${p}`);
      expect(verdict.problems.some((p) => / is missing$|recovered .*the model has|not in the model/.test(p)), 'the checker missed lost acknowledged writes').toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // Reproducing one fresh seed runs only that seed (said on the console, not a silent skip).
  if (ROUNDS === 0) console.log(`ARGON_CRASH_SEED=${seedOverride}: running those fresh seeds only, not the one-directory schedule`);
  else it(`one directory killed ${ROUNDS} times in a row, seed ${CONTINUATION_SEED}`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'argon-crash-again-'));
    try {
      const setupLsn = await setUp(dir);
      const hist: History = { setupLsn, events: [], maxKnownLsn: setupLsn };
      const rand = prng(CONTINUATION_SEED);
      let total = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        const seed = CONTINUATION_SEED * 100 + round;
        const duringOpen = round % 4 === 0;
        const plan: KillPlan = duringOpen ? { afterOpeningMs: randInt(rand, 0, 60) } : { afterFirstAckMs: randInt(rand, 150, 900) };
        const readOnly = round % 3 !== 0 && round !== ROUNDS;
        const profile: Profile = round % 2 === 1 ? 'tight' : 'default';
        const run = await runWriter(dir, seed, round, round * 1_000_000, plan, profile);
        const when = 'afterOpeningMs' in plan ? `${plan.afterOpeningMs} ms into opening` : `${plan.afterFirstAckMs} ms after the first ack`;
        // Before each round killed while opening, a power loss leaves a torn tail for that writer to repair.
        const powerLoss = round % 4 === 3;
        const verdict = await checkAfterCrash(dir, hist, run, `round ${round} seed ${seed} (${profile} store, kill ${when}; checked ${readOnly ? 'read-only' : 'writable'})`, { readOnly, ...(powerLoss ? { powerLoss: rand } : {}) });
        report(verdict);
        expect(verdict.problems, `round ${round}, seed ${seed}; reproduce with ARGON_CRASH_SEED=rounds:${CONTINUATION_SEED}`).toEqual([]);
        total += run.lines.filter((l) => l.t === 'ack').length;
      }
      console.log(`one directory: ${ROUNDS} kills, ${total} acknowledged operations, ${hist.events.length} model events`);
      expect(total, 'the rounds acknowledged nothing').toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
