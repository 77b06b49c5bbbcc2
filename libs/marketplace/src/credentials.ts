import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets, authorization codes, refresh tokens and access-token ids are 256-bit random values, so a plain
 * SHA-256 of them is what is stored; a slow password hash would add nothing against guessing.
 */
export function newCredential(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** A public client identifier: not a secret, but unguessable so that apps cannot be enumerated. */
export function newClientId(): string {
  return `hbc_${randomBytes(16).toString('hex')}`;
}

/** What newClientId makes: anything else names no app, and is refused before it reaches the database. */
export function isClientId(value: string): boolean {
  return /^hbc_[0-9a-f]{32}$/.test(value);
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares a presented credential with a stored hash in constant time. */
export function matchesHash(presented: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = createHash('sha256').update(presented, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge, compared in constant time. */
export function verifiesPkceChallenge(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
