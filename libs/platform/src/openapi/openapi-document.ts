import type { OpenAPIObject } from '@nestjs/swagger';
import { snakeCase } from '../serialization/case';
import { internalPropertiesOf, publicModelsByName } from './model-registry';

type Json = Record<string, unknown>;
interface Parameter extends Json {
  name: string;
  in: string;
}
interface Operation extends Json {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: Json;
  responses: Record<string, Json>;
  security?: Record<string, string[]>[];
}

export interface DocumentRules {
  /** Paths of the public layer, whose JSON is snake_case and whose answers are the public shapes. */
  publicPrefix: string;
  /** The idempotency header of public `POST`s and the syntax it accepts. */
  idempotencyHeader: { name: string; pattern: string; description: string };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR_ENVELOPE = { $ref: '#/components/schemas/ErrorEnvelope' };
/** Path parameters that name the tenant, not a record: a wrong one is a 403, never a 404. */
const TENANT_PARAMETERS = new Set(['orgId', 'entityId']);

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': '`validation_failed` (with `details`) or `invalid_request`',
  '401': '`unauthorized`, `token_expired`, `token_revoked` or `invalid_token_audience`',
  '403': '`forbidden`, `tenant_scope_violation`, or `insufficient_scope` (with `required`)',
  '404': '`not_found`: no such record in this tenant',
  '409': '`conflict`, or `invalid_state_transition` (with `from` and `to`)',
  '413': '`payload_too_large`',
  '415': '`unsupported_media_type`: send JSON',
  '422': '`unprocessable`, or `insufficient_stock` (with `shortages`)',
  '429': '`rate_limited`, with `retry_after` and the `Retry-After` header',
  '501': '`not_implemented`, with the `ticket` that tracks it',
  '503': '`service_unavailable`',
};

const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
};

function operationsOf(document: OpenAPIObject): { path: string; method: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => (item as Json)[method]).map((method) => ({
      path,
      method,
      operation: (item as Json)[method] as Operation,
    })),
  );
}

/** Keeps the methods OpenAPI knows that a route would document: `@All()` also yields HEAD, OPTIONS and SEARCH. */
function dropUndocumentedMethods(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths) as Json[]) {
    for (const method of Object.keys(item)) {
      if (!['parameters', 'summary', 'description', ...METHODS].includes(method)) delete item[method];
    }
  }
}

function declarePathParameters(path: string, operation: Operation): void {
  const parameters = (operation.parameters ??= []);
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    if (parameters.some((parameter) => parameter.in === 'path' && parameter.name === name)) continue;
    const isId = name === 'id' || name.endsWith('Id');
    parameters.push({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', ...(isId ? { format: 'uuid' } : {}) },
    });
  }
}

/** `@All()` gives one handler's id to every method and sub-path: the method and the path's tail tell them apart. */
function makeOperationIdsUnique(document: OpenAPIObject): void {
  const seen = new Map<string, number>();
  for (const { path, method, operation } of operationsOf(document)) {
    const id = operation.operationId ?? `${method}_${path}`;
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    if (count === 0) continue;
    const tail = path.split('/').pop()!.replace(/[{}]/g, '');
    // @nestjs/swagger already suffixes an `@All()` handler's id with the method.
    operation.operationId = id.endsWith(`_${method}`) ? `${id}_${tail}` : `${id}_${method}_${tail}`;
  }
}

function isPublic(path: string, rules: DocumentRules): boolean {
  return path.startsWith(rules.publicPrefix);
}

function refName(schema: unknown): string | undefined {
  const ref = (schema as Json | undefined)?.$ref;
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
}

function bodySchemaOf(operation: Operation): Json | undefined {
  const content = operation.requestBody?.content as Record<string, { schema?: Json }> | undefined;
  return content ? Object.values(content)[0]?.schema : undefined;
}

