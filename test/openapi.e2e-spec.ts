import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import ts from 'typescript';
import { registerUser } from './support/identity';
import { installApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; schema?: Json }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema: Json }>; headers?: Json }>;
}

const ROOT = join(__dirname, '..');

/** What this test uses of examples/public-client.ts (its own types come from the generated file it is built with). */
interface ExampleClient {
  connect(baseUrl: string, accessToken: string): unknown;
  listBoms(client: unknown, tenant: { orgId: string; entityId: string }): Promise<{ id: string; code: string }[]>;
  explodeBom(client: unknown, tenant: object, bom: { id: string }, quantity: string): Promise<unknown>;
  shoppingList(explosion: unknown): string[];
  HelloBooksError: new (...args: never[]) => Error;
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The integrators' tools (ES modules) run under node; each prints one JSON answer. */
function tool<T>(...args: string[]): T {
  const out = execFileSync(process.execPath, [join(ROOT, 'test/support/openapi-tools.mjs'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return JSON.parse(out) as T;
}

function refsIn(value: unknown): string[] {
  const refs: string[] = [];
  JSON.stringify(value, (key, inner: unknown) => {
    if (key === '$ref' && typeof inner === 'string') refs.push(inner.replace('#/components/schemas/', ''));
    return inner;
  });
  return refs;
}

/**
 * The document the running server serves, checked the way integrators check it: Redocly's recommended rules,
 * swagger-parser, and a client generated with openapi-typescript that must compile under --strict. Every route
 * of the app is in it, so a new route without an answer, a summary or its errors fails here.
 */
describe('the served OpenAPI document', () => {
  let t: TestApp;
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };
  let work: string;
  let documentPath: string;
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] })),
    );

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http().get('/openapi.json').expect(200)).body as typeof document;
    // Under node_modules, so the example client resolves openapi-fetch as it would in an app of its own.
    mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
    work = mkdtempSync(join(ROOT, 'node_modules/.cache/hellobooks-openapi-'));
    documentPath = join(work, 'openapi.json');
    writeFileSync(documentPath, JSON.stringify(document));
  });

  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await t.close();
  });

  it('passes Redocly lint with the recommended rules: no errors', () => {
    const problems = tool<{ rule: string; severity: string; message: string; where: string }[]>('lint', documentPath);
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('is a valid OpenAPI document for swagger-parser', () => {
    expect(tool('validate', documentPath)).toEqual({ valid: true });
  });

  it('is built from swagger metadata that matches the code (npm run openapi:metadata)', () => {
    const fresh = join(work, 'metadata');
    mkdirSync(fresh);
    execFileSync(process.execPath, [join(ROOT, 'scripts/openapi-metadata.mjs'), fresh], { cwd: ROOT });
    const stale =
      readFileSync(join(fresh, 'openapi-metadata.ts'), 'utf8') !==
      readFileSync(join(ROOT, 'apps/api/src/openapi-metadata.ts'), 'utf8');
    if (stale)
      throw new Error('apps/api/src/openapi-metadata.ts is stale: run npm run openapi:metadata and commit it.');
  });

  it('gives every operation a summary, a unique id, its security and a success answer with a schema', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, summary: operation.summary }).toEqual({ where, summary: expect.stringMatching(/\w/) });
      expect({ where, security: Array.isArray(operation.security) }).toEqual({ where, security: true });
      const success = Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));
      if (operation.responses['501']) {
        // Announced, not built: the 501 is its only answer.
        expect({ where, success }).toEqual({ where, success: [] });
        continue;
      }
      expect({ where, success: success.length }).toEqual({ where, success: 1 });
      if (success[0] !== '204') {
        const schema = operation.responses[success[0]].content?.['application/json']?.schema;
        expect({ where, schema: schema !== undefined }).toEqual({ where, schema: true });
      }
    }
  });

  it('documents every error answer with the envelope, 401 on secured routes and 400 where there is input', () => {
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      const errors = Object.entries(operation.responses).filter(([status]) => status === 'default' || +status >= 400);
      for (const [status, response] of errors) {
        expect({ where, status, schema: response.content?.['application/json']?.schema }).toEqual({
          where,
          status,
          schema: { $ref: '#/components/schemas/ErrorEnvelope' },
        });
      }
      const statuses = errors.map(([status]) => status);
      if ((operation.security ?? []).length > 0)
        expect({ where, statuses }).toEqual({ where, statuses: expect.arrayContaining(['401']) });
      if (
        operation.security?.some(
          (requirement) => 'user' in (requirement as Json) || 'marketplace' in (requirement as Json),
        )
      )
        expect({ where, statuses }).toEqual({ where, statuses: expect.arrayContaining(['403']) });
      if (operation.requestBody)
        expect({ where, statuses }).toEqual({ where, statuses: expect.arrayContaining(['400', '413', '415']) });
    }
    const envelope = document.components.schemas.ErrorEnvelope.properties as Json;
    expect(Object.keys(envelope)).toEqual(
      expect.arrayContaining([
        'error',
        'message',
        'request_id',
        'details',
        'required',
        'shortages',
        'from',
        'to',
        'retry_after',
      ]),
    );
  });

  it('answers public operations with public schemas: snake_case, no @Internal field, 429 and Idempotency-Key on POST', () => {
    const publicOperations = operations().filter(({ path }) => path.startsWith('/public/v1/'));
    expect(publicOperations.length).toBeGreaterThan(30);
    const publicSchemas = new Set<string>();
    for (const { path, method, operation } of publicOperations) {
      const where = `${method.toUpperCase()} ${path}`;
      const success = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));
      const refs = [...refsIn(success), ...refsIn(operation.requestBody)];
      for (const ref of refs) {
        expect({ where, ref }).toEqual({ where, ref: expect.stringMatching(/^Public/) });
        publicSchemas.add(ref);
      }
      expect({ where, statuses: Object.keys(operation.responses) }).toEqual({
        where,
        statuses: expect.arrayContaining(['401', '403', '429']),
      });
      const idempotency = (operation.parameters ?? []).find((parameter) => parameter.name === 'Idempotency-Key');
      expect({ where, idempotency: Boolean(idempotency) }).toEqual({ where, idempotency: method === 'post' });
      if (idempotency) expect(idempotency.schema).toMatchObject({ type: 'string', pattern: expect.any(String) });
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query')
          expect({ where, name: parameter.name }).toEqual({ where, name: expect.stringMatching(/^[a-z0-9_]+$/) });
      }
    }
    for (const name of refsIn([...publicSchemas].map((ref) => document.components.schemas[ref])))
      publicSchemas.add(name);
    for (const name of publicSchemas) {
      const keys = Object.keys((document.components.schemas[name].properties as Json | undefined) ?? {});
      expect({ name, keys }).toEqual({ name, keys: keys.filter((key) => /^[a-z0-9_]+$/.test(key)) });
    }
    // BomModel's @Internal() createdBy and updatedBy, WebhookSubscription's installId: gone, and only there.
    expect(document.components.schemas.PublicBomModel.properties).not.toHaveProperty('created_by');
    expect(document.components.schemas.PublicBomModel.properties).toHaveProperty('by_products');
    expect(document.components.schemas.PublicWebhookSubscription.properties).not.toHaveProperty('install_id');
    expect(document.components.schemas.BomModel.properties).toHaveProperty('createdBy');
  });

  it('declares the client authentication of the token and revocation endpoints, and their form-encoded bodies', () => {
    for (const path of ['/oauth/token', '/oauth/revoke']) {
      const operation = document.paths[path].post;
      expect(operation.security).toEqual([{ oauth_client: [] }]);
      expect(Object.keys(operation.requestBody?.content ?? {})).toEqual(
        expect.arrayContaining(['application/x-www-form-urlencoded', 'application/json']),
      );
    }
    expect(document.paths['/auth/login'].post.security).toEqual([]);
  });

  it('types decimals with a pattern that refuses "", integers as integers, and closes request bodies', () => {
    const body = document.components.schemas.PublicCreateBomBody;
    expect(body.additionalProperties).toBe(false);
    const line = document.components.schemas.PublicBomLineBody;
    expect(line.additionalProperties).toBe(false);
    const quantity = (line.properties as Record<string, { type: string; pattern: string }>).quantity;
    expect(quantity.type).toBe('string');
    expect(new RegExp(quantity.pattern).test('')).toBe(false);
    expect(new RegExp(quantity.pattern).test('12.5')).toBe(true);
    expect((document.components.schemas.PublicBomModel.properties as Json).version).toMatchObject({ type: 'integer' });
    expect((document.components.schemas.PublicBomModel.properties as Json).id).toMatchObject({ format: 'uuid' });
  });

  it('generates TypeScript types from which the example public client compiles under --strict', () => {
    tool('types', documentPath, join(work, 'hellobooks-api.d.ts'));
    copyFileSync(join(ROOT, 'examples/public-client.ts'), join(work, 'public-client.ts'));
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'es2023',
          lib: ['es2023', 'dom'],
          module: 'preserve',
          moduleResolution: 'bundler',
          types: [],
          skipLibCheck: true,
        },
        files: ['public-client.ts'],
      }),
    );
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', work], { encoding: 'utf8' });
    } catch (error) {
      const output = (error as { stdout?: string }).stdout ?? String(error);
      throw new Error(`the example client does not compile:\n${output}`, { cause: error });
    }
  });

  it('runs the example client against the server: lists the BOMs, explodes one and reads a typed error', async () => {
    const owner = await registerUser(t, 'client-owner');
    const internal = (path: string, body: object) =>
      t.http().post(path).set('Authorization', `Bearer ${owner.token}`).send(body).expect(201);
    const frame = await internal('/items', { sku: 'FRAME', name: 'Frame', uom: 'pcs', kind: 'sub-assembly' });
    const tube = await internal('/items', { sku: 'TUBE', name: 'Tube', uom: 'm', kind: 'raw' });
    // Decimal fields take a JSON number whose shortest form is exact, and answer strings.
    const bom = await internal('/bom', {
      itemId: frame.body.id,
      code: 'BOM-FRAME',
      lines: [{ itemId: tube.body.id, quantity: 2.5 }],
      operations: [{ name: 'Weld', minutes: 30, hourlyRate: 42 }],
    });
    expect(bom.body.lines[0].quantity).toBe('2.500000');
    expect(bom.body.operations[0]).toMatchObject({ minutes: '30.000000', hourlyRate: '42.0000' });
    const inexact = await t
      .http()
      .post('/bom')
      .set('Authorization', `Bearer ${owner.token}`)
      .send({ itemId: frame.body.id, code: 'BOM-FRAME-2', lines: [{ itemId: tube.body.id, quantity: 0.1 + 0.2 }] })
      .expect(400);
    expect(inexact.body.details).toEqual([
      { field: 'lines.0.quantity', message: expect.stringMatching(/must be sent as a string/) },
    ]);

    // The example, built as an app would build it, over real HTTP.
    const compiled = ts.transpileModule(readFileSync(join(ROOT, 'examples/public-client.ts'), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(work, 'public-client.js'), compiled.outputText);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require(join(work, 'public-client.js')) as ExampleClient;
    await t.app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const app = await installApp(t, owner, ['bom:read']);
    const client = example.connect(baseUrl, app.accessToken);
    const tenant = { orgId: owner.orgId, entityId: owner.entityId };

    const boms = await example.listBoms(client, tenant);
    expect(boms.map((listed) => listed.code)).toEqual(['BOM-FRAME']);
    const explosion = await example.explodeBom(client, tenant, boms[0], '4');
    expect(example.shoppingList(explosion)).toEqual([`${tube.body.id}: 10.000000 (short unknown)`]);

    const unknown = { id: '00000000-0000-4000-8000-000000000000' };
    const error = await example.explodeBom(client, tenant, unknown, '1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(example.HelloBooksError);
    expect(error).toMatchObject({ status: 404, body: { error: 'not_found', request_id: expect.any(String) } });
  });
});
