/**
 * The child process of the crash test. It opens the embedded durable store
 * (`file:` connection string, `sync` durability: a write resolves only after
 * the fsync covering it) and writes under concurrent load until it is
 * SIGKILLed (or `maxMs` elapses):
 * - WORKERS data workers at once (so group commit batches several appends),
 *   each inserting, updating ($set/$inc, one or many documents), replacing
 *   and deleting the documents it owns, on `main` and on branches;
 * - one admin worker creating branches (at the head, or at an earlier LSN it
 *   observed), resetting branches to LSNs they had, sometimes with a backup
 *   branch, and deleting branches.
 *
 * Every operation is announced by an `intent` line before it starts and
 * confirmed by an `ack` line after its awaited call resolved (see
 * crash-protocol.ts). Lines go out with a synchronous write(2) on fd 1, so a
 * line written is in the pipe even if the kill follows immediately.
 *
 * Usage: node --import tsx crash-writer.ts <dir> <seed> <round> <seqBase> <maxMs> [default|tight]
 * (profiles: see `openClient`).
 *
 * Why documents are owned: each document is written by one worker only, one
 * operation at a time, and a branch is never reset while a write to it is in
 * flight (a per-branch shared/exclusive lock). So right after a write the
 * newest version of the document in `argonHistory` is that write's entry,
 * which gives its exact LSN; and at a kill at most one operation per document
 * is in flight, which the checker resolves from the recovered state.
 */
import { writeSync } from 'node:fs';
import type { StorageBackend } from '@argon/core';
import { ArgonClient } from '@argon/driver';
import { FileStore } from '@argon/storage-file';
import {
  COLLECTIONS,
  MAX_BRANCHES,
  PROJECT,
  WORKERS,
  dbOf,
  ownedIds,
  pick,
  prng,
  randInt,
  type Doc,
  type WriteOp,
  type WriteResult,
  type WriterLine,
} from './crash-protocol.js';

const [dir, seedArg, roundArg, seqBaseArg, maxMsArg, profileArg] = process.argv.slice(2);
if (!dir || seedArg === undefined || roundArg === undefined || seqBaseArg === undefined || maxMsArg === undefined) {
  process.stderr.write('usage: crash-writer.ts <dir> <seed> <round> <seqBase> <maxMs> [default|tight]\n');
  process.exit(64);
}
const profile = profileArg ?? 'default';
const seed = Number(seedArg);
const round = Number(roundArg);
let seq = Number(seqBaseArg);
const maxMs = Number(maxMsArg);

/** Writes one report line with write(2) on fd 1 (retrying a full non-blocking pipe), never buffered in the process. */
function emit(line: WriterLine): void {
  const buf = Buffer.from(`${JSON.stringify(line)}\n`);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off, buf.length - off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

/** Reports an unexpected outcome and stops: the test fails the iteration with this message. */
function fail(message: string, s?: number): never {
  emit({ t: 'error', ...(s !== undefined ? { seq: s } : {}), message });
  process.exit(2);
}

/**
 * A fair shared/exclusive lock: data writes to a branch hold it shared,
 * a reset of the branch holds it exclusively.
 */
class RwLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Array<{ exclusive: boolean; go: () => void }> = [];

  async run<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    await new Promise<void>((go) => {
      this.queue.push({ exclusive, go });
      this.pump();
    });
    try {
      return await fn();
    } finally {
      if (exclusive) this.writer = false;
      else this.readers--;
      this.pump();
    }
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.writer) {
      const next = this.queue[0]!;
      if (next.exclusive) {
        if (this.readers > 0) return;
        this.writer = true;
      } else this.readers++;
      this.queue.shift();
      next.go();
    }
  }
}

interface BranchState {
  readonly lock: RwLock;
  /** LSNs known to be on this branch's history (base, heads, acknowledged writes): reset and fork targets. */
  readonly observed: number[];
}

const branches = new Map<string, BranchState>();
let stopping = false;

function branch(name: string): BranchState {
  const b = branches.get(name);
  if (!b) throw new Error(`unknown branch ${name}`);
  return b;
}

/** Canonical text of a document, field order included (MongoDB keeps it). */
function text(d: unknown): string {
  return JSON.stringify(d);
}

