/**
 * `@argon/driver`: `ArgonClient`, a drop-in replacement for the official
 * driver's `MongoClient` with branches and time travel.
 */
export { ArgonClient, type ArgonClientOptions, type PointOptions } from './argon-client.js';
export { ArgonDb } from './db.js';
export { ArgonCollection, type InsertOneResult, type InsertManyResult, type UpdateResult, type DeleteResult, type UpdateOptions, type FindOneAndOptions } from './collection.js';
export { ArgonCursor, ArgonFindCursor, ArgonAggregationCursor, ArgonCommandCursor, type FindOptions } from './cursor.js';
export { type BulkOperation, type BulkResult } from './bulk-write.js';
export { parseConnectionString, type BackendSpec } from './connection-string.js';
export { MongoServerError, MongoBulkWriteError, MongoInvalidArgumentError } from './errors.js';
