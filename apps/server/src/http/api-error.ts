import type { ApiErrorCode } from './error-codes.js';
import { httpStatusOf } from './error-codes.js';

/** The body of every error response. */
export interface ErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    readonly details: Record<string, unknown>;
    /** The request id (also in the `x-request-id` response header and every log line). */
    readonly requestId?: string;
  };
}

/**
 * An error raised by the HTTP layer itself (auth, readiness), carrying an
 * HTTP-only code; engine errors stay ArgonErrors and are mapped by code.
 */
export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.statusCode = httpStatusOf(code);
  }
  override get name(): string {
    return 'ApiError';
  }
}
