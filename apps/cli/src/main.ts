import { Command } from 'commander';
import { registerServe } from './commands/serve.js';

const program = new Command();
program
  .name('argon')
  .description('Branching and time travel for MongoDB data')
  .option('--data-dir <dir>', 'embedded data directory (default ./argon-data or ARGON_DATA_DIR)')
  .option('--uri <mongodb-uri>', 'use the MongoDB storage backend')
  .option('--json', 'machine-readable output');

const globals = () => {
  const o = program.opts<{ dataDir?: string; uri?: string }>();
  return { dataDir: o.dataDir ?? process.env.ARGON_DATA_DIR ?? './argon-data', ...(o.uri ? { uri: o.uri } : {}) };
};

registerServe(program, globals);

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { message?: string; isUserError?: boolean };
  process.stderr.write(`argon: ${e.message ?? String(err)}\n`);
  process.exit(e.isUserError === false ? 2 : 1);
});