/**
 * Test-only sabotage for the checker's self-test (ARGON_CRASH_SABOTAGE=ack-before-write):
 * the store acknowledges each append on the next event-loop turn and writes it 150 ms later, in
 * order, so a kill loses acknowledged writes and the checker must say so.
 */
function ackBeforeWrite(store: FileStore): StorageBackend {
  // Timers of equal delay fire in the order they were set: appends stay in LSN order.
  const append = (entries: Parameters<StorageBackend['append']>[0]): Promise<void> => {
    setTimeout(() => void store.append(entries).catch((err: unknown) => fail(`delayed append failed: ${(err as Error).message}`)), 150);
    // Resolve on the next turn of the event loop (not at once), so the timers still get to run.
    return new Promise((r) => setImmediate(r));
  };
  return new Proxy(store, {
    get(target, key) {
      if (key === 'append') return append;
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

emit({ t: 'opening', pid: process.pid });
/**
 * `default`: the plain `file:` connection string, a checkpoint every 250
 * entries (so kills also land during and after checkpoints).
 * `tight`: the same store with 16 KiB segments, no retention window and one
 * kept checkpoint, checkpointing every 100 entries, so kills also land while a
 * segment is being rotated and while old segments are being deleted.
 */
function openClient(): ArgonClient {
  if (process.env.ARGON_CRASH_SABOTAGE === 'ack-before-write') {
    return new ArgonClient(`file:${dir}`, { checkpointEveryEntries: 250, storage: ackBeforeWrite(new FileStore({ dir: dir! })) });
  }
  if (profile === 'tight') {
    return new ArgonClient(`file:${dir}`, { checkpointEveryEntries: 100, storage: new FileStore({ dir: dir!, segmentBytes: 16 * 1024, retentionMs: 0, keepCheckpoints: 1 }) });
  }
  return new ArgonClient(`file:${dir}`, { checkpointEveryEntries: 250 });
}
const client = openClient();
try {
  await client.connect();
} catch (err) {
  fail(`open failed: ${(err as Error).name}: ${(err as Error).message}`);
}
const engine = await client.engine();
for (const b of await client.listBranches(PROJECT)) {
  const { headLsn } = await client.status(dbOf(b.name));
  // main's base (0) predates the collections; every other base is a valid target.
  branches.set(b.name, { lock: new RwLock(), observed: b.name === 'main' ? [headLsn] : [b.baseLsn, headLsn] });
}
emit({ t: 'ready', messages: engine.recovery.messages, projectLsn: (await client.status(PROJECT)).projectLsn });

function tag(r: () => number): string {
  return Math.floor(r() * 36 ** 6).toString(36);
}

/** One data write by worker `w` on `branchName`.`coll`, under the branch's shared lock. */
async function dataOp(w: number, r: () => number, branchName: string, coll: string): Promise<void> {
  const db = dbOf(branchName);
  const c = client.db(db).collection<Doc>(coll);
  const present = new Map<number, Doc>();
  for (const d of await c.find({ w }).toArray()) present.set(d._id, d);
  const absent = ownedIds(w).filter((id) => !present.has(id));
  const s = ++seq;
  let write: WriteOp;
  let keys: number[];
  if (present.size === 0 || (absent.length > 0 && r() < 0.3)) {
    const count = Math.min(absent.length, r() < 0.3 ? randInt(r, 2, 3) : 1);
    const ids = [...absent];
    for (let i = ids.length - 1; i > 0; i--) {
      const j = randInt(r, 0, i);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    ids.length = count;
    const docs = ids.map((id): Doc => ({ _id: id, w, s, n: randInt(r, 0, 9), tag: tag(r), pad: 'x'.repeat(randInt(r, 0, 400)) }));
    write = { op: 'insert', docs };
    keys = ids;
  } else {
    const id = pick(r, [...present.keys()]);
    const x = r();
    if (x < 0.45) {
      write = { op: 'update', id, set: { s, tag: tag(r) }, inc: { n: pick(r, [1, 2, 5, 0.5, -1]) }, via: r() < 0.5 ? 'findOneAndUpdate' : 'updateOne' };
      keys = [id];
    } else if (x < 0.6) {
      write = { op: 'updateMany', worker: w, set: { s }, inc: { n: 1 } };
      keys = ownedIds(w);
    } else if (x < 0.7) {
      write = { op: 'replace', id, doc: { w, s, n: 0, tag: tag(r), pad: 'y'.repeat(randInt(r, 0, 200)) } };
      keys = [id];
    } else {
      write = { op: 'delete', id, via: r() < 0.5 ? 'deleteOne' : 'findOneAndDelete' };
      keys = [id];
    }
  }
  emit({ t: 'intent', seq: s, kind: 'write', branch: branchName, coll, write, keys, s });

  let affected: number[];
  let returned: Doc | null | undefined;
  try {
    switch (write.op) {
      case 'insert': {
        if (write.docs.length === 1) await c.insertOne({ ...write.docs[0]! });
        else {
          const res = await c.insertMany(write.docs.map((d) => ({ ...d })));
          if (res.insertedCount !== write.docs.length) fail(`insertMany inserted ${res.insertedCount} of ${write.docs.length}`, s);
        }
        affected = write.docs.map((d) => d._id);
        break;
      }
      case 'update': {
        const u = { $set: write.set, $inc: write.inc };
        if (write.via === 'findOneAndUpdate') {
          returned = await c.findOneAndUpdate({ _id: write.id }, u, { returnDocument: 'after' });
          if (!returned) fail(`findOneAndUpdate found no document ${write.id} on ${db}.${coll}`, s);
        } else {
          const res = await c.updateOne({ _id: write.id }, u);
          if (res.matchedCount !== 1 || res.modifiedCount !== 1) fail(`updateOne of ${write.id} on ${db}.${coll} matched ${res.matchedCount}, modified ${res.modifiedCount}`, s);
        }
        affected = [write.id];
        break;
      }
      case 'updateMany': {
        const res = await c.updateMany({ w }, { $set: write.set, $inc: write.inc });
        if (res.matchedCount !== present.size || res.modifiedCount !== present.size) fail(`updateMany on ${db}.${coll} matched ${res.matchedCount}, modified ${res.modifiedCount}, expected ${present.size}`, s);
        affected = [...present.keys()].sort((a, b) => a - b);
        break;
      }
      case 'replace': {
        const res = await c.replaceOne({ _id: write.id }, { ...write.doc } as Doc);
        if (res.matchedCount !== 1) fail(`replaceOne of ${write.id} on ${db}.${coll} matched ${res.matchedCount}`, s);
        affected = [write.id];
        break;
      }
      case 'delete': {
        if (write.via === 'findOneAndDelete') {
          const before = await c.findOneAndDelete({ _id: write.id });
          if (text(before) !== text(present.get(write.id))) fail(`findOneAndDelete of ${write.id} on ${db}.${coll} returned ${text(before)}, the document was ${text(present.get(write.id))}`, s);
        } else {
          const res = await c.deleteOne({ _id: write.id });
          if (res.deletedCount !== 1) fail(`deleteOne of ${write.id} on ${db}.${coll} deleted ${res.deletedCount}`, s);
        }
        affected = [write.id];
        break;
      }
    }
  } catch (err) {
    fail(`${write.op} on ${db}.${coll} failed: ${(err as Error).name}: ${(err as Error).message}`, s);
  }

  // The newest version of each document on this branch is this write's entry:
  // nothing else writes the document, and no reset of the branch can run now.
  const results: WriteResult[] = [];
  for (const id of affected) {
    const { versions } = await client.history(db, coll, id);
    const last = versions.at(-1);
    const after = await c.findOne({ _id: id });
    const mine = write.op === 'delete' ? last?.op === 'delete' && after === null : last?.doc != null && Number(last.doc.s) === s && after !== null && Number(after.s) === s;
    if (!last || !mine) fail(`after ${write.op} of ${id} on ${db}.${coll}: newest version ${text(last)}, findOne ${text(after)}; expected the write's own version (s=${s})`, s);
    if (returned !== undefined && text(returned) !== text(after)) fail(`findOneAndUpdate returned ${text(returned)} but findOne then reads ${text(after)}`, s);
    results.push({ id, lsn: last.lsn, after });
    branch(branchName).observed.push(last.lsn);
  }
  emit({ t: 'ack', seq: s, kind: 'write', results });
}

async function worker(w: number): Promise<void> {
  const r = prng(seed * 1009 + w + 1);
  while (!stopping) {
    const name = pick(r, [...branches.keys()]);
    const coll = pick(r, COLLECTIONS);
    // The branch may have been deleted while this worker waited for its lock.
    await branch(name).lock.run(false, async () => {
      if (branches.has(name)) await dataOp(w, r, name, coll);
    });
  }
}

/** Picks an LSN observed on a branch that is not beyond its current head. */
async function targetOn(r: () => number, name: string): Promise<number> {
  const { headLsn } = await client.status(dbOf(name));
  const candidates = branch(name).observed.filter((l) => l <= headLsn);
  if (candidates.length === 0) fail(`no observed LSN at or below the head ${headLsn} of ${name}: ${branch(name).observed.join(',')}`);
  return pick(r, candidates);
}

async function admin(): Promise<void> {
  const r = prng(seed * 1009 + 999);
  let n = 0;
  while (!stopping) {
    await new Promise((res) => setTimeout(res, randInt(r, 5, 40)));
    if (stopping) break;
    const names = [...branches.keys()];
    const x = r();
    if (names.length > 1 && (names.length >= MAX_BRANCHES ? x < 0.3 : x < 0.1)) {
      // Deleting keeps branches coming and going in a directory killed round after round.
      const name = pick(r, names.filter((b) => b !== 'main'));
      await branch(name).lock.run(true, async () => {
        const s = ++seq;
        emit({ t: 'intent', seq: s, kind: 'drop', name });
        try {
          await client.deleteBranch(PROJECT, name);
        } catch (err) {
          fail(`deleteBranch ${name} failed: ${(err as Error).message}`, s);
        }
        branches.delete(name);
        emit({ t: 'ack', seq: s, kind: 'drop' });
      });
    } else if (names.length < MAX_BRANCHES && x < 0.6) {
      const from = pick(r, names);
      const name = `r${round}b${n++}`;
      const lsn = r() < 0.35 ? await targetOn(r, from) : undefined;
      const s = ++seq;
      emit({ t: 'intent', seq: s, kind: 'create', name, from, ...(lsn !== undefined ? { lsn } : {}) });
      let info;
      try {
        info = await client.createBranch(PROJECT, name, { from, ...(lsn !== undefined ? { lsn } : {}) });
      } catch (err) {
        fail(`createBranch ${name} from ${from}${lsn !== undefined ? ` at ${lsn}` : ''} failed: ${(err as Error).message}`, s);
      }
      if (info.parent !== from || (lsn !== undefined && info.baseLsn !== lsn)) fail(`createBranch ${name} returned ${text(info)}`, s);
      branches.set(name, { lock: new RwLock(), observed: [info.baseLsn] });
      emit({ t: 'ack', seq: s, kind: 'create', baseLsn: info.baseLsn });
    } else {
      const target = pick(r, names);
      const backup = names.length < MAX_BRANCHES && r() < 0.3 ? `r${round}k${n++}` : undefined;
      await branch(target).lock.run(true, async () => {
        const to = await targetOn(r, target);
        const s = ++seq;
        emit({ t: 'intent', seq: s, kind: 'reset', branch: target, to, ...(backup ? { backup } : {}) });
        let res;
        try {
          res = await client.resetBranch(PROJECT, target, { lsn: to, ...(backup ? { backup } : {}) });
        } catch (err) {
          fail(`resetBranch ${target} to ${to} failed: ${(err as Error).message}`, s);
        }
        // The command reply leaves out reset records; the engine has them. Under the
        // exclusive lock nothing else resets this branch, so the newest record is ours.
        const rec = (await engine.getBranch(PROJECT, target)).resets?.at(-1);
        if (!rec || rec.toLsn !== to || res.branch.headLsn !== to || (backup !== undefined) !== (res.backup !== undefined)) fail(`resetBranch ${target} to ${to} returned ${text(res)}; newest reset record ${text(rec)}`, s);
        if (res.backup) branches.set(backup!, { lock: new RwLock(), observed: [res.backup.baseLsn] });
        emit({ t: 'ack', seq: s, kind: 'reset', atLsn: rec.atLsn, toLsn: rec.toLsn, ...(res.backup ? { backupBase: res.backup.baseLsn } : {}) });
      });
    }
  }
}

// The bounded run time: a writer the test forgot to kill still ends.
setTimeout(() => {
  stopping = true;
}, maxMs).unref();
await Promise.all([...Array.from({ length: WORKERS }, (_, w) => worker(w)), admin()]);
await client.close();
emit({ t: 'done' });
