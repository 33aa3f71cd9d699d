import { describe, expect, it } from 'vitest';
import { TransactionsNotSupportedError, WireError } from '../../src/errors.js';
import { errorReply } from '../../src/server/error-reply.js';
import { RecordingLogger } from '../support/recording-logger.js';

describe('errorReply', () => {
  it('maps a coded error to ok:0 with errmsg, code and codeName, without logging it', () => {
    const logger = new RecordingLogger();
    expect(errorReply(new TransactionsNotSupportedError(), logger)).toMatchObject({ ok: 0, code: 20, codeName: 'IllegalOperation' });
    expect(logger.entries).toHaveLength(0);
  });

  it('derives a codeName when the error has none', () => {
    expect(errorReply({ code: 12345, message: 'odd' }, new RecordingLogger())).toEqual({ ok: 0, errmsg: 'odd', code: 12345, codeName: 'Location12345' });
  });

  it('treats non-errors and code-less errors as InternalError and logs them', () => {
    const logger = new RecordingLogger();
    expect(errorReply('just a string', logger, { connectionId: 1 })).toEqual({ ok: 0, errmsg: 'just a string', code: 1, codeName: 'InternalError' });
    expect(errorReply(Object.assign(new Error('bad'), { code: 'ENOENT' }), logger)).toMatchObject({ code: 1, errmsg: 'bad' });
    expect(logger.entries.map((entry) => entry.level)).toEqual(['error', 'error']);
    expect(logger.entries[0]?.fields['connectionId']).toBe(1);
  });

  it('keeps errInfo (document validation) and violations (unique index conversion)', () => {
    const validation = { code: 121, codeName: 'DocumentValidationFailure', message: 'Document failed validation', errInfo: { failingDocumentId: 1 } };
    expect(errorReply(validation, new RecordingLogger())).toEqual({ ok: 0, errmsg: 'Document failed validation', code: 121, codeName: 'DocumentValidationFailure', errInfo: { failingDocumentId: 1 } });
    const conversion = { code: 359, codeName: 'CannotConvertIndexToUnique', message: 'Cannot convert', violations: [{ ids: [1, 2] }] };
    expect(errorReply(conversion, new RecordingLogger())).toMatchObject({ code: 359, violations: [{ ids: [1, 2] }] });
  });

  it('omits empty errorLabels', () => {
    const error = Object.assign(new WireError('x', 'BadValue'), { errorLabels: [] });
    expect(errorReply(error, new RecordingLogger())).not.toHaveProperty('errorLabels');
  });
});
