export * from './command.js';
export * from './command-runner.js';
export * from './cursor-registry.js';
export { branchDoc } from './admin/branch-commands.js';
