/**
 * GridFS bucket operations. Uploads take their bytes from `{ $$hexBytes }`,
 * downloads return the file's bytes (matched with `$$matchesHexBytes`).
 * The Node driver has no deleteByName / renameByName; they are built here
 * from the driver's find, delete and the files collection, as the GridFS
 * spec describes them.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { GridFSBucket, GridFSBucketReadStream, ObjectId } from 'mongodb';
import { isPlainDocument } from '../bson-type.js';
import type { BucketEntity } from '../entities.js';
import { RunnerError } from '../errors.js';
import type { Doc } from '../types.js';
import type { OperationTable } from './support.js';
import { required, requiredString, take } from './support.js';

/** A client-side GridFS failure raised by the emulated by-name operations (file not found). */
export class GridFSFileNotFoundError extends Error {
  override readonly name = 'GridFSFileNotFoundError';
}

/** The bytes of a `{ $$hexBytes: "..." }` source. */
export function hexSource(source: unknown): Buffer {
  if (!isPlainDocument(source) || typeof source.$$hexBytes !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(source.$$hexBytes)) {
    throw new RunnerError('upload source must be { $$hexBytes: <even-length hex> }');
  }
  return Buffer.from(source.$$hexBytes, 'hex');
}

async function readAll(stream: GridFSBucketReadStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Upload options of the unified format → the driver's (disableMD5 has no meaning in this driver). */
function uploadOptions(rest: Doc): Doc {
  const out = { ...rest };
  delete out.disableMD5;
  return out;
}

async function upload(bucket: GridFSBucket, args: Doc, withId: boolean): Promise<unknown> {
  const [{ id, filename, source }, rest] = take(args, 'id', 'filename', 'source');
  const bytes = hexSource(source);
  const name = requiredString(filename, 'filename');
  const stream = withId ? bucket.openUploadStreamWithId(required<ObjectId>(id, 'id'), name, uploadOptions(rest)) : bucket.openUploadStream(name, uploadOptions(rest));
  await pipeline(Readable.from(bytes.length > 0 ? [bytes] : []), stream);
  return stream.id;
}

/** The bucket operations, by unified-format name. */
export const bucketOperations: OperationTable<BucketEntity> = {
  upload: {
    async run(t, args) {
      return upload(t.bucket, args, false);
    },
  },
  uploadWithId: {
    async run(t, args) {
      return upload(t.bucket, args, true);
    },
  },
  download: {
    async run(t, args) {
      const [{ id }, rest] = take(args, 'id');
      return readAll(t.bucket.openDownloadStream(required<ObjectId>(id, 'id'), rest));
    },
  },
  downloadByName: {
    async run(t, args) {
      const [{ filename }, rest] = take(args, 'filename');
      return readAll(t.bucket.openDownloadStreamByName(requiredString(filename, 'filename'), rest));
    },
  },
  delete: {
    async run(t, args) {
      const [{ id }, rest] = take(args, 'id');
      await t.bucket.delete(required<ObjectId>(id, 'id'), rest);
      return undefined;
    },
  },
  deleteByName: {
    async run(t, args) {
      const [{ filename }, rest] = take(args, 'filename');
      const files = await t.bucket.find({ filename: requiredString(filename, 'filename') }, rest).toArray();
      if (files.length === 0) throw new GridFSFileNotFoundError(`no file named ${String(filename)}`);
      for (const f of files) await t.bucket.delete(f._id, rest);
      return undefined;
    },
  },
  find: {
    iterable: true,
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return t.bucket.find((filter ?? {}) as Doc, rest).toArray();
    },
  },
  rename: {
    async run(t, args) {
      const [{ id, newFilename }, rest] = take(args, 'id', 'newFilename');
      await t.bucket.rename(required<ObjectId>(id, 'id'), requiredString(newFilename, 'newFilename'), rest);
      return undefined;
    },
  },
  renameByName: {
    async run(t, args) {
      const [{ filename, newFilename }, rest] = take(args, 'filename', 'newFilename');
      const bucketName = (t.bucket as unknown as { s?: { options?: { bucketName?: string } } }).s?.options?.bucketName ?? 'fs';
      const files = t.database.db.collection(`${bucketName}.files`);
      const res = await files.updateMany({ filename: requiredString(filename, 'filename') }, { $set: { filename: requiredString(newFilename, 'newFilename') } }, rest);
      if (res.matchedCount === 0) throw new GridFSFileNotFoundError(`no file named ${String(filename)}`);
      return undefined;
    },
  },
  drop: {
    async run(t, args) {
      await t.bucket.drop(args);
      return undefined;
    },
  },
};
