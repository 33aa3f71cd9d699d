/**
 * Argon through its MongoDB wire server, driven by the official `mongodb`
 * driver. By default the server runs in a child process (as `argon serve`
 * does), so on this 2-core machine the server and the driver each get a core;
 * `inProcess: true` runs it on the benchmark's own event loop instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Collection } from 'mongodb';
import { silentLogger } from '@argon/core';
import { startArgonServer, type ArgonServer } from '@argon/server';
import type { BenchDoc } from '../lib/docs.js';
import { CollectionPeer } from './collection-peer.js';
import type { Peer } from './peer.js';

/** Options of {@link ArgonWirePeer.open}. */
export interface ArgonWirePeerOptions {
  readonly dir: string;
  readonly durability: 'sync' | 'interval';
  /** Concurrent clients (operations in flight over the driver's pool; default 16). */
  readonly clients?: number;
  /** Run the server on this process's event loop instead of a child process. */
  readonly inProcess?: boolean;
}

/** A running wire server: its port and how to stop it. */
export interface WireServerHandle {
  readonly port: number;
  /** Where it runs. */
  readonly where: 'child process' | 'in process';
  /** The server process's CPU time so far in µs (user + system); for the in-process server, this process's. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./wire-server-child.ts', import.meta.url));
const NO_OP_CHILD = fileURLToPath(new URL('./no-op-wire-server.ts', import.meta.url));

/**
 * Starts `argon serve` on `dir` in a child process; resolves once it listens.
 * With `ARGON_BENCH_SERVER_CPU_PROF=<dir>` set, the child runs under
 * `node --cpu-prof` and writes its profile into that directory when it exits
 * (tsx's loader thread writes a second, smaller one: take the largest file).
 */
export function startWireServerChild(dir: string, durability: 'sync' | 'interval'): Promise<WireServerHandle> {
  return startChild(CHILD, [dir, durability]);
}

/** Starts the server that answers without doing any work (see no-op-wire-server.ts) in a child process. */
export function startNoOpWireServer(): Promise<WireServerHandle> {
  return startChild(NO_OP_CHILD, []);
}

// Runs a server script that follows wire-server-child.ts's stdin/stdout protocol.
async function startChild(script: string, args: readonly string[]): Promise<WireServerHandle> {
  const profileDir = process.env.ARGON_BENCH_SERVER_CPU_PROF;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  lines.on('line', (l) => {
    try {
      messages.push(JSON.parse(l) as Record<string, unknown>);
    } catch {
      process.stderr.write(`[wire server] ${l}\n`);
    }
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = async (key: string): Promise<Record<string, unknown>> => {
    for (;;) {
      const i = messages.findIndex((x) => key in x);
      if (i >= 0) return messages.splice(i, 1)[0]!;
      const more = new Promise<void>((r) => waiters.push(r));
      const code = await Promise.race([more.then(() => undefined), exited]);
      if (code !== undefined && !messages.some((x) => key in x)) throw new Error(`the wire server child process (${basename(script)}) exited (code ${String(code)}) before reporting ${key}`);
    }
  };
  const { port } = (await next('port')) as { port: number };
  return {
    port,
    where: 'child process',
    async cpuMicros() {
      child.stdin!.write('cpu\n');
      const { cpu } = (await next('cpu')) as { cpu: { user: number; system: number } };
      return cpu.user + cpu.system;
    },
    async close() {
      child.stdin!.end();
      await next('closed');
      await exited;
    },
  };
}

/** Starts `argon serve` on this process's event loop. */
export async function startWireServerInProcess(dir: string, durability: 'sync' | 'interval'): Promise<WireServerHandle & { server: ArgonServer }> {
  const server = await startArgonServer({ dataDir: dir, port: 0, durability, logger: silentLogger });
  return {
    port: server.wire.address.port,
    where: 'in process',
    server,
    cpuMicros: async () => {
      const c = process.cpuUsage();
      return c.user + c.system;
    },
    close: () => server.close(),
  };
}

/** `argon serve` on a loopback port plus a `MongoClient` connected to it. */
export class ArgonWirePeer extends CollectionPeer implements Peer {
  readonly name: string;
  readonly clients: number;
  private constructor(
    readonly server: WireServerHandle,
    readonly client: MongoClient,
    /** The driver's collection, for workloads that issue other commands. */
    readonly collection: Collection<BenchDoc>,
    readonly durability: 'sync' | 'interval',
    dir: string,
    clients: number,
  ) {
    super(collection, dir);
    this.clients = clients;
    this.name = `Argon wire (${durability})`;
  }

  /** Starts a server on `dir` and connects the official driver to it. */
  static async open(o: ArgonWirePeerOptions): Promise<ArgonWirePeer> {
    const server = o.inProcess ? await startWireServerInProcess(o.dir, o.durability) : await startWireServerChild(o.dir, o.durability);
    const clients = o.clients ?? 16;
    const client = await new MongoClient(`mongodb://127.0.0.1:${server.port}/?directConnection=true`, { maxPoolSize: Math.max(100, clients) }).connect();
    return new ArgonWirePeer(server, client, client.db('bench').collection<BenchDoc>('usertable'), o.durability, o.dir, clients);
  }

  /** The server's `mongodb://` URI. */
  get uri(): string {
    return `mongodb://127.0.0.1:${this.server.port}/?directConnection=true`;
  }


  async close(): Promise<void> {
    await this.client.close();
    await this.server.close();
  }
}
