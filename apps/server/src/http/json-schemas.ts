/**
 * JSON schemas of the admin API: request parts are validated with them,
 * responses serialized with them, and the OpenAPI document is generated
 * from them. Objects are plain JSON Schema (draft 7 subset), `as const`.
 */

/** Any Extended JSON value (relaxed): a document, an id, a BSON value. */
export const EJSON_VALUE = Object.freeze({ description: 'Extended JSON (relaxed), e.g. {"$oid": "..."} or {"$date": "..."}' });

/** A document given as Extended JSON. */
export const EJSON_DOCUMENT = Object.freeze({ type: 'object', description: 'a document as Extended JSON, e.g. {"_id": {"$oid": "65f0c1..."}}' });

const NAME_DESCRIPTION = '1–64 characters from [A-Za-z0-9_-] (other names are rejected with INVALID_NAME)';

/** A project or branch name in a path or body. The pattern is checked by the engine, which answers INVALID_NAME. */
export function nameSchema(what: string): Record<string, unknown> {
  return { type: 'string', maxLength: 256, description: `${what} name: ${NAME_DESCRIPTION}` };
}

/** An LSN in a body. */
export const LSN = Object.freeze({ type: 'integer', minimum: 0, description: 'a log sequence number (at most the branch head)' });
/** An ISO 8601 time in a body. */
export const TIME = Object.freeze({ type: 'string', format: 'date-time', description: 'an ISO 8601 time such as 2026-11-21T10:00:00Z; resolves to the last commit at or before it' });
/** A collection name. */
export const COLLECTION = Object.freeze({ type: 'string', minLength: 1, maxLength: 255, description: 'collection name' });

/** Path parameters `:project`. */
export const PROJECT_PARAMS = Object.freeze({
  type: 'object',
  required: ['project'],
  additionalProperties: false,
  properties: { project: nameSchema('project') },
});

/** Path parameters `:project/branches/:branch`. */
export const BRANCH_PARAMS = Object.freeze({
  type: 'object',
  required: ['project', 'branch'],
  additionalProperties: false,
  properties: { project: nameSchema('project'), branch: nameSchema('branch') },
});

/** The body of every error response. */
export const ERROR_RESPONSE = Object.freeze({
  type: 'object',
  description: 'the one error format; `code` is stable (see docs/errors.md)',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', description: 'stable error code, e.g. BRANCH_NOT_FOUND or VALIDATION_FAILED' },
        message: { type: 'string', description: 'what happened, with what input, and what to do next' },
        details: { type: 'object', additionalProperties: true, description: 'machine-readable facts (field, value, headLsn...)' },
        requestId: { type: 'string', description: 'the request id, also in the x-request-id header and the server log' },
      },
    },
  },
});

/** `{200: ok, 4xx: error, 5xx: error}`. */
export function responses(ok: Record<string, unknown>, status = 200): Record<string, unknown> {
  return { [status]: ok, '4xx': ERROR_RESPONSE, '5xx': ERROR_RESPONSE };
}

const RESET_RECORD = {
  type: 'object',
  required: ['atLsn', 'toLsn', 'discarded', 'at'],
  properties: {
    atLsn: { type: 'integer', description: 'the LSN of the reset itself' },
    toLsn: { type: 'integer', description: 'the LSN the branch was reset to' },
    discarded: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'integer' }, to: { type: 'integer' } } },
    at: { type: 'string', format: 'date-time' },
    backup: { type: 'string', description: 'the backup branch that keeps the old head' },
  },
};

const BRANCH_PROPERTIES = {
  name: { type: 'string' },
  parent: { type: ['string', 'null'], description: 'the parent branch (null for main)' },
  baseLsn: { type: 'integer', description: 'fork point: the parent as of this LSN is the initial state' },
  headLsn: { type: 'integer' },
  createdAt: { type: 'string', format: 'date-time' },
  deleted: { type: 'boolean' },
  resets: { type: 'array', items: RESET_RECORD },
};

/** A branch. */
export const BRANCH_VIEW = Object.freeze({ type: 'object', required: ['name', 'parent', 'baseLsn', 'headLsn', 'createdAt'], properties: BRANCH_PROPERTIES });

/** The LSN and time range reachable on a branch. */
export const TIME_RANGE_VIEW = Object.freeze({
  type: 'object',
  required: ['firstLsn', 'headLsn', 'firstTime', 'headTime'],
  properties: {
    firstLsn: { type: 'integer' },
    headLsn: { type: 'integer' },
    firstTime: { type: ['string', 'null'], format: 'date-time' },
    headTime: { type: ['string', 'null'], format: 'date-time' },
  },
});

