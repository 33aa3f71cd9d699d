import { describe, expect, it } from 'vitest';
import { saslprep } from '../../src/auth/saslprep.js';
import { ConfigurationError } from '../../src/errors.js';

describe('saslprep', () => {
  it('leaves ASCII passwords unchanged', () => {
    expect(saslprep('s3cr3t pass:word!')).toBe('s3cr3t pass:word!');
  });

  // Examples from RFC 4013 section 3.
  it('follows the RFC 4013 examples', () => {
    expect(saslprep('I\u00ADX')).toBe('IX');
    expect(saslprep('user')).toBe('user');
    expect(saslprep('USER')).toBe('USER');
    expect(saslprep('\u00AA')).toBe('a');
    expect(saslprep('\u2168')).toBe('IX');
    expect(() => saslprep('\u0007')).toThrow(ConfigurationError);
  });

  it('maps non-ASCII spaces to SPACE and rejects private-use characters', () => {
    expect(saslprep('a\u3000b')).toBe('a b');
    expect(() => saslprep('a\uE000')).toThrow(/U\+E000/);
  });
});
