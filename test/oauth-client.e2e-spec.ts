import type { AddressInfo } from 'node:net';
import * as oauth from 'oauth4webapi';
import { createTestApp, TestApp } from './support/test-app';
import { registerUser, SignedInUser } from './support/identity';
import { registerApp, TEST_REDIRECT_URI } from './support/marketplace';

/**
 * An integrator's OAuth client library (oauth4webapi) against the running server over real HTTP: discovery
 * (RFC 8414), the authorization code with PKCE, refresh, revocation, and an error it can read.
 */
describe('OAuth with an off-the-shelf client library', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let issuer: URL;
  let as: oauth.AuthorizationServer;
  let client: oauth.Client;
  let clientAuth: oauth.ClientAuth;
  // The test server speaks plain http on 127.0.0.1; production issuers are https.
  const insecure = { [oauth.allowInsecureRequests]: true };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    issuer = new URL(`http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`);
    owner = await registerUser(t, 'oauth-client-owner');
    const app = await registerApp(t, owner, ['bom:read', 'inventory:read']);
    client = { client_id: app.clientId };
    clientAuth = oauth.ClientSecretBasic(app.clientSecret);
  });

  afterAll(async () => {
    await t.close();
  });

  /** The owner's consent, given the way the frontend gives it: the redirect the browser would follow. */
  async function consent(challenge: string, state: string): Promise<URL> {
    const authorize = new URL(as.authorization_endpoint!);
    const res = await t
      .http()
      .post(authorize.pathname)
      .set('Authorization', `Bearer ${owner.token}`)
      .send({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: TEST_REDIRECT_URI,
        scope: 'bom:read',
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        approve: true,
      })
      .expect(200);
    return new URL(res.body.redirectTo);
  }

  it('discovers the server: endpoints, grants, S256 only, client authentication and scopes', async () => {
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
    expect(as).toMatchObject({
      issuer: issuer.origin,
      authorization_endpoint: `${issuer.origin}/oauth/authorize`,
      token_endpoint: `${issuer.origin}/oauth/token`,
      revocation_endpoint: `${issuer.origin}/oauth/revoke`,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    expect(as.scopes_supported).toEqual(expect.arrayContaining(['bom:read', 'webhook:create', 'inventory:read']));
  });

  it('installs with code + PKCE, refreshes and revokes, and reads error_description on a revoked token and a replayed code', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const redirect = await consent(await oauth.calculatePKCECodeChallenge(verifier), state);
    const callback = oauth.validateAuthResponse(as, client, redirect, state);

    const grant = () =>
      oauth.authorizationCodeGrantRequest(as, client, clientAuth, callback, TEST_REDIRECT_URI, verifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, await grant());
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'bom:read', expires_in: expect.any(Number) });
    await t.http().get('/public/v1/me').set('Authorization', `Bearer ${tokens.access_token}`).expect(200);

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure),
    );
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await t.http().get('/public/v1/me').set('Authorization', `Bearer ${refreshed.access_token}`).expect(200);

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, clientAuth, refreshed.refresh_token!, insecure),
    );
    const afterRevoke = await oauth
      .processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshed.refresh_token!, insecure),
      )
      .catch((e: unknown) => e);
    expect(afterRevoke).toBeInstanceOf(oauth.ResponseBodyError);
    expect(afterRevoke).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/\w+ \w+/) });

    // A replayed code is refused, with a description the library surfaces.
    const replay = await oauth.processAuthorizationCodeResponse(as, client, await grant()).catch((e: unknown) => e);
    expect(replay).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/\w+ \w+/) });
  });

  it('answers a wrong client secret with a Basic challenge and invalid_client with its description', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const callback = oauth.validateAuthResponse(
      as,
      client,
      await consent(await oauth.calculatePKCECodeChallenge(verifier), state),
      state,
    );
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretPost('not-the-secret'),
      callback,
      TEST_REDIRECT_URI,
      verifier,
      insecure,
    );
    const error = await oauth.processAuthorizationCodeResponse(as, client, response).catch((e: unknown) => e);
    // A 401 with `WWW-Authenticate: Basic` surfaces as the challenge; the RFC 6749 body rides on its response.
    expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const challenge = error as oauth.WWWAuthenticateChallengeError;
    expect(challenge.cause[0]).toMatchObject({ scheme: 'basic' });
    const body = (await challenge.response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      error: 'invalid_client',
      error_description: body.message,
      request_id: expect.any(String),
    });
  });
});
