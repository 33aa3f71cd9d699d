/**
 * The runner's own error classes. They are kept apart from the driver's
 * errors so that a runner problem is never mistaken for an expected
 * client-side error of the operation under test.
 */

/** An assertion of the test failed: the test counts as failed. */
export class AssertionFailure extends Error {
  override readonly name = 'AssertionFailure';
}

/** The test cannot be run here (unsupported feature, requirement): it counts as skipped. */
export class SkipTest extends Error {
  override readonly name = 'SkipTest';
}

/** The test file is malformed or refers to something the runner cannot resolve. */
export class RunnerError extends Error {
  override readonly name = 'RunnerError';
}

/** Throws an {@link AssertionFailure} with `message` unless `condition` holds. */
export function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new AssertionFailure(typeof message === 'string' ? message : message());
}

/** A short one-line description of any thrown value. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const codeName = (err as { codeName?: unknown }).codeName;
    const tag = err.constructor?.name ?? err.name;
    const extra = code !== undefined ? ` (code ${String(code)}${typeof codeName === 'string' ? ` ${codeName}` : ''})` : '';
    return `${tag}: ${err.message}${extra}`;
  }
  return String(err);
}