/** The public layer reads snake_case: its bodies are the public twins of the DTOs, its query names snake_case. */
function publicInputs(operation: Operation): void {
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === 'query') parameter.name = snakeCase(parameter.name);
  }
  const content = operation.requestBody?.content as Record<string, { schema?: Json }> | undefined;
  for (const media of Object.values(content ?? {})) {
    const name = refName(media.schema);
    if (name) media.schema = { $ref: `#/components/schemas/Public${name}` };
  }
}

function idempotencyKey(method: string, publicRoute: boolean, operation: Operation, rules: DocumentRules): void {
  const { name, pattern, description } = rules.idempotencyHeader;
  const others = (operation.parameters ?? []).filter((parameter) => parameter.name !== name);
  if (publicRoute && method === 'post') {
    others.push({ name, in: 'header', required: false, description, schema: { type: 'string', pattern } });
  }
  operation.parameters = others;
}

/** The errors an operation can give by what it takes and who may call it; the answer decorators add the rest. */
function derivedErrors(operation: Operation, publicRoute: boolean, bearerSchemes: Set<string>): string[] {
  const errors: string[] = [];
  const inputs = (operation.parameters ?? []).filter((parameter) => parameter.in !== 'header');
  if (inputs.length > 0 || operation.requestBody) errors.push('400');
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.length > 0) errors.push('401');
  // A bearer token carries a role or scopes and a tenant, which can fall short; client credentials cannot.
  if (schemes.some((scheme) => bearerSchemes.has(scheme))) errors.push('403');
  const recordParameters = inputs.filter(
    (parameter) => parameter.in === 'path' && !TENANT_PARAMETERS.has(parameter.name),
  );
  if (recordParameters.length > 0) errors.push('404');
  if (operation.requestBody) errors.push('413', '415');
  if (publicRoute) errors.push('429');
  return errors;
}

function documentErrors(operation: Operation, publicRoute: boolean, bearerSchemes: Set<string>): void {
  for (const status of derivedErrors(operation, publicRoute, bearerSchemes)) operation.responses[status] ??= {};
  for (const [status, response] of Object.entries(operation.responses)) {
    if (status !== 'default' && Number(status) < 400) continue;
    if (!response.description) response.description = ERROR_DESCRIPTIONS[status] ?? 'The error envelope of API.md §2';
    response.content = { 'application/json': { schema: ERROR_ENVELOPE } };
    if (status === '429' || status === '503') response.headers = RETRY_AFTER_HEADER;
  }
}

/** Every schema a schema points at, itself included. */
function reachableSchemas(schemas: Record<string, Json>, roots: string[]): Set<string> {
  const found = new Set<string>();
  const pending = [...roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (found.has(name) || !schemas[name]) continue;
    found.add(name);
    JSON.stringify(schemas[name], (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') pending.push(value.replace('#/components/schemas/', ''));
      return value;
    });
  }
  return found;
}

/** Schemas only a public twin was derived from (the answer decorators register the models themselves). */
function dropUnusedSchemas(document: OpenAPIObject, schemas: Record<string, Json>): void {
  const roots = new Set<string>();
  JSON.stringify(document.paths, (key, value: unknown) => {
    if (key === '$ref' && typeof value === 'string') roots.add(value.replace('#/components/schemas/', ''));
    return value;
  });
  const used = reachableSchemas(schemas, [...roots]);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}

/** The validation pipe refuses unknown fields in every body, at any depth; the schemas say so. */
function closeRequestSchemas(document: OpenAPIObject, schemas: Record<string, Json>): void {
  const roots = operationsOf(document).flatMap(({ operation }) => refName(bodySchemaOf(operation)) ?? []);
  for (const name of reachableSchemas(schemas, roots)) {
    if (schemas[name].type === 'object' || schemas[name].properties) schemas[name].additionalProperties = false;
  }
}

