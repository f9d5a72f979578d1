import { hash, randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';

/**
 * `wsk_live_<43 base62 chars: 32 random bytes><6 base62 chars: CRC32 of everything before>`.
 * The checksum lets secret scanners (and our own guard) tell a real key from noise without a database.
 */
export const API_KEY_PREFIX = 'wsk_live_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
/** Length of every well-formed key: prefix, body, checksum. */
export const API_KEY_LENGTH = API_KEY_PREFIX.length + BODY_LENGTH + CHECKSUM_LENGTH;
const KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}([0-9A-Za-z]{${BODY_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

/** Standard CRC-32 (zlib's, over the UTF-8 bytes), so scanners in other languages compute the same checksum. */
export function crc32(text: string): number {
  return zlibCrc32(text);
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

// A CRC-32 fits a double exactly: plain number arithmetic, no BigInt on the per-request path.
function checksumOf(prefixAndBody: string): string {
  let v = crc32(prefixAndBody);
  let out = '';
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(CHECKSUM_LENGTH, '0');
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

/** The lookup key of a presented key (one-shot crypto.hash: a quarter of createHash's cost per request). */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** What the dashboard shows to recognise a key: the fixed prefix plus 8 characters of the random body. */
export function displayPrefixOf(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 8);
}
