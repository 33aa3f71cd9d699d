/**
 * The error hierarchy of `@argon/query`.
 *
 * Every error raised while parsing or evaluating a query, update, projection,
 * sort or pipeline carries MongoDB's numeric `code` and `codeName`, so that the
 * wire server and the driver wrapper can hand it to clients unchanged.
 */

/** MongoDB server error codes used by the query layer, by name. */
export const ERROR_CODES = Object.freeze({
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  Overflow: 15,
  InvalidLength: 16,
  IllegalOperation: 20,
  InvalidPath: 52,
  InvalidIdField: 53,
  NotSingleValueField: 54,
  DollarPrefixedFieldName: 52,
  ImmutableField: 66,
  ConflictingUpdateOperators: 40,
  UnknownUpdateOperator: 9,
  NoQueryExecutionPlans: 291,
  PathNotViable: 28,
  InvalidOptions: 72,
  Location15998: 15998,
  Location16020: 16020,
  Location17276: 17276,
  Location31253: 31253,
  Location31254: 31254,
  Location40352: 40352,
  Location40353: 40353,
  Location40323: 40323,
  Location40324: 40324,
  Location4822870: 4822870,
  Location5732102: 5732102,
  Location15955: 15955,
  Location15959: 15959,
  Location15983: 15983,
  Location16410: 16410,
  Location16554: 16554,
  Location16555: 16555,
  Location16608: 16608,
  Location16609: 16609,
  Location16610: 16610,
  Location16611: 16611,
  Location16612: 16612,
  Location16702: 16702,
  Location16703: 16703,
  Location16837: 16837,
  Location17041: 17041,
  Location28724: 28724,
  Location28745: 28745,
  Location28746: 28746,
  Location28747: 28747,
  Location28748: 28748,
  Location28749: 28749,
  Location28765: 28765,
  Location28766: 28766,
  Location28767: 28767,
  Location28768: 28768,
  Location28769: 28769,
  Location28770: 28770,
  Location28771: 28771,
  Location34471: 34471,
  Location40156: 40156,
  Location40157: 40157,
  Location40158: 40158,
  Location40160: 40160,
  Location40234: 40234,
  Location40237: 40237,
  Location40238: 40238,
  Location40272: 40272,
  Location40319: 40319,
  Location40390: 40390,
  Location50920: 50920,
  Location51024: 51024,
  Location51075: 51075,
  Location51091: 51091,
  Location51246: 51246,
  Location51247: 51247,
  Location6045000: 6045000,
  EmptyFieldName: 56,
  CannotBackfillArray: 34,
  NotExactValueField: 111,
  // Query language, projection and sort (filter/projection/sort helpers).
  IndexNotFound: 27,
  Location15974: 15974,
  Location15975: 15975,
  Location16411: 16411,
  Location17312: 17312,
  Location31249: 31249,
  Location31250: 31250,
  Location31252: 31252,
  Location31255: 31255,
  Location31256: 31256,
  Location31257: 31257,
  Location31258: 31258,
  Location31259: 31259,
  Location31270: 31270,
  Location31271: 31271,
  Location31272: 31272,
  Location31273: 31273,
  Location31274: 31274,
  Location31275: 31275,
  Location31276: 31276,
  Location31287: 31287,
  Location31308: 31308,
  Location31310: 31310,
  Location31325: 31325,
  Location51074: 51074,
  Location51108: 51108,
  Location51270: 51270,
  // Aggregation expressions and pipeline (expression/aggregate helpers).
  InvalidPipelineOperator: 168,
  ConversionFailure: 241,
} as const);

/** Reverse lookup: numeric code → canonical codeName (first name registered wins). */
const CODE_NAMES: ReadonlyMap<number, string> = (() => {
  const m = new Map<number, string>();
  for (const [name, code] of Object.entries(ERROR_CODES)) if (!m.has(code)) m.set(code, name);
  m.set(40, 'ConflictingUpdateOperators');
  m.set(52, 'DollarPrefixedFieldName');
  m.set(9, 'FailedToParse');
  return m;
})();

/** Returns MongoDB's `codeName` for a numeric error code. */
export function codeNameFor(code: number): string {
  return CODE_NAMES.get(code) ?? `Location${code}`;
}

/**
 * Root of the query layer's errors. `code` and `codeName` follow MongoDB.
 */
export class QueryError extends Error {
  readonly code: number;
  readonly codeName: string;
  constructor(code: number, message: string, codeName: string = codeNameFor(code)) {
    super(message);
    this.code = code;
    this.codeName = codeName;
  }
  override get name(): string {
    return 'QueryError';
  }
}

/** A filter, projection, sort or pipeline that cannot be parsed or is invalid. */
export class BadQueryError extends QueryError {
  override get name(): string {
    return 'BadQueryError';
  }
}

/** An update document that is invalid or cannot be applied to a document. */
export class UpdateError extends QueryError {
  override get name(): string {
    return 'UpdateError';
  }
}

/** An aggregation expression or stage that fails at evaluation time. */
export class ExpressionError extends QueryError {
  override get name(): string {
    return 'ExpressionError';
  }
}
