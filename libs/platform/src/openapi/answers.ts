import { applyDecorators, HttpStatus, RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ApiExtraModels, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ErrorEnvelope } from '../errors/error-envelope';
import { registerPublicModel } from './model-registry';

/** A model class, or `[Model]` for a cursor page of them (`{ data, next_cursor }`; `nextCursor` internally). */
export type AnswerModel = Type<unknown> | [Type<unknown>];

/** The error statuses an operation declares beyond those the document derives from its inputs and its layer. */
export type DeclaredErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 501 | 503;

export interface AnswerOptions {
  /**
   * Errors this route gives beyond the derived ones: typically `409` (conflict, invalid_state_transition) and `422`.
   * With a `null` model, `501` marks a route announced but not built: it has no success answer.
   */
  errors?: DeclaredErrorStatus[];
  /** A list without a cursor: `{ data }` alone. */
  unpaged?: boolean;
  /** More than the summary says: when it applies, what it needs. */
  description?: string;
}

type Layer = 'internal' | 'public';

/** The component a layer's answer points at: the model's own schema internally, its derived public twin publicly. */
export function schemaNameFor(model: Type<unknown>, layer: Layer): string {
  return layer === 'public' ? `Public${model.name}` : model.name;
}

function successSchema(model: AnswerModel, layer: Layer, unpaged: boolean): Record<string, unknown> {
  if (!Array.isArray(model)) return { $ref: `#/components/schemas/${schemaNameFor(model, layer)}` };
  const cursor = layer === 'public' ? 'next_cursor' : 'nextCursor';
  const data = { type: 'array', items: { $ref: `#/components/schemas/${schemaNameFor(model[0], layer)}` } };
  return unpaged
    ? { type: 'object', additionalProperties: false, required: ['data'], properties: { data } }
    : {
        type: 'object',
        additionalProperties: false,
        required: ['data', cursor],
        properties: {
          data,
          [cursor]: {
            type: 'string',
            nullable: true,
            description: 'Pass it as `cursor` for the next page; null on the last page.',
          },
        },
      };
}

/** The status the route answers with, as Nest sends it: its `@HttpCode()`, else 201 for a POST and 200 otherwise. */
function successStatus(handler: object, key: string | symbol): number {
  const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (method === undefined) {
    throw new Error(`Put the answer decorator of ${String(key)} above its route decorators (@Get(), @HttpCode(), …).`);
  }
  return code ?? (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
}

function answer(layer: Layer, summary: string, model: AnswerModel | null, options: AnswerOptions): MethodDecorator {
  return (target, key, descriptor) => {
    // Put above the route's other decorators, so its @Post()/@HttpCode() are already recorded.
    const status = successStatus(descriptor.value as object, key);
    return applyDecorators(...answerDecorators(layer, summary, model, options, status))(target, key, descriptor);
  };
}

function answerDecorators(
  layer: Layer,
  summary: string,
  model: AnswerModel | null,
  options: AnswerOptions,
  status: number,
): MethodDecorator[] {
  const decorators: MethodDecorator[] = [ApiOperation({ summary, description: options.description })];
  if (model === null) {
    // A route announced but not built answers its 501 and nothing else.
    if (!options.errors?.includes(HttpStatus.NOT_IMPLEMENTED))
      decorators.push(ApiResponse({ status, description: summary }));
  } else {
    const root = Array.isArray(model) ? model[0] : model;
    if (layer === 'public') registerPublicModel(root);
    decorators.push(
      ApiExtraModels(root),
      ApiResponse({ status, description: summary, schema: successSchema(model, layer, options.unpaged ?? false) }),
    );
  }
  for (const error of options.errors ?? []) {
    decorators.push(ApiResponse({ status: error, description: '', type: ErrorEnvelope }));
  }
  return decorators;
}

/**
 * The answer of an internal (camelCase) route: its summary, the model it returns (`[Model]` for a cursor list,
 * `null` for a 204) and the errors it gives beyond the derived ones. Every route needs one: the OpenAPI checks fail
 * on an operation without a summary or a success schema.
 */
export function InternalAnswer(summary: string, model: AnswerModel | null, options: AnswerOptions = {}) {
  return answer('internal', summary, model, options);
}

/**
 * The answer of a `/public/v1` route: as `InternalAnswer`, but the schema is the model's public shape, derived once
 * from the same class by the serializer's rule (no `@Internal()` fields, snake_case keys) when the document is built.
 */
export function PublicAnswer(summary: string, model: AnswerModel | null, options: AnswerOptions = {}) {
  return answer('public', summary, model, options);
}
