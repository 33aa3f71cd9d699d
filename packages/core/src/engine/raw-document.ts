import { deserialize } from 'bson';

const OPTIONS = { promoteValues: false, bsonRegExp: true, allowObjectSmallerThanBufferSize: true, index: 0 };

/**
 * A document still in its BSON bytes: what recovery's replay stores as a
 * version's post-image instead of decoding it. Most replayed versions are
 * history nobody reads, so decoding is left to the first read, which
 * replaces the raw bytes by the document (see `VersionChain.doc`). The bytes
 * are a view into the log read buffer, which they keep alive until then.
 */
export class RawDocument {
  constructor(
    readonly buffer: Uint8Array,
    readonly offset: number,
  ) {}

  /** Decodes the document, keeping BSON types as `bson.deserialize({promoteValues: false, bsonRegExp: true})` does. */
  decode(): Record<string, unknown> {
    OPTIONS.index = this.offset;
    return deserialize(this.buffer, OPTIONS) as Record<string, unknown>;
  }
}
