/**
 * Limits and protocol versions the server advertises in `hello`, and the
 * defaults of {@link WireServerOptions}.
 */

/** Largest BSON document a client may send or receive. */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
/** Default largest wire message (MongoDB's value). */
export const DEFAULT_MAX_MESSAGE_SIZE_BYTES = 48_000_000;
/** Largest number of statements in one write command. */
export const MAX_WRITE_BATCH_SIZE = 100_000;
/** Oldest wire version spoken: 0, so that pymongo 3.11 (max 9) and older tools connect. */
export const MIN_WIRE_VERSION = 0;
/** Wire version of MongoDB 7.0; the Node driver 7 needs at least 8. */
export const MAX_WIRE_VERSION = 21;
/** Advertised session timeout; without it the Node driver disables sessions. */
export const LOGICAL_SESSION_TIMEOUT_MINUTES = 30;
/** Default listen address: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
/** Default port (mongod's 27017 plus one, so both can run side by side). */
export const DEFAULT_PORT = 27018;
/** Default connection limit. */
export const DEFAULT_MAX_CONNECTIONS = 1000;
/**
 * Received but unprocessed messages per connection before the server stops
 * reading from the socket; a client that pipelines requests cannot grow
 * server memory without bound.
 */
export const MAX_QUEUED_MESSAGES = 1024;
/** How long a closed-by-server connection may linger half-open before it is destroyed. */
export const CLOSE_GRACE_MS = 1000;
