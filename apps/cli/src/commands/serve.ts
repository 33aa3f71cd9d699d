import type { Command } from 'commander';
import { pino } from 'pino';
import { startArgonServer } from '@argon/server';
import { loadUsersFile, parseUserFlag, UserStore } from '@argon/wire';

/** Registers `argon serve`: the MongoDB wire server (and optional admin API) on the embedded default. */
export function registerServe(program: Command, globals: () => { dataDir: string; uri?: string }): void {
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
  $ mongosh "mongodb://127.0.0.1:27018/shop@feature"`,
    )
    .action(async (opts: Record<string, string | boolean | string[] | undefined>) => {
      const g = globals();
      const logger = pino({ base: { pid: process.pid }, level: process.env.ARGON_LOG_LEVEL ?? 'info' });
      let users: UserStore | undefined;
      if (opts.auth || opts.usersFile || opts.user) {
        const flagUsers = ((opts.user as string[] | undefined) ?? []).map((u) => parseUserFlag(u));
        if (opts.usersFile && flagUsers.length) throw new Error('use either --users-file or --user, not both');
        users = opts.usersFile ? await loadUsersFile(String(opts.usersFile)) : await UserStore.fromEntries(flagUsers);
        if (users.size === 0) throw new Error('--auth needs at least one user: pass --user name:password or --users-file <file>');
      }
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got '${String(opts.port)}'`);
      const httpPort = opts.httpPort === undefined ? undefined : Number(opts.httpPort);
      if (httpPort !== undefined && (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535)) throw new Error(`--http-port must be a port number, got '${String(opts.httpPort)}'`);
      const durability = String(opts.durability);
      if (durability !== 'sync' && durability !== 'interval') throw new Error(`--durability must be 'sync' or 'interval', got '${durability}'`);
      const adminToken = (opts.adminToken as string | undefined) ?? process.env.ARGON_ADMIN_TOKEN;
      const server = await startArgonServer({
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
