import * as argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): strong enough, and keeps a login well under 100 ms on a small box.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash is a failed check, never a crash that would tell the caller the account exists.
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Verified against when the email is unknown, so both answers take the same time. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword('retailos-timing-equaliser');
  return dummy;
}
