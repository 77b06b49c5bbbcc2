import { ApiProperty } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Internal } from '../serialization/internal.decorator';
import { registerPublicModel } from './model-registry';
import { completeOpenApiDocument } from './openapi-document';

class PartLineModel {
  itemId!: string;
  @Internal() costInternals!: string;
}

class PartModel {
  id!: string;
  @ApiProperty({ type: () => [PartLineModel] }) lines!: PartLineModel[];
  @Internal() createdBy!: string;
}

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const marketplace = [{ marketplace: [] }];

function sampleDocument(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/public/v1/parts/{id}': {
        get: {
          operationId: 'Parts_get',
          responses: { '200': { description: 'ok', ...json(ref('PublicPartModel')) } },
          security: marketplace,
          parameters: [{ name: 'Idempotency-Key', in: 'header' }],
        },
        post: {
          operationId: 'Parts_get',
          parameters: [{ name: 'itemId', in: 'query' }],
          requestBody: json(ref('CreatePartBody')),
          responses: { '201': { description: 'created', ...json(ref('PublicPartModel')) } },
          security: marketplace,
        },
        search: { responses: {} },
      },
      '/login': { post: { responses: { '200': { description: 'ok' } }, requestBody: json(ref('CreatePartBody')) } },
    },
    components: {
      securitySchemes: { marketplace: { type: 'http', scheme: 'bearer' } },
      schemas: {
        ErrorEnvelope: { type: 'object' },
        PartLineModel: {
          type: 'object',
          properties: { itemId: { type: 'string' }, costInternals: { type: 'string' } },
          required: ['itemId', 'costInternals'],
        },
        PartModel: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            lines: { type: 'array', items: ref('PartLineModel') },
            createdBy: { type: 'string' },
          },
          required: ['id', 'lines', 'createdBy'],
        },
        CreatePartBody: {
          type: 'object',
          properties: {
            itemId: { type: 'string' },
            expected: { anyOf: [{ type: 'string' }, { type: 'boolean' }], nullable: true },
          },
        },
      },
    },
  } as unknown as OpenAPIObject;
}

describe('completeOpenApiDocument', () => {
  registerPublicModel(PartModel);
  const document = completeOpenApiDocument(sampleDocument(), {
    publicPrefix: '/public/v1',
    idempotencyHeader: { name: 'Idempotency-Key', pattern: '^[\\x21-\\x7e]{1,255}$', description: 'retries' },
  });
  const schemas = document.components!.schemas as Record<string, { properties?: object; required?: string[] }>;
  const path = document.paths['/public/v1/parts/{id}'];

  it('derives public twins by the serializer rule, nested models included', () => {
    expect(schemas.PublicPartModel).toMatchObject({ required: ['id', 'lines'] });
    expect(Object.keys(schemas.PublicPartModel.properties!)).toEqual(['id', 'lines']);
    expect(schemas.PublicPartModel.properties).toMatchObject({ lines: { items: ref('PublicPartLineModel') } });
    expect(Object.keys(schemas.PublicPartLineModel.properties!)).toEqual(['item_id']);
    expect(schemas.PublicPartLineModel.required).toEqual(['item_id']);
    // The camelCase sources only the twins were made from are not left behind.
    expect(schemas.PartModel).toBeUndefined();
  });

  it('reads public inputs in snake_case and closes request schemas', () => {
    expect(path.post!.parameters).toContainEqual(expect.objectContaining({ name: 'item_id', in: 'query' }));
    expect(path.post!.requestBody).toEqual(json(ref('PublicCreatePartBody')));
    expect(schemas.PublicCreatePartBody).toMatchObject({ additionalProperties: false, properties: { item_id: {} } });
    expect(schemas.CreatePartBody).toMatchObject({ additionalProperties: false });
  });

  it('says a nullable union on its first member, beside a type, as OpenAPI 3.0 takes it', () => {
    const expected = (schemas.CreatePartBody.properties as Record<string, object>).expected;
    expect(expected).toEqual({ anyOf: [{ type: 'string', nullable: true }, { type: 'boolean' }] });
  });

  it('puts Idempotency-Key on public POSTs alone, with its syntax', () => {
    expect(path.get!.parameters!.map((parameter) => (parameter as { name: string }).name)).toEqual(['id']);
    expect(path.post!.parameters).toContainEqual(
      expect.objectContaining({
        name: 'Idempotency-Key',
        in: 'header',
        schema: { type: 'string', pattern: expect.any(String) },
      }),
    );
  });

  it('derives the errors, declares path parameters and anonymous security, and drops unknown methods', () => {
    expect(Object.keys(path.get!.responses).sort()).toEqual(['200', '400', '401', '403', '404', '429']);
    expect(Object.keys(path.post!.responses).sort()).toEqual(['201', '400', '401', '403', '404', '413', '415', '429']);
    expect(path.get!.responses['404']).toMatchObject(json(ref('ErrorEnvelope')));
    expect(path.get!.parameters).toContainEqual({
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'string', format: 'uuid' },
    });
    expect(document.paths['/login'].post!.security).toEqual([]);
    expect(Object.keys(document.paths['/login'].post!.responses).sort()).toEqual(['200', '400', '413', '415']);
    expect(path).not.toHaveProperty('search');
    expect([path.get!.operationId, path.post!.operationId]).toEqual(['Parts_get', 'Parts_get_post_id']);
  });
});
