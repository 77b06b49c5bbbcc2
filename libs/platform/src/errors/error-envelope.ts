import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { decimalPattern } from '../decimal/is-decimal-string.decorator';
import { ERROR_CODES } from './api-error';

const DECIMAL_ANSWER = decimalPattern({ signed: true });

class FieldErrorDoc {
  @ApiProperty({ example: 'lines.0.quantity' }) field!: string;
  @ApiProperty({ example: 'quantity must be a decimal string' }) message!: string;
}

class ShortageDoc {
  @ApiProperty({ format: 'uuid' }) item_id!: string;
  @ApiProperty({ format: 'uuid' }) warehouse_id!: string;
  @ApiProperty({ description: 'What the operation needs', pattern: DECIMAL_ANSWER }) required!: string;
  @ApiProperty({ description: 'What the warehouse has available', pattern: DECIMAL_ANSWER }) available!: string;
}

/** The error envelope of API.md §2, as the OpenAPI document shows it on every route. */
export class ErrorEnvelope {
  @ApiProperty({ description: 'Stable machine code', enum: ERROR_CODES, example: 'validation_failed' })
  error!: string;

  @ApiProperty({ description: 'A sentence for a person', example: 'The request is not valid.' })
  message!: string;

  @ApiProperty({ description: 'Echoes the X-Request-Id response header' })
  request_id!: string;

  @ApiPropertyOptional({ type: [FieldErrorDoc], description: 'validation_failed: what is wrong, field by field' })
  details?: FieldErrorDoc[];

  @ApiPropertyOptional({ type: [String], description: 'insufficient_scope: the scopes the route needs' })
  required?: string[];

  @ApiPropertyOptional({ description: 'invalid_state_transition: the current state' })
  from?: string;

  @ApiPropertyOptional({ description: 'invalid_state_transition: the requested state' })
  to?: string;

  @ApiPropertyOptional({ type: [ShortageDoc], description: 'insufficient_stock: every shortage' })
  shortages?: ShortageDoc[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'rate_limited: seconds to wait (as `Retry-After`)' })
  retry_after?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'rate_limited: requests allowed per window' })
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'rate_limited: the window, in seconds' })
  window_seconds?: number;

  @ApiPropertyOptional({
    description: 'not_implemented: the ticket that tracks the route',
    example: 'HB-PUBLIC-INVOICES',
  })
  ticket?: string;

  @ApiPropertyOptional({
    description: 'OAuth token and revocation endpoints (RFC 6749 §5.2): the same text as `message`',
  })
  error_description?: string;
}
