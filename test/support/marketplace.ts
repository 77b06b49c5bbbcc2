import { createHash, randomBytes } from 'node:crypto';
import type { SignedInUser } from './identity';
import type { TestApp } from './test-app';

export const TEST_REDIRECT_URI = 'https://app.example.com/oauth/callback';

export interface InstalledApp {
  accessToken: string;
  refreshToken: string;
  installId: string;
  clientId: string;
  clientSecret: string;
  appId: string;
}

/** A PKCE pair (RFC 7636, S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Registers an app in the user's tenant with these scopes; answers the registration (with the one-time secret). */
export async function registerApp(
  t: TestApp,
  user: SignedInUser,
  scopes: string[],
  name = 'Test App',
): Promise<{ id: string; clientId: string; clientSecret: string }> {
  const res = await t
    .http()
    .post('/marketplace/apps')
    .set('Authorization', `Bearer ${user.token}`)
    .send({ name, redirectUris: [TEST_REDIRECT_URI], scopes });
  if (res.status !== 201) throw new Error(`registering the app answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; clientId: string; clientSecret: string };
}

/** Approves the app in the user's tenant and exchanges the code, as a real client would. */
export async function authorizeApp(
  t: TestApp,
  user: SignedInUser,
  app: { clientId: string; clientSecret: string },
  scopes: string[],
): Promise<{ accessToken: string; refreshToken: string; installId: string }> {
  const { verifier, challenge } = pkcePair();
  const consent = await t
    .http()
    .post('/oauth/authorize')
    .set('Authorization', `Bearer ${user.token}`)
    .send({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: TEST_REDIRECT_URI,
      scope: scopes.join(' '),
      state: 'test-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      approve: true,
    });
  if (consent.status !== 200) throw new Error(`authorize answered ${consent.status}: ${JSON.stringify(consent.body)}`);
  const code = new URL((consent.body as { redirectTo: string }).redirectTo).searchParams.get('code');
  const token = await t.http().post('/oauth/token').type('form').send({
    grant_type: 'authorization_code',
    code,
    redirect_uri: TEST_REDIRECT_URI,
    code_verifier: verifier,
    client_id: app.clientId,
    client_secret: app.clientSecret,
  });
  if (token.status !== 200) throw new Error(`token answered ${token.status}: ${JSON.stringify(token.body)}`);
  const body = token.body as { access_token: string; refresh_token: string; install_id: string };
  return { accessToken: body.access_token, refreshToken: body.refresh_token, installId: body.install_id };
}

/**
 * Runs the whole install over HTTP: registers an app in the user's tenant with these scopes, approves it there
 * (POST /oauth/authorize) and exchanges the code with PKCE (POST /oauth/token). The user must be an owner or admin.
 */
export async function installApp(t: TestApp, user: SignedInUser, scopes: string[]): Promise<InstalledApp> {
  const app = await registerApp(t, user, scopes);
  const tokens = await authorizeApp(t, user, app, scopes);
  return { ...tokens, clientId: app.clientId, clientSecret: app.clientSecret, appId: app.id };
}
