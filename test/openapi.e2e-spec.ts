import { writeFileSync } from 'node:fs';
import { createTestApp, TestApp } from './support/test-app';

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  it('dumps', async () => {
    const res = await t.http().get('/openapi.json').expect(200);
    writeFileSync('/tmp/openapi.json', JSON.stringify(res.body, null, 2));
  });
});
