/**
 * Tests that fail whatever the server does: the Node driver deviates from
 * the spec, or the spec suite itself depends on state left by other files.
 * They are skipped (with the reason printed) so that failures measure the
 * server. Each entry names the file, the test and why.
 */

/** One known non-server deviation. */
export interface KnownDeviation {
  /** `<folder>/<file>.json`. */
  readonly file: string;
  /** The test's description. */
  readonly test: string;
  readonly reason: string;
}

const BYPASS_FALSE = 'Node driver deviation: omits bypassDocumentValidation: false from the command';

/** The known deviations (of the `mongodb` Node driver this runner is built on, and of the suite). */
export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [
  { file: 'crud/bypassDocumentValidation.json', test: 'Aggregate with $out passes bypassDocumentValidation: false', reason: BYPASS_FALSE },
  { file: 'crud/bypassDocumentValidation.json', test: 'BulkWrite passes bypassDocumentValidation: false', reason: BYPASS_FALSE },
  { file: 'crud/bypassDocumentValidation.json', test: 'FindOneAndReplace passes bypassDocumentValidation: false', reason: BYPASS_FALSE },
  { file: 'crud/bypassDocumentValidation.json', test: 'FindOneAndUpdate passes bypassDocumentValidation: false', reason: BYPASS_FALSE },
  { file: 'crud/bypassDocumentValidation.json', test: 'InsertMany passes bypassDocumentValidation: false', reason: BYPASS_FALSE },
  {
    file: 'gridfs/download.json',
    test: 'download when final chunk is missing',
    reason: 'Node driver deviation: the download stream ends without error when trailing chunks are missing',
  },
  {
    file: 'crud/insertMany-rawdata.json',
    test: 'insertMany with rawData option on less than 8.2.0 - ignore argument',
    reason: 'spec suite artifact: the file has no initialData and inserts _id 2, which insertMany-comment.json leaves in crud-tests.coll0',
  },
];

/** The deviation reason for a test, if it is a known non-server deviation. */
export function knownDeviation(fileLabel: string, testDescription: string): string | undefined {
  return KNOWN_DEVIATIONS.find((d) => d.file === fileLabel && d.test === testDescription)?.reason;
}
