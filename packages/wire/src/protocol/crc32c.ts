/**
 * CRC-32C (Castagnoli), the checksum of OP_MSG's `checksumPresent` flag.
 * Slice-by-8 tables: Node 20 has no built-in CRC-32C and a byte-at-a-time loop
 * would dominate the cost of verifying large inserts.
 */

const POLYNOMIAL = 0x82f63b78; // reflected 0x1EDC6F41

// TABLE[k * 256 + b]: CRC contribution of byte b followed by k zero bytes.
const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(8 * 256);
  for (let b = 0; b < 256; b++) {
    let crc = b;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    table[b] = crc >>> 0;
  }
  for (let b = 0; b < 256; b++) {
    for (let k = 1; k < 8; k++) {
      const previous = table[(k - 1) * 256 + b]!;
      table[k * 256 + b] = (previous >>> 8) ^ table[previous & 0xff]!;
    }
  }
  return table;
}

/**
 * Computes the CRC-32C of `data`. Pass the result of a previous call as
 * `previous` to continue a checksum over several chunks.
 *
 * @example crc32c(Buffer.from('123456789')) === 0xe3069283
 */
export function crc32c(data: Uint8Array, previous = 0): number {
  const t = TABLE;
  let crc = ~previous >>> 0;
  let i = 0;
  const end8 = data.length - (data.length % 8);
  while (i < end8) {
    crc ^= (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)) >>> 0;
    crc =
      t[7 * 256 + (crc & 0xff)]! ^
      t[6 * 256 + ((crc >>> 8) & 0xff)]! ^
      t[5 * 256 + ((crc >>> 16) & 0xff)]! ^
      t[4 * 256 + (crc >>> 24)]! ^
      t[3 * 256 + data[i + 4]!]! ^
      t[2 * 256 + data[i + 5]!]! ^
      t[256 + data[i + 6]!]! ^
      t[data[i + 7]!]!;
    i += 8;
  }
  while (i < data.length) {
    crc = t[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
    i++;
  }
  return ~crc >>> 0;
}
