import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { SecretBox } from '../crypto/secret-box';
import { ApiError } from '../errors/api-error';
import type { TenantContext } from '../tenant/tenant-context';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** A key is remembered this long; after that the same key starts a new request. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** 1 to 255 visible ASCII characters; the OpenAPI document states the same pattern. */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7e]{1,255}$';
const ACCEPTABLE_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

interface StoredKey {
  requestHash: string;
  responseStatus: number | null;
  responseBody: unknown;
}

/** Who the key belongs to inside the tenant: the install of an app, or the user. */
function callerOf(tenant: TenantContext): string {
  return tenant.actor.kind === 'app' ? `app:${tenant.actor.installId}` : `user:${tenant.actor.userId}`;
}

/**
 * `Idempotency-Key` on `POST` (API.md §7): the first answer (status and body) of a key is stored, sealed, in PostgreSQL per
 * tenant and caller; a retry with the same key and body gets it again without running the handler, the same key
 * with another body is `409 conflict`, and so is a retry while the first request is still running. A request that
 * fails leaves no answer behind, so it can be retried with the same key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: TenantContext }>();
    const key = request.header(IDEMPOTENCY_KEY_HEADER);
    const tenant = request.user;
    if (request.method !== 'POST' || key === undefined || !tenant) return next.handle();
    if (!ACCEPTABLE_KEY.test(key)) {
      return throwError(() => ApiError.invalidRequest('Idempotency-Key must be 1 to 255 visible ASCII characters.'));
    }
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? HttpStatus.CREATED;
    const id = [tenant.orgId, tenant.entityId, callerOf(tenant), key];
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    return from(this.claim(id, requestHash)).pipe(
      mergeMap((stored) => {
        if (stored) {
          if (stored.requestHash !== requestHash) {
            throw ApiError.conflict('This Idempotency-Key was used with a different request.');
          }
          if (stored.responseStatus === null) {
            throw ApiError.conflict('A request with this Idempotency-Key is still being processed.');
          }
          const response = http.getResponse<Response>();
          response.status(stored.responseStatus);
          response.setHeader('Idempotent-Replayed', 'true');
          return of(this.unseal(stored.responseBody));
        }
        return next.handle().pipe(
          mergeMap((body: unknown) => from(this.complete(id, status, body).then(() => body))),
          catchError((error: unknown) => from(this.release(id)).pipe(mergeMap(() => throwError(() => error)))),
        );
      }),
    );
  }

  /** Takes the key for this request, or returns what is stored under it (a live key of another request). */
  private async claim(id: string[], requestHash: string): Promise<StoredKey | undefined> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
        WHERE org_id = $1 AND entity_id = $2 AND caller = $3 AND key = $4
          AND created_at < clock_timestamp() - make_interval(hours => $5)`,
      [...id, IDEMPOTENCY_KEY_TTL_HOURS],
    );
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (org_id, entity_id, caller, key, request_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
      [...id, requestHash],
    );
    if (inserted.length > 0) return undefined;
    const [stored] = await this.dataSource.query<StoredKey[]>(
      `SELECT request_hash AS "requestHash", response_status AS "responseStatus", response_body AS "responseBody"
         FROM idempotency_keys WHERE org_id = $1 AND entity_id = $2 AND caller = $3 AND key = $4`,
      id,
    );
    // Released between the insert and the read: the key is free again, so this request is told to retry.
    if (!stored) throw ApiError.conflict('A request with this Idempotency-Key was just retried; try again.');
    return stored;
  }

  private async complete(id: string[], status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET response_status = $5, response_body = $6::jsonb, completed_at = clock_timestamp()
        WHERE org_id = $1 AND entity_id = $2 AND caller = $3 AND key = $4`,
      [...id, status, JSON.stringify(this.secrets.seal(JSON.stringify(body ?? null)))],
    );
  }

  /** A stored answer is sealed: it can carry a secret shown once (a webhook signing secret), never kept in clear. */
  private unseal(stored: unknown): unknown {
    return JSON.parse(this.secrets.open(stored as string)) as unknown;
  }

  private async release(id: string[]): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
        WHERE org_id = $1 AND entity_id = $2 AND caller = $3 AND key = $4 AND response_status IS NULL`,
      id,
    );
  }
}
