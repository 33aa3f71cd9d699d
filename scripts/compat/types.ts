/**
 * The shapes of a unified-format spec test file, as far as the runner reads
 * them. Values come from an Extended JSON parse, so documents hold BSON
 * classes (ObjectId, Long, Binary, …) as well as plain JSON values.
 */

/** A document from a test file or from the driver. */
export type Doc = Record<string, unknown>;

/** One `runOnRequirements` entry. */
export interface RunOnRequirement {
  readonly minServerVersion?: string;
  readonly maxServerVersion?: string;
  readonly topologies?: readonly string[];
  readonly serverless?: 'require' | 'forbid' | 'allow';
  readonly serverParameters?: Doc;
  readonly auth?: boolean;
  readonly authMechanism?: string;
  readonly csfle?: boolean | Doc;
}

/** `initialData` / `outcome` element. */
export interface CollectionData {
  readonly collectionName: string;
  readonly databaseName: string;
  readonly createOptions?: Doc;
  readonly documents: readonly Doc[];
}

/** One `createEntities` element: exactly one key naming the entity type. */
export type EntityDescription = Readonly<Record<string, Doc>>;

/** One element of `test.operations` (or of a nested operation list). */
export interface OperationDescription {
  readonly name: string;
  readonly object: string;
  readonly arguments?: Doc;
  readonly expectResult?: unknown;
  readonly expectError?: ExpectedError;
  readonly saveResultAsEntity?: string;
  readonly ignoreResultAndError?: boolean;
}

/** `expectError`. */
export interface ExpectedError {
  readonly isError?: boolean;
  readonly isClientError?: boolean;
  readonly isTimeoutError?: boolean;
  readonly errorContains?: string;
  readonly errorCode?: number;
  readonly errorCodeName?: string;
  readonly errorLabelsContain?: readonly string[];
  readonly errorLabelsOmit?: readonly string[];
  readonly errorResponse?: Doc;
  readonly expectResult?: unknown;
  readonly writeErrors?: Doc;
  readonly writeConcernErrors?: readonly Doc[];
}

/** `expectEvents` element. */
export interface ExpectedEventsForClient {
  readonly client: string;
  readonly eventType?: 'command' | 'cmap' | 'sdam';
  readonly events: readonly Readonly<Record<string, Doc>>[];
  readonly ignoreExtraEvents?: boolean;
}

/** One test of a file. */
export interface TestDescription {
  readonly description: string;
  readonly runOnRequirements?: readonly RunOnRequirement[];
  readonly skipReason?: string;
  readonly operations: readonly OperationDescription[];
  readonly expectEvents?: readonly ExpectedEventsForClient[];
  readonly expectLogMessages?: readonly unknown[];
  readonly expectTracingMessages?: unknown;
  readonly outcome?: readonly CollectionData[];
}

/** A whole unified-format test file. */
export interface TestFile {
  readonly description: string;
  readonly schemaVersion: string;
  readonly runOnRequirements?: readonly RunOnRequirement[];
  readonly createEntities?: readonly EntityDescription[];
  readonly initialData?: readonly CollectionData[];
  readonly tests: readonly TestDescription[];
}
