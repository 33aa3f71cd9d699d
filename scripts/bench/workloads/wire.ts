/**
 * The wire server against in-process ArgonClient: findOne by `_id`,
 * insertOne, and find of 100 documents (an `_id` range), each with 1 and with
 * 32 concurrent clients. The wire side is the official `mongodb` driver
 * against `argon serve` in a child process on loopback; the in-process side
 * is ArgonClient on the same kind of store (sync durability). The server's
 * and the benchmark process's CPU time per operation are reported, which
 * splits the wire overhead into driver (client) and server work. Last, the
 * same findOne runs against a server that does no work (the floor any wire
 * server could reach with this driver on this machine).
 */
import { collectGarbage, type BenchContext, type Workload } from '../lib/context.js';
import { makeDoc } from '../lib/docs.js';
import { section, type HeadlineRow } from '../lib/report.js';
import { fmtMs, fmtRate, fmtRatio, fmtSpread, rateRounds, type RateSummary } from '../lib/stats.js';
import { Rng } from '../lib/zipfian.js';
import { ArgonPeer } from '../peers/argon.js';
import { MongoClient } from 'mongodb';
import { ArgonWirePeer, startNoOpWireServer, type WireServerHandle } from '../peers/argon-wire.js';
import { loadRecords } from '../peers/index.js';
import type { Peer } from '../peers/peer.js';

// insertOne runs last: it grows the collection, which would slow the (scanning) _id-range finds.
const OPS = ['findOne', 'find100', 'insertOne'] as const;
type Op = (typeof OPS)[number];
const CLIENTS = [1, 32] as const;

interface Cell {
  readonly side: 'in-process' | 'wire' | 'no-op server';
  readonly op: Op;
  readonly clients: number;
  readonly rate: RateSummary;
  /** CPU µs per op of this process (driver + anything in-process). */
  readonly clientCpuUs: number;
  /** CPU µs per op of the server process (wire only). */
  readonly serverCpuUs?: number;
}

function opFn(peer: Peer, op: Op, n: number, seed: number): () => unknown {
  const rng = new Rng(seed);
  let next = 1_000_000_000 + seed * 10_000_000;
  switch (op) {
    case 'findOne':
      return () => peer.read(rng.int(n));
    case 'insertOne':
      return () => peer.insert(makeDoc(next++));
    case 'find100':
      return () => {
        const x = rng.int(n - 100);
        return peer.rangeQuery('_id', x, x + 100);
      };
  }
}

/**
 * Runs `fn` from `clients` concurrent loops for the budget's rounds and
 * returns its rate with the CPU per operation of this process and, when
 * given, of the server's process.
 */
async function measureCell(ctx: BenchContext, at: Pick<Cell, 'side' | 'op' | 'clients'>, fn: () => unknown, server?: WireServerHandle): Promise<Cell> {
  const b = ctx.budget;
  const s0 = server ? await server.cpuMicros() : 0;
  const c0 = process.cpuUsage();
  const rate = await rateRounds({ clients: at.clients, warmupMs: b.warmupMs, roundMs: b.roundMs, rounds: b.rounds }, fn);
  const c1 = process.cpuUsage(c0);
  const s1 = server ? await server.cpuMicros() : 0;
  // CPU covers the warm-up too; divide by every op run, estimated from the rate.
  const totalOps = rate.ops + rate.median * (b.warmupMs / 1000);
  return { ...at, rate, clientCpuUs: (c1.user + c1.system) / totalOps, ...(server ? { serverCpuUs: (s1 - s0) / totalOps } : {}) };
}

/**
 * findOne through the official driver against a server that does no work
 * (no-op-wire-server.ts): what the driver alone allows on this machine, so
 * the overhead goal can be read against what any server could reach.
 */
async function measureFloor(ctx: BenchContext, n: number, seed: number): Promise<Cell[]> {
  const server = await startNoOpWireServer();
  const client = await new MongoClient(`mongodb://127.0.0.1:${server.port}/?directConnection=true`, { maxPoolSize: 100 }).connect();
  const cells: Cell[] = [];
  try {
    const col = client.db('bench').collection<{ _id: number }>('usertable');
    for (const clients of CLIENTS) {
      ctx.log(`wire: findOne, ${clients} client(s), driver against a no-op server`);
      const rng = new Rng(seed + clients);
      cells.push(await measureCell(ctx, { side: 'no-op server', op: 'findOne', clients }, () => col.findOne({ _id: rng.int(n) }), server));
    }
  } finally {
    await client.close();
    await server.close();
  }
  return cells;
}

