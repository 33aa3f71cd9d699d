/**
 * Child process for the wire benchmarks: `argon serve` on a loopback port in
 * its own process (as users run it), so the server does not share an event
 * loop with the driver that measures it.
 *
 *   node --import tsx wire-server-child.ts <dataDir> <sync|interval>
 *
 * Prints one JSON line `{"port": N}` when listening; answers a `cpu` line on
 * stdin with `{"cpu": {user, system}}` (its process.cpuUsage() in µs); closes
 * (flush, final checkpoint) when its stdin ends or on SIGTERM, then prints
 * `{"closed": true}`.
 */
import { createInterface } from 'node:readline';
import { silentLogger } from '@argon/core';
import { startArgonServer } from '@argon/server';

const [dataDir, durability] = process.argv.slice(2);
if (!dataDir || (durability !== 'sync' && durability !== 'interval')) {
  process.stderr.write('usage: wire-server-child.ts <dataDir> <sync|interval>\n');
  process.exit(2);
}
const server = await startArgonServer({ dataDir, port: 0, durability, logger: silentLogger });
process.stdout.write(`${JSON.stringify({ port: server.wire.address.port })}\n`);
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await server.close();
  process.stdout.write(`${JSON.stringify({ closed: true })}\n`);
  process.exit(0);
};
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() === 'cpu') process.stdout.write(`${JSON.stringify({ cpu: process.cpuUsage() })}\n`);
});
input.on('close', () => void stop());
process.on('SIGTERM', () => void stop());
