/**
 * The MongoDB storage backend against the embedded one: insertOne throughput
 * (1 and 16 clients) and read-after-write latency, through ArgonClient.
 * The MongoDB target is MONGODB_URI when set, else Argon's own wire server
 * (`argon serve` in a child process on a temp dir, sync durability) standing
 * in for MongoDB; the output says which. Read-after-write is measured twice:
 * on the writing client (insertOne, then findOne of that `_id`), and — MongoDB
 * backend only, since it is shared — on a second ArgonClient on the same
 * backend, polling findOne until the new document is visible.
 */
import { MongoClient } from 'mongodb';
import { ArgonClient } from '@argon/driver';
import { MongoStore } from '@argon/storage-mongo';
import type { BenchContext, Workload } from '../lib/context.js';
import { makeDoc, type BenchDoc } from '../lib/docs.js';
import { section, type HeadlineRow } from '../lib/report.js';
import { fmtMs, fmtRate, fmtRatio, fmtSpread, rateRounds, runClients, summarize, type RateSummary, type Summary } from '../lib/stats.js';
import { startWireServerChild, type WireServerHandle } from '../peers/argon-wire.js';

interface Side {
  readonly backend: string;
  readonly insert1: RateSummary;
  readonly insert16: RateSummary;
  /** insertOne + findOne on the same client, ms per pair. */
  readonly rawSame: Summary;
  /** Ack of insertOne on client A → visible to findOne on client B, ms (MongoDB backend only). */
  readonly rawOther?: Summary;
}

function redact(uri: string): string {
  return uri.replace(/\/\/([^@/]*)@/, '//***@');
}

async function measure(ctx: BenchContext, backend: string, open: () => ArgonClient, second?: () => ArgonClient): Promise<Side> {
  const b = ctx.budget;
  // The MongoDB backend is much slower than the embedded store; keep its rounds short but still several.
  const opts = (clients: number) => ({ clients, warmupMs: b.warmupMs, roundMs: b.roundMs, rounds: b.rounds });
  const a = await open().connect();
  const other = second ? await second().connect() : undefined;
  try {
    const col = a.db('rw').collection<BenchDoc>('docs');
    let id = 0;
    ctx.log(`mongo-backend: insertOne on ${backend}`);
    const insert1 = await rateRounds(opts(1), () => col.insertOne(makeDoc(id++)));
    const insert16 = await rateRounds(opts(16), () => col.insertOne(makeDoc(id++)));
    ctx.log(`mongo-backend: read-after-write on ${backend}`);
    const same: number[] = [];
    await runClients(1, b.roundMs * b.rounds, async () => {
      const d = makeDoc(id++);
      const t0 = performance.now();
      await col.insertOne(d);
      const got = await col.findOne({ _id: d._id });
      same.push(performance.now() - t0);
      if (!got) throw new Error(`read-after-write on ${backend}: document ${d._id} not found right after its insertOne was acknowledged`);
    });
    let rawOther: Summary | undefined;
    if (other) {
      const ocol = other.db('rw').collection<BenchDoc>('docs');
      await ocol.findOne({ _id: -1 }); // first catch-up
      const lag: number[] = [];
      await runClients(1, b.roundMs * b.rounds, async () => {
        const d = makeDoc(id++);
        await col.insertOne(d);
        const t0 = performance.now();
        for (let tries = 0; ; tries++) {
          if (await ocol.findOne({ _id: d._id })) break;
          if (tries > 1000) throw new Error(`a second ArgonClient on ${backend} did not see document ${d._id} after 1,000 polls`);
        }
        lag.push(performance.now() - t0);
      });
      rawOther = summarize(lag);
    }
    return { backend, insert1, insert16, rawSame: summarize(same), ...(rawOther ? { rawOther } : {}) };
  } finally {
    await other?.close();
    await a.close();
  }
}

