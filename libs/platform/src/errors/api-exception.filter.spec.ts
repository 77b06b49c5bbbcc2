import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ApiError } from './api-error';
import { publicFieldError, toApiError } from './api-exception.filter';

function databaseError(code: string): QueryFailedError<Error> {
  return new QueryFailedError('SELECT secret FROM hidden', [], Object.assign(new Error('db'), { code }));
}

describe('toApiError', () => {
  it('passes an ApiError through untouched', () => {
    const error = ApiError.conflict('taken');
    expect(toApiError(error)).toBe(error);
  });

  it('maps Nest HTTP exceptions to the envelope codes', () => {
    expect(toApiError(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404, code: 'not_found' });
    expect(toApiError(new BadRequestException('bad'))).toMatchObject({
      status: 400,
      code: 'invalid_request',
      message: 'bad',
    });
    expect(toApiError(new HttpException('gone wrong', 502))).toMatchObject({ status: 502, code: 'internal_error' });
  });

  it.each([
    ['23505', 409, 'conflict'],
    ['23503', 422, 'unprocessable'],
    ['40001', 409, 'conflict'],
    ['22P02', 400, 'invalid_request'],
    ['22021', 400, 'invalid_request'],
    ['22P05', 400, 'invalid_request'],
    ['22001', 400, 'invalid_request'],
    ['22008', 400, 'invalid_request'],
  ])('maps SQLSTATE %s to %i %s without the SQL', (code, status, errorCode) => {
    const mapped = toApiError(databaseError(code));
    expect(mapped).toMatchObject({ status, code: errorCode });
    expect(mapped.message).not.toContain('hidden');
  });

  it('maps body-parser errors and hides anything unknown behind a 500', () => {
    expect(toApiError({ type: 'entity.parse.failed', status: 400 })).toMatchObject({
      status: 400,
      code: 'invalid_request',
    });
    expect(toApiError({ type: 'entity.too.large', status: 413 })).toMatchObject({
      status: 413,
      code: 'payload_too_large',
    });
    // A body that fails to decompress: zlib's error, wrapped by body-parser without a `type`.
    expect(toApiError({ code: 'Z_BUF_ERROR', status: 400, statusCode: 400, expose: true })).toMatchObject({
      status: 400,
      code: 'invalid_request',
    });
    expect(toApiError(databaseError('XX000'))).toMatchObject({ status: 500, code: 'internal_error' });
    const crash = toApiError(new TypeError('cannot read x of undefined at /srv/a.ts'));
    expect(crash).toMatchObject({ status: 500, code: 'internal_error', message: 'Something went wrong on our side.' });
  });

  it('names a public caller’s fields in snake_case, in the path and at the start of the message', () => {
    expect(publicFieldError({ field: 'lines.0.itemId', message: 'itemId must be a UUID' })).toEqual({
      field: 'lines.0.item_id',
      message: 'item_id must be a UUID',
    });
    expect(publicFieldError({ field: 'unknownField', message: 'is not an accepted field' })).toEqual({
      field: 'unknown_field',
      message: 'is not an accepted field',
    });
  });
});
