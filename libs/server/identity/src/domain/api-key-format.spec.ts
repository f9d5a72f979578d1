import { crc32, displayPrefixOf, generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates wsk_live_ keys of 32 random bytes plus a checksum that verifies offline', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^wsk_live_[0-9A-Za-z]{43}[0-9A-Za-z]{6}$/);
    expect(isWellFormedApiKey(key)).toBe(true);
    expect(generateApiKey()).not.toBe(key);
  });

  it('is deterministic for given bytes and keeps leading zero bytes', () => {
    const zeros = generateApiKey(Buffer.alloc(32));
    expect(zeros.slice(9, 52)).toBe('0'.repeat(43));
    expect(isWellFormedApiKey(zeros)).toBe(true);
    const max = generateApiKey(Buffer.alloc(32, 0xff));
    expect(isWellFormedApiKey(max)).toBe(true);
    expect(max.length).toBe(zeros.length);
  });

  it('rejects a key with any character changed, truncated, or with another prefix', () => {
    const key = generateApiKey();
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    let rejected = 0;
    for (let i = 9; i < key.length; i++) {
      const current = key[i] ?? '0';
      const replacement = alphabet[(alphabet.indexOf(current) + 1) % alphabet.length] ?? '0';
      const mutated = key.slice(0, i) + replacement + key.slice(i + 1);
      if (!isWellFormedApiKey(mutated)) rejected++;
    }
    expect(rejected).toBe(key.length - 9);
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(key.replace('wsk_live_', 'wsk_test_'))).toBe(false);
    expect(isWellFormedApiKey(`${key}x`)).toBe(false);
    expect(isWellFormedApiKey('')).toBe(false);
  });

  it('uses the standard CRC-32 (so scanners in other languages agree)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    // Over UTF-8 bytes: c3 a9 is 'é'.
    expect(crc32('é')).toBe(0x0e048d3e);
  });

  it('keeps the checksums of keys already issued (pinned keys)', () => {
    expect(generateApiKey(Buffer.alloc(32))).toBe('wsk_live_000000000000000000000000000000000000000000034EH42');
    expect(generateApiKey(Buffer.alloc(32, 0xff))).toBe('wsk_live_yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp10DdrKQ');
    expect(isWellFormedApiKey('wsk_live_yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp10DdrKQ')).toBe(true);
  });

  it('hashes with SHA-256 and shows only a short prefix', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(displayPrefixOf(key)).toBe(key.slice(0, 17));
    expect(displayPrefixOf(key).length).toBeLessThan(key.length / 2);
  });
});
