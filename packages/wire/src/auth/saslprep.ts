/**
 * SASLprep (RFC 4013) for passwords, as MongoDB drivers apply it before
 * SCRAM-SHA-256. ASCII passwords pass through unchanged. Covers the mapping
 * tables, NFKC and the prohibited-output tables; the bidirectional-text check
 * and the unassigned-code-point table are not implemented.
 */
import { ConfigurationError } from '../errors.js';

// RFC 3454 B.1: commonly mapped to nothing.
const MAPPED_TO_NOTHING = /[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/gu;
// RFC 3454 C.1.2: non-ASCII space characters, mapped to SPACE.
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/gu;
// RFC 3454 C.2-C.9: controls, private use, non-characters, surrogates, and the rest.
const PROHIBITED =
  /[\u0000-\u001F\u007F-\u009F\u0340\u0341\u06DD\u070F\u180E\u200C-\u200F\u2028-\u202E\u2060-\u2063\u206A-\u206F\u2FF0-\u2FFB\uD800-\uDFFF\uE000-\uF8FF\uFDD0-\uFDEF\uFEFF\uFFF9-\uFFFF\u{1D173}-\u{1D17A}\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{E0001}\u{E0020}-\u{E007F}\u{EFFFE}-\u{10FFFF}]/u;

/**
 * Prepares a password for SCRAM-SHA-256.
 *
 * @throws ConfigurationError if the prepared password contains a prohibited character.
 */
export function saslprep(value: string): string {
  const prepared = value.replace(MAPPED_TO_NOTHING, '').replace(NON_ASCII_SPACE, ' ').normalize('NFKC');
  const match = PROHIBITED.exec(prepared);
  if (match !== null) {
    const codePoint = match[0].codePointAt(0) ?? 0;
    throw new ConfigurationError(`password contains the prohibited character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} (SASLprep, RFC 4013)`);
  }
  return prepared;
}
