/**
 * A child process for lock and crash tests. Usage:
 *   store-child.ts hold <dir>            open, print "ready <pid>", wait
 *   store-child.ts reserve <dir> <n>     open, reserve n LSNs of "shop" one call at a time, print "reserved <last>", wait
 *   store-child.ts append <dir>          open, append forever, printing "acked <lsn>" after each acknowledged append
 */
import { Int32 } from 'bson';
import { FileStore } from '../../src/index.js';

const [cmd, dir, arg] = process.argv.slice(2);
const store = new FileStore({ dir: dir! });
try {
  await store.open();
} catch (err) {
  process.stdout.write(`error ${(err as Error).name}: ${(err as Error).message}\n`);
  process.exit(3);
}
const write = (line: string): Promise<void> => new Promise((r) => process.stdout.write(`${line}\n`, () => r()));
if (cmd === 'hold') {
  await write(`ready ${process.pid}`);
} else if (cmd === 'reserve') {
  let last = 0;
  for (let i = 0; i < Number(arg); i++) last = await store.reserveLsns('shop', 1);
  await write(`reserved ${last}`);
} else if (cmd === 'append') {
  await write(`ready ${process.pid}`);
  for (let lsn = 1; ; lsn++) {
    await store.append([
      { project: 'shop', lsn, branchId: 'main', ts: Date.now(), collection: 'c', kind: 'put', id: new Int32(lsn), post: { _id: new Int32(lsn), pad: 'y'.repeat(200) }, pre: null, op: { type: 'insert' } },
    ]);
    await write(`acked ${lsn}`);
  }
}
setInterval(() => {}, 1 << 30);
