/** A project: the unit of LSN ordering, addressed like a MongoDB database name. */
export interface ProjectRecord {
  /** Project name, `[A-Za-z0-9_-]+`. */
  readonly name: string;
  readonly createdAt: Date;
  /** Soft-deleted projects keep their log; the name can be reused after deletion. */
  readonly deleted: boolean;
  readonly deletedAt?: Date;
}