async function run(ctx: BenchContext) {
  const n = ctx.quick ? 2_000 : 10_000;
  const cells: Cell[] = [];
  for (const side of ['in-process', 'wire'] as const) {
    const peer = side === 'wire' ? await ArgonWirePeer.open({ dir: ctx.dir('wire-server'), durability: 'sync', clients: 32 }) : await ArgonPeer.open({ dir: ctx.dir('wire-inproc'), durability: 'sync', clients: 32 });
    try {
      ctx.log(`wire: loading ${n} records (${side})`);
      await loadRecords(peer, n);
      for (const op of OPS) {
        for (const clients of CLIENTS) {
          ctx.log(`wire: ${op}, ${clients} client(s), ${side}`);
          const server = peer instanceof ArgonWirePeer ? peer.server : undefined;
          cells.push(await measureCell(ctx, { side, op, clients }, opFn(peer, op, n, cells.length + 1), server));
        }
      }
    } finally {
      await peer.close();
    }
    collectGarbage();
  }
  cells.push(...(await measureFloor(ctx, n, cells.length + 1)));
  const get = (side: Cell['side'], op: Op, clients: number) => cells.find((c) => c.side === side && c.op === op && c.clients === clients)!;
  const rows = OPS.flatMap((op) =>
    CLIENTS.map((clients) => {
      const i = get('in-process', op, clients);
      const w = get('wire', op, clients);
      return [
        op === 'find100' ? 'find 100 docs (_id range)' : op,
        String(clients),
        fmtRate(i.rate.median),
        fmtSpread(i.rate),
        fmtRate(w.rate.median),
        fmtSpread(w.rate),
        fmtRatio(i.rate.median / w.rate.median),
        `${fmtMs(i.rate.p50)} / ${fmtMs(w.rate.p50)}`,
        `${i.clientCpuUs.toFixed(0)} µs`,
        `${w.clientCpuUs.toFixed(0)} µs`,
        `${(w.serverCpuUs ?? 0).toFixed(0)} µs`,
      ];
    }),
  );
  const floorRows = CLIENTS.map((clients) => {
    const f = get('no-op server', 'findOne', clients);
    const i = get('in-process', 'findOne', clients);
    const w = get('wire', 'findOne', clients);
    return [
      String(clients),
      fmtRate(f.rate.median),
      fmtSpread(f.rate),
      `${f.clientCpuUs.toFixed(0)} µs`,
      `${(f.serverCpuUs ?? 0).toFixed(0)} µs`,
      fmtRatio(i.rate.median / f.rate.median),
      fmtRatio(w.rate.median / f.rate.median),
    ];
  });
  const f32i = get('in-process', 'findOne', 32);
  const f32w = get('wire', 'findOne', 32);
  const f32f = get('no-op server', 'findOne', 32);
  const overhead = f32i.rate.median / f32w.rate.median;
  const headline: HeadlineRow[] = [
    {
      figure: 'findOne over the wire (official driver), 32 clients',
      argon: `${fmtRate(f32w.rate.median)}; overhead ${fmtRatio(overhead)} vs in-process ${fmtRate(f32i.rate.median)} (against a no-op server: ${fmtRatio(f32i.rate.median / f32f.rate.median)})`,
      argonValue: f32w.rate.median,
      unit: 'ops/s',
      goal: 'wire ÷ in-process time ≤ 1.5×',
      met: overhead <= 1.5,
      vsMachine: { limit: 'bsonDeserialize', value: f32w.rate.median, limitValue: f32f.rate.median, limitLabel: 'driver vs no-op server' },
    },
  ];
  return section('wire', 'Wire server (official driver) vs in-process ArgonClient', {
    tables: [
      {
        title: `${n.toLocaleString('en-US')} records of ~1 KB, sync durability`,
        headers: ['operation', 'clients', 'in-process ops/s', 'spread', 'wire ops/s', 'spread', 'overhead (in-process ÷ wire)', 'p50 in-proc / wire', 'CPU/op in-process', 'CPU/op driver side', 'CPU/op server'],
        rows,
        notes: ['CPU/op: process CPU time (user + system) divided by operations, warm-up included. On the wire side the driver and the server run in separate processes (2 cores), so their CPU can overlap.'],
      },
      {
        title: 'The floor: findOne through the official driver against a server that does no work (a canned reply with one ~1 KB document, child process)',
        headers: ['clients', 'ops/s', 'spread', 'CPU/op driver side', 'CPU/op no-op server', 'in-process ÷ this (best overhead any wire server could show)', 'Argon wire ÷ this'],
        rows: floorRows,
        notes: ['The no-op server reads each request\'s command name and writes a reply encoded once; what remains is the driver, the loopback socket and the event loops.'],
      },
    ],
    headline,
    notes: ['The YCSB section also runs A/B/C over the wire (16 clients) beside the in-process numbers.'],
    data: { records: n, cells },
  });
}

/** Wire vs in-process. */
export const wireWorkload: Workload = { id: 'wire', title: 'Wire server vs in-process', run };
