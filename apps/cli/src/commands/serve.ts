import type { Command } from 'commander';
import { startArgonServer } from '@argon/server';
import { loadUsersFile, parseUserFlag, UserStore } from '@argon/wire';
import { CLI_CODES, CliError } from '../errors.js';

/** Registers `argon serve`: the MongoDB wire server (and optional admin API) on the embedded default. */
export function registerServe(program: Command, globals: () => { dataDir: string; uri?: string; json?: boolean }): void {
  program
    .command('serve')
    .description('serve the MongoDB wire protocol over a data directory (or a MongoDB backend)')
    .option('--port <port>', 'wire protocol port', '27018')
    .option('--bind <address>', 'address to listen on', '127.0.0.1')
    .option('--http-port <port>', 'also serve the admin HTTP API on this port')
    .option('--admin-token <token>', 'bearer token of the admin API (or ARGON_ADMIN_TOKEN)')
    .option('--durability <mode>', 'sync (default: ack after fsync) or interval', 'sync')
    .option('--interval-ms <ms>', 'fsync period in interval mode', '100')
    .option('--auth', 'require SCRAM-SHA-256 authentication')
    .option('--users-file <file>', 'JSON file of users: {"users":[{"user":"alice","password":"..."}]}')
    .option('--user <name:password...>', 'add a user (repeatable)')
    .option('--max-connections <n>', 'maximum concurrent connections', '1000')
    .addHelpText(
      'after',
      `
Examples:
  $ argon serve                                  # ./argon-data on 127.0.0.1:27018
  $ argon serve --data-dir /var/lib/argon --port 27018 --http-port 8080
  $ argon serve --auth --user alice:secret       # then: mongosh "mongodb://alice:secret@127.0.0.1:27018/shop"
  $ mongosh "mongodb://127.0.0.1:27018/shop%40feature"   # branch feature of shop: '@' is %40 in a URI`,
    )
    .action(async (opts: Record<string, string | boolean | string[] | undefined>) => {
      const g = globals();
      // Loaded on demand so that the other commands start fast.
      const { pino } = await import('pino');
      // With --json, stdout carries one document (where the server listens) and the log goes to stderr.
      const logger = pino({ base: { pid: process.pid }, level: process.env.ARGON_LOG_LEVEL ?? 'info' }, g.json ? pino.destination(2) : undefined);
      let users: UserStore | undefined;
      if (opts.auth || opts.usersFile || opts.user) {
        const flagUsers = ((opts.user as string[] | undefined) ?? []).map((u) => parseUserFlag(u));
        if (opts.usersFile && flagUsers.length) throw new CliError(CLI_CODES.USAGE, 'use either --users-file or --user, not both');
        users = opts.usersFile ? await loadUsersFile(String(opts.usersFile)) : await UserStore.fromEntries(flagUsers);
        if (users.size === 0) throw new CliError(CLI_CODES.USAGE, '--auth needs at least one user: pass --user name:password or --users-file <file>');
      }
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(CLI_CODES.USAGE, `--port must be a port number, got '${String(opts.port)}'`);
      const httpPort = opts.httpPort === undefined ? undefined : Number(opts.httpPort);
      if (httpPort !== undefined && (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535)) throw new CliError(CLI_CODES.USAGE, `--http-port must be a port number, got '${String(opts.httpPort)}'`);
      const durability = String(opts.durability);
      if (durability !== 'sync' && durability !== 'interval') throw new CliError(CLI_CODES.USAGE, `--durability must be 'sync' or 'interval', got '${durability}'`);
      const adminToken = (opts.adminToken as string | undefined) ?? process.env.ARGON_ADMIN_TOKEN;
      let server: Awaited<ReturnType<typeof startArgonServer>>;
      try {
        server = await startArgonServer({
          dataDir: g.dataDir,
          ...(g.uri ? { uri: g.uri } : {}),
          port,
          bind: String(opts.bind),
          ...(httpPort !== undefined ? { httpPort } : {}),
          ...(adminToken ? { adminToken } : {}),
          ...(users ? { users } : {}),
          durability,
          intervalMs: Number(opts.intervalMs),
          maxConnections: Number(opts.maxConnections),
          logger,
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
        if (e.code === 'EADDRINUSE' || e.code === 'EACCES') {
          throw new CliError(
            CLI_CODES.ADDRESS_IN_USE,
            `cannot listen on ${e.address ?? String(opts.bind)}:${e.port ?? '?'} (${e.code}): pick another --port${httpPort !== undefined ? ' or --http-port' : ''}, or stop the process that uses it`,
            { cause: err },
          );
        }
        throw err;
      }
      if (g.json) {
        const wire = server.wire.address;
        const info = {
          pid: process.pid,
          wire: { ...wire, uri: `mongodb://${wire.host}:${wire.port}` },
          ...(server.http ? { http: { host: server.http.host, port: server.http.port, url: `http://${server.http.host}:${server.http.port}/api/v1` } } : {}),
          ...(server.dataDir ? { dataDir: server.dataDir } : {}),
        };
        process.stdout.write(`${JSON.stringify(info)}\n`);
      }
      const stop = (signal: string) => {
        logger.info({ signal }, `received ${signal}, shutting down`);
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(2);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
