import { ArgonError, ARGON_CODES, StorageError } from '@argon/core';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/http/api-error.js';
import { classifyError, describeProblem, formatSchemaErrors } from '../../src/http/error-handler.js';

describe('error classification', () => {
  it('maps ArgonErrors by code, keeping their details', () => {
    const c = classifyError(new ArgonError('gone', { argonCode: ARGON_CODES.BRANCH_NOT_FOUND, code: 26, details: { branch: 'x' } }));
    expect(c).toEqual({ status: 404, code: 'BRANCH_NOT_FOUND', message: 'gone', details: { branch: 'x', mongoCode: 26, codeName: 'NamespaceNotFound' }, internal: false });
    expect(classifyError(new StorageError('disk full'))).toMatchObject({ status: 500, code: 'STORAGE_FAILURE', message: 'disk full', internal: true });
  });

  it('maps HTTP-layer errors and hides unexpected ones', () => {
    expect(classifyError(new ApiError('NOT_READY', 'starting'))).toMatchObject({ status: 503, code: 'NOT_READY', internal: false });
    const hidden = classifyError(new TypeError('secret internals'));
    expect(hidden).toMatchObject({ status: 500, code: 'INTERNAL', internal: true });
    expect(hidden.message).not.toContain('secret internals');
    expect(classifyError(Object.assign(new Error('x'), { statusCode: 431, code: 'FST_ERR_X' }))).toMatchObject({ status: 431, code: 'BAD_REQUEST', details: { fastifyCode: 'FST_ERR_X' } });
  });

  it('names the field of schema problems', () => {
    expect(describeProblem('body', { instancePath: '/lsn', keyword: 'type', message: 'must be integer' })).toBe('body/lsn must be integer');
    expect(describeProblem('body', { instancePath: '', keyword: 'required', params: { missingProperty: 'as' } })).toBe('body/as is required');
    expect(describeProblem('querystring', { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'x' } })).toBe('querystring/x is not allowed (unknown field)');
    expect(formatSchemaErrors([{ instancePath: '/a', keyword: 'type', message: 'must be string' }, { instancePath: '/b', keyword: 'minimum', message: 'must be >= 0' }], 'body').message).toBe(
      'body/a must be string, body/b must be >= 0',
    );
  });
});
