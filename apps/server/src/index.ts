/** `@argon/server`: `argon serve` — the wire server and the admin HTTP API over one engine. */
export { startArgonServer, ARGON_VERSION, type ArgonServer, type ArgonServerOptions } from './argon-server.js';
export { readServerInfo, writeServerInfo, removeServerInfo, SERVER_INFO_FILE, type ServerInfo } from './data-dir-info.js';
export type * from './admin/admin-types.js';
export { AdminService, type AdminServiceOptions } from './admin/admin-service.js';
export { createArgonMetrics, watchEngine, instrumentRunner, type ArgonMetrics, type RunnerLike } from './metrics/index.js';
