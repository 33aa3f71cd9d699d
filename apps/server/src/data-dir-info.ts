import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file a running `argon serve` writes into its data directory so the CLI can find it. */
export const SERVER_INFO_FILE = 'server.json';

/** What the CLI needs to reach a running server. */
export interface ServerInfo {
  readonly pid: number;
  readonly wire: { readonly host: string; readonly port: number };
  /** The admin API; `token` authorizes the local CLI (the file is mode 0600). */
  readonly http?: { readonly host: string; readonly port: number; readonly url: string; readonly token: string };
  readonly startedAt: string;
  readonly version: string;
}

/** Publishes the server info atomically (temp file + rename). */
export function writeServerInfo(dataDir: string, info: ServerInfo): void {
  const file = join(dataDir, SERVER_INFO_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Reads the server info if a live server wrote it; stale files (dead pid) are ignored. */
export function readServerInfo(dataDir: string): ServerInfo | undefined {
  let info: ServerInfo;
  try {
    info = JSON.parse(readFileSync(join(dataDir, SERVER_INFO_FILE), 'utf8')) as ServerInfo;
  } catch {
    return undefined;
  }
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
  }
  return info;
}

/** Removes the server info on shutdown. */
export function removeServerInfo(dataDir: string): void {
  rmSync(join(dataDir, SERVER_INFO_FILE), { force: true });
}