/** A branch with its reachable range. */
export const BRANCH_DETAIL_VIEW = Object.freeze({
  type: 'object',
  required: [...BRANCH_VIEW.required, 'range'],
  properties: { ...BRANCH_PROPERTIES, range: TIME_RANGE_VIEW },
});

/** A project summary. */
export const PROJECT_VIEW = Object.freeze({
  type: 'object',
  required: ['name', 'createdAt', 'branches', 'lastLsn'],
  properties: {
    name: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    branches: { type: 'integer', description: 'live branches' },
    lastLsn: { type: 'integer', description: 'the highest LSN of the project' },
  },
});

const DIFF_DOC = { type: 'object', required: ['collection', '_id', 'doc'], properties: { collection: { type: 'string' }, _id: EJSON_VALUE, doc: EJSON_VALUE } };
const DIFF_PROPERTIES = {
  from: { type: 'string', description: 'database name of the old side' },
  to: { type: 'string', description: 'database name of the new side' },
  added: { type: 'array', items: DIFF_DOC },
  removed: { type: 'array', items: DIFF_DOC },
  changed: {
    type: 'array',
    items: { type: 'object', required: ['collection', '_id', 'fields'], properties: { collection: { type: 'string' }, _id: EJSON_VALUE, fields: { type: 'array', items: { type: 'string' }, description: 'top-level fields that differ' } } },
  },
};

/** Differences between two points. */
export const DIFF_VIEW = Object.freeze({ type: 'object', required: ['from', 'to', 'added', 'removed', 'changed'], properties: DIFF_PROPERTIES });

/** What a reset would change, and the LSN it would reset to. */
export const RESET_PREVIEW_VIEW = Object.freeze({
  type: 'object',
  required: ['from', 'to', 'added', 'removed', 'changed', 'toLsn'],
  properties: { ...DIFF_PROPERTIES, toLsn: { type: 'integer', description: 'the LSN the reset would go back to' } },
});

/** The result of a reset. */
export const RESET_VIEW = Object.freeze({
  type: 'object',
  required: ['branch', 'discarded'],
  properties: {
    branch: BRANCH_VIEW,
    discarded: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'integer' }, to: { type: 'integer' } }, description: 'the abandoned LSN window (kept in the log for audit)' },
    backup: BRANCH_VIEW,
  },
});

/** One log entry. */
export const LOG_ENTRY_VIEW = Object.freeze({
  type: 'object',
  required: ['lsn', 'time', 'branch', 'collection', 'kind'],
  properties: {
    lsn: { type: 'integer' },
    time: { type: 'string', format: 'date-time' },
    branch: { type: 'string' },
    collection: { type: 'string' },
    kind: { type: 'string', description: 'put, delete, createCollection, dropCollection, createIndex or dropIndex' },
    op: { type: 'string', description: 'insert, update, replace, delete or upsert (document entries)' },
    _id: EJSON_VALUE,
    actor: { type: 'string' },
  },
});

/** One version of a document. */
export const VERSION_VIEW = Object.freeze({
  type: 'object',
  required: ['lsn', 'time', 'op', 'doc'],
  properties: {
    lsn: { type: 'integer' },
    time: { type: ['string', 'null'], format: 'date-time' },
    op: { type: 'string' },
    doc: { ...EJSON_VALUE, description: 'the document after this version (null after a delete), Extended JSON' },
    actor: { type: 'string' },
  },
});

/** `status`. */
export const STATUS_VIEW = Object.freeze({
  type: 'object',
  required: ['storage', 'recovery', 'projects'],
  properties: {
    storage: { type: 'object', additionalProperties: true, description: 'backend facts: kind, location, durability, bytes on disk, WAL counters' },
    recovery: { type: 'object', additionalProperties: true, description: 'what the last start recovered: checkpoint LSN, entries replayed, torn bytes truncated, duration' },
    projects: {
      type: 'array',
      items: { type: 'object', required: PROJECT_VIEW.required, properties: { ...PROJECT_VIEW.properties, branches_detail: { type: 'array', items: BRANCH_VIEW } } },
    },
    server: {
      type: 'object',
      required: ['pid', 'uptimeSeconds'],
      properties: { pid: { type: 'integer' }, uptimeSeconds: { type: 'number' }, connections: { type: 'integer' } },
    },
  },
});
