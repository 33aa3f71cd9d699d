import { ARGON_CODES, type ArgonCode } from '@argon/core';

/**
 * Error codes that only the HTTP API produces (request-level problems), with
 * their HTTP status. Together with {@link ARGON_CODE_HTTP_STATUS} these are
 * every `error.code` the API can return; each is documented in
 * docs/errors.md (a test checks it).
 */
export const HTTP_ERROR_CODES = Object.freeze({
  VALIDATION_FAILED: { status: 400, description: 'A path parameter, query parameter or body field failed its JSON schema; the message names the field (e.g. "body/lsn must be integer").' },
  MALFORMED_JSON: { status: 400, description: 'The request body is not valid JSON (or is empty while Content-Type is application/json).' },
  UNAUTHORIZED: { status: 401, description: 'The route needs `Authorization: Bearer <token>` and the token is missing or wrong, or the server has no admin token and the route changes state.' },
  NOT_FOUND_ROUTE: { status: 404, description: 'No route matches the method and path; see GET /openapi.json or /docs.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body exceeds the size limit (1 MiB).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The body is not application/json.' },
  BAD_REQUEST: { status: 400, description: 'Another malformed request (bad headers, bad Content-Length, ...).' },
  NOT_READY: { status: 503, description: 'The engine is not open (starting or shutting down); returned by GET /ready.' },
} as const);

/** An HTTP-only error code. */
export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;

/** Every code the API can return: an engine ArgonCode or an HTTP-only code. */
export type ApiErrorCode = ArgonCode | HttpErrorCode;

/**
 * The HTTP status of each engine error code. Typed as a full record so that
 * adding an ArgonCode without mapping it fails to compile.
 */
export const ARGON_CODE_HTTP_STATUS: Readonly<Record<ArgonCode, number>> = Object.freeze({
  [ARGON_CODES.BAD_INPUT]: 400,
  [ARGON_CODES.INVALID_NAME]: 400,
  [ARGON_CODES.PROJECT_NOT_FOUND]: 404,
  [ARGON_CODES.PROJECT_EXISTS]: 409,
  [ARGON_CODES.BRANCH_NOT_FOUND]: 404,
  [ARGON_CODES.BRANCH_EXISTS]: 409,
  [ARGON_CODES.BRANCH_PROTECTED]: 409,
  [ARGON_CODES.LSN_OUT_OF_RANGE]: 400,
  [ARGON_CODES.TIME_OUT_OF_RANGE]: 400,
  [ARGON_CODES.READ_ONLY_VIEW]: 409,
  [ARGON_CODES.DUPLICATE_KEY]: 409,
  [ARGON_CODES.QUERY_ERROR]: 400,
  [ARGON_CODES.NAMESPACE_NOT_FOUND]: 404,
  [ARGON_CODES.COMMAND_NOT_FOUND]: 400,
  [ARGON_CODES.UNAUTHORIZED]: 401,
  [ARGON_CODES.LOCKED]: 423,
  [ARGON_CODES.STORAGE_FAILURE]: 500,
  [ARGON_CODES.CORRUPTION]: 500,
  [ARGON_CODES.INTERNAL]: 500,
});

/** The HTTP status of any API error code (500 for an unknown one). */
export function httpStatusOf(code: string): number {
  if (Object.hasOwn(HTTP_ERROR_CODES, code)) return HTTP_ERROR_CODES[code as HttpErrorCode].status;
  if (Object.hasOwn(ARGON_CODE_HTTP_STATUS, code)) return ARGON_CODE_HTTP_STATUS[code as ArgonCode];
  return 500;
}

/** Every API error code, engine codes first. */
export function allApiErrorCodes(): ApiErrorCode[] {
  return [...new Set<ApiErrorCode>([...(Object.values(ARGON_CODES) as ArgonCode[]), ...(Object.keys(HTTP_ERROR_CODES) as HttpErrorCode[])])];
}
