/**
 * The former engine benchmark. Its cases are now workloads of the suite
 * (scripts/bench/workloads/{branch-creation,old-lsn-reads,engine-writes}.ts);
 * this entry point runs just those three:
 *
 *   npx tsx scripts/bench/engine.ts [--quick]
 *
 * equivalent to `pnpm bench --only branch-creation,old-lsn-reads,engine-writes`.
 */
process.argv.push('--only', 'branch-creation,old-lsn-reads,engine-writes');
await import('./run.js');
