import { AppConfig, MARKETPLACE_TOKEN_AUDIENCE, USER_TOKEN_AUDIENCE } from '@app/platform';

type KeyCallback = (error: Error | null, key?: string) => void;

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
 */
export function keyOfClaimedAudience(config: AppConfig) {
  return (_request: unknown, rawToken: string, done: KeyCallback): void => {
    const audience = claimedAudiences(rawToken).includes(MARKETPLACE_TOKEN_AUDIENCE)
      ? MARKETPLACE_TOKEN_AUDIENCE
      : USER_TOKEN_AUDIENCE;
    done(null, config.tokenSigningKey(audience));
  };
}
