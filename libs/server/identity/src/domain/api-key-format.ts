import { createHash, randomBytes } from 'node:crypto';

/**
 * `wsk_live_<43 base62 chars: 32 random bytes><6 base62 chars: CRC32 of everything before>`.
 * The checksum lets secret scanners (and our own guard) tell a real key from noise without a database.
 */
export const API_KEY_PREFIX = 'wsk_live_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}([0-9A-Za-z]{${BODY_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function toBase62(value: bigint, length: number): string {
  let out = '';
  let v = value;
  while (v > 0n) {
    out = BASE62[Number(v % 62n)] + out;
    v /= 62n;
  }
  return out.padStart(length, '0');
}

function checksumOf(prefixAndBody: string): string {
  return toBase62(BigInt(crc32(prefixAndBody)), CHECKSUM_LENGTH);
}

export function generateApiKey(random: Buffer = randomBytes(32)): string {
  if (random.length < 32) throw new Error('An API key needs at least 32 random bytes.');
  const body = toBase62(BigInt(`0x${random.subarray(0, 32).toString('hex')}`), BODY_LENGTH);
  const head = `${API_KEY_PREFIX}${body}`;
  return `${head}${checksumOf(head)}`;
}

/** Shape and checksum only: no I/O, safe to run on every request before touching the database. */
export function isWellFormedApiKey(candidate: string): boolean {
  const match = KEY_PATTERN.exec(candidate);
  if (!match) return false;
  return checksumOf(`${API_KEY_PREFIX}${match[1]}`) === match[2];
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What the dashboard shows to recognise a key: the fixed prefix plus 8 characters of the random body. */
export function displayPrefixOf(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 8);
}
