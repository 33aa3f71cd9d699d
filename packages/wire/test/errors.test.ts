import { describe, expect, it } from 'vitest';
import {
  AuthenticationFailedError,
  ConfigurationError,
  MechanismUnavailableError,
  MessageFormatError,
  TransactionsNotSupportedError,
  UnauthorizedError,
  UnsupportedOpQueryError,
  WIRE_ERROR_CODES,
  WireError,
} from '../src/errors.js';

describe('wire errors', () => {
  it.each([
    [new MessageFormatError('m'), 'MessageFormatError', 2, 'BadValue'],
    [new UnauthorizedError('find'), 'UnauthorizedError', 13, 'Unauthorized'],
    [new AuthenticationFailedError('why'), 'AuthenticationFailedError', 18, 'AuthenticationFailed'],
    [new MechanismUnavailableError('PLAIN'), 'MechanismUnavailableError', 334, 'MechanismUnavailable'],
    [new TransactionsNotSupportedError(), 'TransactionsNotSupportedError', 20, 'IllegalOperation'],
    [new UnsupportedOpQueryError('find'), 'UnsupportedOpQueryError', 352, 'UnsupportedOpQueryCommand'],
    [new ConfigurationError('c'), 'ConfigurationError', 2, 'BadValue'],
  ])('%s has its name, code and codeName', (error, name, code, codeName) => {
    expect(error).toBeInstanceOf(WireError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.codeName).toBe(codeName);
    expect(WIRE_ERROR_CODES[codeName as keyof typeof WIRE_ERROR_CODES]).toBe(code);
  });

  it('keeps the authentication failure reason out of the message', () => {
    const error = new AuthenticationFailedError("wrong password for user 'alice'");
    expect(error.message).toBe('Authentication failed.');
    expect(error.reason).toContain('alice');
  });

  it('uses the codeName passed to MessageFormatError', () => {
    expect(new MessageFormatError('x', 'ProtocolError').code).toBe(17);
  });
});
