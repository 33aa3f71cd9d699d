/** `hostInfo`: the machine Argon runs on. */
import { arch, availableParallelism, hostname, release, totalmem, type } from 'node:os';
import type { BuiltInCommands } from './built-in-command.js';

// mongod reports 'Windows' where Node says 'Windows_NT'.
function osType(): string {
  const name = type();
  return name === 'Windows_NT' ? 'Windows' : name;
}

/** `hostInfo`. */
export const hostInfoCommands: BuiltInCommands = {
  hostInfo: () => ({
    system: {
      currentTime: new Date(),
      hostname: hostname(),
      cpuAddrSize: arch().endsWith('64') ? 64 : 32,
      memSizeMB: Math.round(totalmem() / (1024 * 1024)),
      numCores: availableParallelism(),
      cpuArch: arch(),
      numaEnabled: false,
    },
    os: { type: osType(), name: osType(), version: release() },
    extra: {},
    ok: 1,
  }),
};