async function run(ctx: BenchContext) {
  const envUri = process.env.MONGODB_URI;
  let server: WireServerHandle | undefined;
  let uri: string;
  let target: string;
  if (envUri) {
    uri = envUri;
    target = `MongoDB at MONGODB_URI (${redact(envUri)})`;
  } else {
    server = await startWireServerChild(ctx.dir('mongo-target'), 'sync');
    uri = `mongodb://127.0.0.1:${server.port}/?directConnection=true`;
    target = 'Argon\'s own wire server (`argon serve`, child process, sync durability) standing in for MongoDB — MONGODB_URI was not set';
  }
  const database = `argon_bench_${process.pid}_${Date.now()}`;
  ctx.log(`mongo-backend: target ${envUri ? redact(envUri) : 'Argon wire server'}, WAL database ${database}`);
  let embedded: Side;
  let mongo: Side;
  try {
    embedded = await measure(ctx, 'embedded file store (sync)', () => new ArgonClient('file:' + ctx.dir('mongo-embedded'), { durability: 'sync' }));
    mongo = await measure(
      ctx,
      'MongoDB backend',
      () => new ArgonClient('memory:', { storage: new MongoStore({ uri, database }) }),
      () => new ArgonClient('memory:', { storage: new MongoStore({ uri, database }) }),
    );
  } finally {
    if (envUri) {
      const c = await new MongoClient(envUri).connect().catch(() => undefined);
      await c?.db(database).dropDatabase().catch(() => undefined);
      await c?.close();
    }
    await server?.close();
  }
  const row = (s: Side) => [
    s.backend,
    `${fmtRate(s.insert1.median)} ${fmtSpread(s.insert1)}`,
    `${fmtRate(s.insert16.median)} ${fmtSpread(s.insert16)}`,
    `${fmtMs(s.rawSame.median)} (p95 ${fmtMs(s.rawSame.p95)})`,
    s.rawOther ? `${fmtMs(s.rawOther.median)} (p95 ${fmtMs(s.rawOther.p95)})` : 'n/a (not shared)',
  ];
  const headline: HeadlineRow[] = [
    {
      figure: `MongoDB backend, insertOne 16 clients (target: ${envUri ? 'MONGODB_URI' : 'Argon wire server'})`,
      argon: `${fmtRate(mongo.insert16.median)}; read-after-write ${fmtMs(mongo.rawSame.median)}, on a 2nd client ${mongo.rawOther ? fmtMs(mongo.rawOther.median) : '—'}`,
      argonValue: mongo.insert16.median,
      unit: 'ops/s',
      peer: `embedded backend: ${fmtRate(embedded.insert16.median)}, read-after-write ${fmtMs(embedded.rawSame.median)}`,
      vsPeer: mongo.insert16.median / embedded.insert16.median,
    },
  ];
  return section('mongo-backend', 'MongoDB backend vs embedded', {
    tables: [
      {
        title: `ArgonClient on each backend; MongoDB target: ${target}`,
        headers: ['backend', 'insertOne, 1 client (ops/s, spread)', 'insertOne, 16 clients', 'insertOne → findOne, same client', 'insertOne ack → visible on a 2nd client'],
        rows: [row(embedded), row(mongo)],
        notes: [`MongoDB backend ÷ embedded: ${fmtRatio(mongo.insert1.median / embedded.insert1.median)} (1 client), ${fmtRatio(mongo.insert16.median / embedded.insert16.median)} (16 clients).`],
      },
    ],
    headline,
    notes: [`MongoDB target: ${target}.`, 'Against Argon\'s own wire server every MongoDB-backend write pays that server\'s fsync too (LSN counter $inc, log insert, branch head $max), so this measures the backend\'s round trips, not MongoDB\'s speed.'],
    data: { target: envUri ? 'MONGODB_URI' : 'argon-wire-server', database, embedded, mongo },
  });
}

/** MongoDB backend vs embedded. */
export const mongoBackendWorkload: Workload = { id: 'mongo-backend', title: 'MongoDB backend vs embedded', run };
