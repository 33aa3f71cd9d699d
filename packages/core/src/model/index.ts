export * from './lsn.js';
export * from './project.js';
export * from './branch.js';
export * from './wal-entry.js';
