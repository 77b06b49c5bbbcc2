import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDoc {
  @ApiProperty({ example: 'lines.0.quantity' }) field!: string;
  @ApiProperty({ example: 'quantity must be a decimal string' }) message!: string;
}

/** The error envelope of API.md §2, as the OpenAPI document shows it on every route. */
export class ErrorEnvelope {
  @ApiProperty({ description: 'Stable machine code', example: 'validation_failed' })
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

  @ApiPropertyOptional({ description: 'rate_limited: seconds to wait' })
  retry_after?: number;
}
