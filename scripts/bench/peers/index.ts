/** Opens any peer by kind, on a fresh directory of the run. */
import type { BenchContext } from '../lib/context.js';
import { makeDocs } from '../lib/docs.js';
import { ArgonPeer } from './argon.js';
import { ArgonWirePeer } from './argon-wire.js';
import { NaivePeer } from './naive.js';
import { NedbPeer } from './nedb.js';
import type { Peer } from './peer.js';
import { SqlitePeer } from './sqlite.js';

export type { Peer, Durability } from './peer.js';

/** Every peer configuration the workloads use. */
export type PeerKind = 'argon-sync' | 'argon-interval' | 'argon-wire-sync' | 'sqlite-full' | 'sqlite-normal' | 'nedb' | 'naive';

/** Opens a peer of `kind` in a fresh directory named after it. */
export async function openPeer(ctx: BenchContext, kind: PeerKind, opts: { clients?: number } = {}): Promise<Peer> {
  const c = opts.clients !== undefined ? { clients: opts.clients } : {};
  switch (kind) {
    case 'argon-sync':
      return ArgonPeer.open({ dir: ctx.dir(kind), durability: 'sync', ...c });
    case 'argon-interval':
      return ArgonPeer.open({ dir: ctx.dir(kind), durability: 'interval', ...c });
    case 'argon-wire-sync':
      return ArgonWirePeer.open({ dir: ctx.dir(kind), durability: 'sync', ...c });
    case 'sqlite-full':
      return new SqlitePeer(ctx.dir(kind), 'FULL');
    case 'sqlite-normal':
      return new SqlitePeer(ctx.dir(kind), 'NORMAL');
    case 'nedb':
      return NedbPeer.open(ctx.dir(kind), opts.clients ?? 16);
    case 'naive':
      return new NaivePeer();
  }
}

/** Loads records `0 … n-1` in batches of `batch` (insertMany / one transaction each); returns ms (generation included). */
export async function loadRecords(peer: Peer, n: number, batch = 1000): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) await peer.load(makeDocs(i, Math.min(n, i + batch)));
  return performance.now() - t0;
}
