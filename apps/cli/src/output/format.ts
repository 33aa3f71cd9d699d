import { EJSON } from 'bson';

/**
 * A time relative to `now` in words: `just now`, `1 minute ago`,
 * `3 hours ago`, `2 days ago`, `in 5 minutes`.
 */
export function formatAge(then: Date | string | null | undefined, now: Date = new Date()): string {
  if (then === null || then === undefined) return '-';
  const t = typeof then === 'string' ? new Date(then) : then;
  if (Number.isNaN(t.getTime())) return '-';
  const diff = now.getTime() - t.getTime();
  const abs = Math.abs(diff);
  if (abs < 5_000) return 'just now';
  const units: Array<[string, number]> = [
    ['year', 365 * 86_400_000],
    ['month', 30 * 86_400_000],
    ['week', 7 * 86_400_000],
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  for (const [name, ms] of units) {
    if (abs >= ms) {
      const n = Math.floor(abs / ms);
      const words = `${n} ${name}${n === 1 ? '' : 's'}`;
      return diff >= 0 ? `${words} ago` : `in ${words}`;
    }
  }
  return 'just now';
}

/** Bytes in binary units: `512 B`, `1.5 KiB`, `20.0 MiB`. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} ${units[i]}` : `${v.toFixed(1)} ${units[i]}`;
}

/** A duration: `850 ms`, `1.2 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * A value given as relaxed Extended JSON (as the admin API returns it),
 * shown the way mongosh does: `ObjectId('…')`, `ISODate('…')`, `'text'`, `42`.
 * Documents are shown as one line of relaxed Extended JSON.
 */
export function formatValue(v: unknown): string {
  if (v === undefined) return '-';
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const [k] = keys as [string];
      const x = o[k];
      if (k === '$oid' && typeof x === 'string') return `ObjectId('${x}')`;
      if (k === '$date') {
        if (typeof x === 'string') return `ISODate('${x}')`;
        const ms = typeof x === 'number' ? x : (x as { $numberLong?: string } | null)?.$numberLong;
        if (ms !== undefined) return `ISODate('${new Date(Number(ms)).toISOString()}')`;
      }
      if (k === '$numberLong' && typeof x === 'string') return `Long('${x}')`;
      if (k === '$numberDecimal' && typeof x === 'string') return `Decimal128('${x}')`;
      if (k === '$uuid' && typeof x === 'string') return `UUID('${x}')`;
    }
  }
  return JSON.stringify(v);
}

/** A document as one line of relaxed Extended JSON. */
export function formatDocument(doc: unknown): string {
  return JSON.stringify(doc);
}

/** Converts engine values (BSON classes) to relaxed Extended JSON, the shape the admin API uses. */
export function toRelaxed(v: unknown): unknown {
  return EJSON.serialize(v, { relaxed: true });
}
