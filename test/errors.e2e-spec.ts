import { Controller, Get } from '@nestjs/common';
import { Anonymous } from '@app/auth';
import { createTestApp, TestApp } from './support/test-app';

@Controller('test-failures')
@Anonymous()
class FailingController {
  @Get('crash')
  crash(): never {
    throw new Error('relation "secret_table" does not exist at /srv/app/internal.ts:42');
  }
}

describe('the error envelope, request ids and probes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ controllers: [FailingController], env: { BODY_LIMIT: '1kb' } });
  });
  afterAll(() => t.close());

  it('answers an unknown route with 404 not_found and a request id that matches the header', async () => {
    const res = await t.http().get('/no-such-route').expect(404);
    expect(res.body).toEqual({
      error: 'not_found',
      message: expect.any(String),
      request_id: res.headers['x-request-id'],
    });
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const echoed = await t.http().get('/healthz').set('X-Request-Id', 'abc-123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.http().get('/healthz').set('X-Request-Id', 'bad id\twith spaces').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with 400 invalid_request', async () => {
    const res = await t
      .http()
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', request_id: res.headers['x-request-id'] });
  });

  it('answers a body nested deeper than validation can walk with 400 invalid_request', async () => {
    const depth = 200;
    const res = await t
      .http()
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":${'['.repeat(depth)}${']'.repeat(depth)},"password":"x"}`)
      .expect(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', request_id: res.headers['x-request-id'] });
    // Ordinary nesting is untouched: this one reaches validation.
    const shallow = await t
      .http()
      .post('/auth/login')
      .send({ email: [[['a@example.com']]], password: 'x' })
      .expect(400);
    expect(shallow.body.error).toBe('validation_failed');
  });

  it('answers a string that is not valid Unicode (a lone surrogate) with 400 invalid_request', async () => {
    for (const body of ['{"email":"\\ud800@example.com","password":"x"}', '{"\\udc00":1}']) {
      const res = await t.http().post('/auth/login').set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body).toMatchObject({ error: 'invalid_request', request_id: res.headers['x-request-id'] });
    }
  });

  it('answers a body that does not decompress with 400 invalid_request', async () => {
    for (const encoding of ['gzip', 'br']) {
      const res = await t
        .http()
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send('not compressed at all')
        .expect(400);
      expect(res.body).toMatchObject({ error: 'invalid_request', request_id: res.headers['x-request-id'] });
    }
  });

  it('answers an oversized body with 413 in the envelope', async () => {
    const res = await t
      .http()
      .post('/auth/login')
      .send({ email: 'a@example.com', password: 'x'.repeat(2000) })
      .expect(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  it('answers a method the path does not serve with 405 method_not_allowed and Allow', async () => {
    const res = await t.http().delete('/auth/login').expect(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.body).toEqual({
      error: 'method_not_allowed',
      message: expect.any(String),
      request_id: res.headers['x-request-id'],
    });
    const onRecord = await t.http().put('/bom/00000000-0000-4000-8000-000000000000').expect(405);
    expect(onRecord.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    // A path no route serves stays a 404, and a catch-all route (the 501 stubs) serves every method.
    await t.http().delete('/no-such-route').expect(404);
  });

  it('answers a body that is neither JSON nor, on /oauth, form-encoded with 415 unsupported_media_type', async () => {
    const res = await t.http().post('/auth/login').set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(res.body).toEqual({
      error: 'unsupported_media_type',
      message: 'The request body must be sent as application/json.',
      request_id: res.headers['x-request-id'],
    });
    await t.http().post('/auth/login').type('form').send('email=a@example.com&password=x').expect(415);
    const token = await t.http().post('/oauth/token').type('form').send('grant_type=password').expect(401);
    expect(token.body).toMatchObject({ error: 'invalid_client', error_description: token.body.message });
  });

  it('answers a URL or header block over the server limit with 431 in the envelope', async () => {
    for (const request of [
      t.http().get(`/healthz?padding=${'x'.repeat(20_000)}`),
      t.http().get('/healthz').set('X-Padding', 'x'.repeat(20_000)),
    ]) {
      const res = await request.expect(431);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        error: 'request_header_fields_too_large',
        message: expect.any(String),
        request_id: res.headers['x-request-id'],
      });
    }
  });

  it('answers a NUL character in a stored string with 400 invalid_request and stores nothing', async () => {
    const email = `nul-${Date.now()}@example.com`;
    const res = await t
      .http()
      .post('/auth/register')
      .send({ email, password: 'long enough password', name: 'a\u0000b', orgName: 'Org', entityName: 'Plant' })
      .expect(400);
    expect(res.body).toEqual({
      error: 'invalid_request',
      message: expect.any(String),
      request_id: res.headers['x-request-id'],
    });
    expect(await t.sql('SELECT id FROM users WHERE email = $1', [email])).toEqual([]);
  });

  it('answers an unexpected error with 500 internal_error and nothing of the cause', async () => {
    const res = await t.http().get('/test-failures/crash').expect(500);
    expect(res.body).toEqual({
      error: 'internal_error',
      message: 'Something went wrong on our side.',
      request_id: res.headers['x-request-id'],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/secret_table|internal\.ts|at /);
  });

  it('serves liveness and readiness probes', async () => {
    expect((await t.http().get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    expect((await t.http().get('/readyz').expect(200)).body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('serves the OpenAPI document with every route', async () => {
    const res = await t.http().get('/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/auth/register', '/auth/me', '/orgs/{orgId}/entities', '/healthz']),
    );
    expect(res.body.paths['/auth/me'].get.security).toEqual([{ user: [] }]);
    await t.http().get('/docs').expect(200);
  });
});
