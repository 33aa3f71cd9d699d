/**
 * `runOnRequirements`: what the server under test is, and whether a file or
 * test may run against it.
 */
import type { MongoClient } from 'mongodb';
import { isPlainDocument } from './bson-type.js';
import type { RunOnRequirement } from './types.js';

/** The facts about the deployment that requirements are checked against. */
export interface ServerFacts {
  /** `major.minor.patch` from buildInfo's versionArray. */
  readonly version: readonly [number, number, number];
  /** `single`, `replicaset`, `sharded` or `load-balanced`. */
  readonly topology: 'single' | 'replicaset' | 'sharded' | 'load-balanced';
  /** Whether the runner's connection string carries credentials. */
  readonly auth: boolean;
}

/** Asks the server for its version and topology through the internal client. */
export async function detectServer(client: MongoClient, uri: string): Promise<ServerFacts> {
  const admin = client.db('admin');
  const build = await admin.command({ buildInfo: 1 });
  const arr = Array.isArray(build.versionArray) ? (build.versionArray as unknown[]).map(Number) : parseVersion(String(build.version ?? '0'));
  const version: [number, number, number] = [arr[0] ?? 0, arr[1] ?? 0, arr[2] ?? 0];
  const hello = await admin.command({ hello: 1 });
  const topology =
    hello.serviceId !== undefined ? 'load-balanced' : hello.msg === 'isdbgrid' ? 'sharded' : typeof hello.setName === 'string' ? 'replicaset' : 'single';
  const auth = /^mongodb(\+srv)?:\/\/[^/@]+@/.test(uri);
  return { version, topology, auth };
}

/** Parses a version string (`major[.minor[.patch]]`, any suffix dropped). */
export function parseVersion(v: string): [number, number, number] {
  const parts = v.split('-')[0]!.split('.').map((p) => Number.parseInt(p, 10));
  return [parts[0] || 0, parts[1] || 0, parts[2] || 0];
}

/** Compares two versions like a comparator. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Why a single requirement is not met, or undefined when it is. The runner
 * supports no CSFLE, no server-parameter checks and no auth mechanisms.
 */
export function unmetReason(req: RunOnRequirement, facts: ServerFacts): string | undefined {
  const v = facts.version.join('.');
  if (req.minServerVersion !== undefined && compareVersions(facts.version, parseVersion(req.minServerVersion)) < 0) {
    return `needs server >= ${req.minServerVersion} (have ${v})`;
  }
  if (req.maxServerVersion !== undefined && compareVersions(facts.version, parseVersion(req.maxServerVersion)) > 0) {
    return `needs server <= ${req.maxServerVersion} (have ${v})`;
  }
  if (req.topologies !== undefined) {
    const ok = req.topologies.some((t) => t === facts.topology || (t === 'sharded-replicaset' && facts.topology === 'sharded'));
    if (!ok) return `needs topology ${req.topologies.join('|')} (have ${facts.topology})`;
  }
  if (req.serverless === 'require') return 'needs serverless';
  if (req.auth === true && !facts.auth) return 'needs auth';
  if (req.auth === false && facts.auth) return 'needs auth disabled';
  if (req.authMechanism !== undefined) return `needs auth mechanism ${req.authMechanism}`;
  if (req.serverParameters !== undefined && isPlainDocument(req.serverParameters)) return 'serverParameters requirement unsupported';
  if (req.csfle !== undefined && req.csfle !== false) return 'needs CSFLE';
  return undefined;
}

/**
 * Why a `runOnRequirements` list is not satisfied (none of its entries is
 * met), or undefined when it is satisfied or absent.
 */
export function unmetRequirements(reqs: readonly RunOnRequirement[] | undefined, facts: ServerFacts): string | undefined {
  if (reqs === undefined || reqs.length === 0) return undefined;
  const reasons: string[] = [];
  for (const r of reqs) {
    const why = unmetReason(r, facts);
    if (why === undefined) return undefined;
    reasons.push(why);
  }
  return [...new Set(reasons)].join('; or ');
}
