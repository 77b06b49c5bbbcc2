import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { PageQuery, TenantResourceParams } from '@app/platform';
import { WEBHOOK_TOPICS, type WebhookTopic } from '@app/webhooks';

export class WebhookDeliveryParams extends TenantResourceParams {
  @IsUUID()
  deliveryId!: string;
}

/**
 * A string that parses as an absolute URL: anything else is a `400 validation_failed`, while a URL that parses but is
 * refused (plain http, credentials, a private address) stays a `422` from the subscription service.
 */
function IsAbsoluteUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isAbsoluteUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && URL.canParse(value),
      defaultMessage: () => 'url must be an absolute URL, such as https://example.com/hooks',
    },
  });
}

export class CreateWebhookDto {
  /** `https`, no credentials, a host that resolves to public addresses only. */
  @ApiProperty({ example: 'https://example.com/hellobooks/webhooks', format: 'uri' })
  @IsString()
  @MaxLength(2048)
  @IsAbsoluteUrl()
  url!: string;

  @ApiProperty({ enum: WEBHOOK_TOPICS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_TOPICS.length)
  @IsIn(WEBHOOK_TOPICS, { each: true, message: `each topic must be one of: ${WEBHOOK_TOPICS.join(', ')}` })
  topics!: WebhookTopic[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

/** `limit` (1–100, default 25) and `cursor` of the deliveries log. */
export class WebhookDeliveriesQuery extends PageQuery {}