/**
 * OpenAPI 3.0 takes `nullable` beside a `type` only: a nullable union (`anyOf`/`oneOf`, a property typed
 * `string | boolean | null`) says it on its first member instead, where `null` then matches exactly one member.
 */
function nullableUnions(schema: unknown): void {
  if (schema === null || typeof schema !== 'object') return;
  for (const inner of Object.values(schema)) nullableUnions(inner);
  if (Array.isArray(schema)) return;
  const union = schema as Json;
  const key = Array.isArray(union.anyOf) ? 'anyOf' : Array.isArray(union.oneOf) ? 'oneOf' : undefined;
  if (!key || union.nullable !== true || union.type !== undefined) return;
  const [first, ...rest] = union[key] as Json[];
  union[key] = [{ ...first, nullable: true }, ...rest];
  delete union.nullable;
}

/**
 * The public twin of a schema by the serializer's rule: the class's `@Internal()` properties dropped, keys in
 * snake_case, every schema it points at replaced by its own twin.
 */
function publicTwin(schema: unknown, hidden: ReadonlySet<string>): unknown {
  if (Array.isArray(schema)) return schema.map((inner) => publicTwin(inner, new Set()));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', '#/components/schemas/Public');
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Json)
          .filter(([property]) => !hidden.has(property))
          .map(([property, inner]) => [snakeCase(property), publicTwin(inner, new Set())]),
      );
    } else if (key === 'required' && Array.isArray(value)) {
      out.required = (value as string[]).filter((property) => !hidden.has(property)).map(snakeCase);
    } else {
      out[key] = publicTwin(value, new Set());
    }
  }
  return out;
}

function derivePublicSchemas(document: OpenAPIObject, schemas: Record<string, Json>): void {
  const models = publicModelsByName();
  for (let missing = missingPublicSchemas(document, schemas); missing.length > 0;) {
    for (const name of missing) {
      const source = name.slice('Public'.length);
      if (!schemas[source]) throw new Error(`The OpenAPI document has no schema ${source} to derive ${name} from.`);
      schemas[name] = publicTwin(schemas[source], internalPropertiesOf(models.get(source))) as Json;
    }
    missing = missingPublicSchemas(document, schemas);
  }
}

/** `Public…` schemas that the operations or other schemas point at and that are not derived yet. */
function missingPublicSchemas(document: OpenAPIObject, schemas: Record<string, Json>): string[] {
  const missing = new Set<string>();
  JSON.stringify({ paths: document.paths, schemas }, (key, value: unknown) => {
    const name = key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', '') : '';
    if (name.startsWith('Public') && !schemas[name]) missing.add(name);
    return value;
  });
  return [...missing];
}

/**
 * Completes the document @nestjs/swagger builds from the decorators with what follows from the server's own rules,
 * so no controller repeats them: the errors each operation can give (with the envelope), `security: []` on
 * anonymous routes, path parameters declared, unique operation ids, `Idempotency-Key` on public POSTs alone,
 * snake_case public inputs, the public twins of the models, and closed request schemas.
 */
export function completeOpenApiDocument(document: OpenAPIObject, rules: DocumentRules): OpenAPIObject {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, Json>;
  const bearerSchemes = new Set(
    Object.entries(components.securitySchemes ?? {})
      .filter(([, scheme]) => (scheme as unknown as Json).scheme === 'bearer')
      .map(([name]) => name),
  );
  dropUndocumentedMethods(document);
  for (const { path, method, operation } of operationsOf(document)) {
    const publicRoute = isPublic(path, rules);
    operation.security ??= [];
    declarePathParameters(path, operation);
    idempotencyKey(method, publicRoute, operation, rules);
    if (publicRoute) publicInputs(operation);
    documentErrors(operation, publicRoute, bearerSchemes);
  }
  makeOperationIdsUnique(document);
  derivePublicSchemas(document, schemas);
  nullableUnions(schemas);
  closeRequestSchemas(document, schemas);
  dropUnusedSchemas(document, schemas);
  return document;
}
