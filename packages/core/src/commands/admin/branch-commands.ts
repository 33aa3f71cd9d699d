import { normalizeValue } from '@argon/query';
import { BadInputError } from '../../errors.js';
import { diffSnapshots, documentHistory } from '../../engine/history-diff.js';
import type { BranchInfo } from '../../engine/engine.js';
import { toLsn } from '../../model/lsn.js';
import { parseDbName, assertValidName } from '../../naming/names.js';
import { typeMismatch } from '../args.js';
import type { CommandHandler, Doc } from '../command.js';

function lsnArg(command: string, cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const lsn = toLsn(v);
  if (lsn === undefined) throw new BadInputError(`${command}.${field} must be a non-negative integer LSN (number or Int64), got ${JSON.stringify(String(v))}`, { details: { field } });
  return lsn;
}

function timeArg(command: string, cmd: Doc, field: string): Date | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw new BadInputError(`${command}.${field} must be a date or an ISO 8601 string such as 2026-11-21T10:00:00Z`, { details: { field } });
  return d;
}

function nameArg(command: string, cmd: Doc): string {
  const v = cmd[command];
  if (typeof v !== 'string') throw typeMismatch(command, command, v, 'string');
  assertValidName('branch', v);
  return v;
}

/** The documented reply shape of a branch: `{name, parent, baseLsn, headLsn, createdAt}`. */
export function branchDoc(b: BranchInfo): Doc {
  return {
    name: b.name,
    parent: b.parent,
    baseLsn: b.baseLsn,
    headLsn: b.headLsn,
    createdAt: b.createdAt,
    ...(b.deleted ? { deleted: true } : {}),
    ...(b.resets?.length ? { resets: b.resets } : {}),
  };
}

/** `{argonCreateBranch: name, from?, lsn?, time?}`: from defaults to the database's branch (and point). */
export const argonCreateBranch: CommandHandler = async ({ engine, dbName, cmd }) => {
  const name = nameArg('argonCreateBranch', cmd);
  const target = parseDbName(dbName);
  const from = cmd.from === undefined ? target.branch : cmd.from;
  if (typeof from !== 'string') throw typeMismatch('argonCreateBranch', 'from', from, 'string');
  let lsn = lsnArg('argonCreateBranch', cmd, 'lsn');
  let time = timeArg('argonCreateBranch', cmd, 'time');
  if (lsn === undefined && time === undefined && cmd.from === undefined && target.point) {
    if (target.point.kind === 'lsn') lsn = target.point.lsn;
    else time = target.point.time;
  }
  const branch = await engine.createBranch(target.project, name, { from, ...(lsn !== undefined ? { lsn } : {}), ...(time ? { time } : {}) });
  return { branch: branchDoc(branch), ok: 1 };
};

/** `{argonListBranches: 1}` */
export const argonListBranches: CommandHandler = async ({ engine, dbName, cmd }) => {
  const { project } = parseDbName(dbName);
  const branches = await engine.listBranches(project, { includeDeleted: cmd.includeDeleted === true });
  return { branches: branches.map(branchDoc), ok: 1 };
};

/** `{argonDeleteBranch: name}` */
export const argonDeleteBranch: CommandHandler = async ({ engine, dbName, cmd }) => {
  const name = nameArg('argonDeleteBranch', cmd);
  const branch = await engine.deleteBranch(parseDbName(dbName).project, name);
  return { branch: branchDoc(branch), ok: 1 };
};

/** `{argonResetBranch: name, lsn?, time?, backup?}` */
export const argonResetBranch: CommandHandler = async ({ engine, dbName, cmd }) => {
  const name = nameArg('argonResetBranch', cmd);
  const lsn = lsnArg('argonResetBranch', cmd, 'lsn');
  const time = timeArg('argonResetBranch', cmd, 'time');
  const backup = cmd.backup;
  if (backup !== undefined && typeof backup !== 'string') throw typeMismatch('argonResetBranch', 'backup', backup, 'string');
  const r = await engine.resetBranch(parseDbName(dbName).project, name, { ...(lsn !== undefined ? { lsn } : {}), ...(time ? { time } : {}), ...(backup ? { backup } : {}) });
  return { branch: branchDoc(r.branch), discarded: r.discarded, ...(r.backup ? { backup: branchDoc(r.backup) } : {}), ok: 1 };
};

/** `{argonStatus: 1}`: head LSN of the database's branch and the project's latest LSN. */
export const argonStatus: CommandHandler = async ({ engine, dbName }) => {
  return { ...(await engine.status(dbName)), ok: 1 };
};

/** `{argonHistory: collection, _id}`: every version of one document, oldest first. */
export const argonHistory: CommandHandler = async ({ engine, dbName, cmd }) => {
  const coll = cmd.argonHistory;
  if (typeof coll !== 'string') throw typeMismatch('argonHistory', 'argonHistory', coll, 'string');
  if (!('_id' in cmd)) throw new BadInputError('argonHistory needs the document id: {argonHistory: <collection>, _id: <id>}', { details: { field: '_id' } });
  const { snapshot } = await engine.view(dbName);
  const versions = documentHistory(snapshot, coll, normalizeValue(cmd._id));
  return { versions: versions.map((v) => ({ lsn: v.lsn, time: v.time, op: v.op, doc: v.doc, ...(v.actor ? { actor: v.actor } : {}) })), ok: 1 };
};

/** `{argonDiff: 1, from: dbName, to: dbName, collection?}` */
export const argonDiff: CommandHandler = async ({ engine, cmd }) => {
  const from = cmd.from;
  const to = cmd.to;
  if (typeof from !== 'string') throw typeMismatch('argonDiff', 'from', from, 'string');
  if (typeof to !== 'string') throw typeMismatch('argonDiff', 'to', to, 'string');
  const coll = cmd.collection;
  if (coll !== undefined && typeof coll !== 'string') throw typeMismatch('argonDiff', 'collection', coll, 'string');
  const a = await engine.view(from);
  const b = await engine.view(to);
  if (a.target.project !== b.target.project) throw new BadInputError(`argonDiff compares two points of one project; got '${a.target.project}' and '${b.target.project}'`);
  const d = diffSnapshots(a.snapshot, b.snapshot, coll);
  return { added: d.added, removed: d.removed, changed: d.changed, ok: 1 };
};

