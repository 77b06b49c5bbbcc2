import { createSecretKey, KeyObject } from 'node:crypto';
import { AppConfig, MARKETPLACE_TOKEN_AUDIENCE, USER_TOKEN_AUDIENCE } from '@app/platform';

/** passport-jwt's types stop at string | Buffer, but it hands the key to jsonwebtoken, which takes a KeyObject. */
type KeyCallback = (error: Error | null, key?: string | Buffer) => void;

/** The `aud` a JWT claims, read without verifying anything (the verification with the chosen key follows). */
function claimedAudiences(rawToken: string): unknown[] {
  try {
    const payload = JSON.parse(Buffer.from(rawToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    const aud = (payload as { aud?: unknown } | null)?.aud;
    return ([] as unknown[]).concat(aud ?? []);
  } catch {
    return [];
  }
}

/**
 * passport-jwt's `secretOrKeyProvider` for both layers: a token is verified with the key of the audience it claims,
 * so a genuine token of the other audience still verifies and is turned away with `invalid_token_audience` (the
 * message API.md fixes), while a token whose audience was rewritten no longer matches its signature.
 *
 * The keys are prepared once as KeyObjects: handed a string, jsonwebtoken tries `createPublicKey` on it at every
 * verify and falls back to a secret key in a `catch`, about a millisecond a request; a KeyObject skips all that.
 * The bytes are the key string's UTF-8, as jsonwebtoken signs with a string key.
 */
export function keyOfClaimedAudience(config: AppConfig) {
  const keys = new Map<string, KeyObject>();
  const keyOf = (audience: string): KeyObject => {
    let key = keys.get(audience);
    if (!key) {
      key = createSecretKey(Buffer.from(config.tokenSigningKey(audience), 'utf8'));
      keys.set(audience, key);
    }
    return key;
  };
  return (_request: unknown, rawToken: string, done: KeyCallback): void => {
    const audience = claimedAudiences(rawToken).includes(MARKETPLACE_TOKEN_AUDIENCE)
      ? MARKETPLACE_TOKEN_AUDIENCE
      : USER_TOKEN_AUDIENCE;
    done(null, keyOf(audience) as unknown as Buffer);
  };
}
