import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import { PublicAnswer, type TenantContext, TenantParams, TenantResourceParams } from '@app/platform';
import {
  QueuedDelivery,
  WebhookAttempt,
  WebhookSubscription,
  WebhookSubscriptionsService,
  WebhookSubscriptionWithSecret,
} from '@app/webhooks';
import { CreateWebhookDto, WebhookDeliveriesQuery, WebhookDeliveryParams } from './webhooks.dto';

/**
 * Webhook subscriptions of the calling install (API.md §6). The signing secret is in the answers of create and
 * rotate-secret only.
 */
@ApiTags('public webhooks')
@Controller('public/v1/orgs/:orgId/entities/:entityId/webhooks')
@PublicApi()
export class PublicWebhooksController {
  constructor(private readonly subscriptions: WebhookSubscriptionsService) {}

  /** `201` with the one-time `signing_secret`. Each topic needs the read scope of its resource. */
  @PublicAnswer('Subscribe to events', WebhookSubscriptionWithSecret, { errors: [422] })
  @Post()
  @Scopes('webhook:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateWebhookDto) {
    return this.subscriptions.create(tenant, body);
  }

  /** The install's live subscriptions with their delivery health. */
  @PublicAnswer('List subscriptions with their health', [WebhookSubscription], { unpaged: true })
  @Get()
  @Scopes('webhook:read')
  async list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams) {
    return { data: await this.subscriptions.list(tenant) };
  }

  @PublicAnswer('Get a subscription with its health', WebhookSubscription)
  @Get(':id')
  @Scopes('webhook:read')
  get(@Tenant() tenant: TenantContext, @Param() params: TenantResourceParams) {
    return this.subscriptions.get(tenant, params.id);
  }

  /** A soft delete: `deleted_at` is set and pending deliveries are dropped. */
  @PublicAnswer('Delete a subscription', null)
  @Delete(':id')
  @Scopes('webhook:delete')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Tenant() tenant: TenantContext, @Param() params: TenantResourceParams): Promise<void> {
    await this.subscriptions.remove(tenant, params.id);
  }

  /** A new `signing_secret`; the previous one keeps signing beside it for 24 hours. */
  @PublicAnswer('Rotate the signing secret; both sign for 24 h', WebhookSubscriptionWithSecret)
  @Post(':id/rotate-secret')
  @Scopes('webhook:create')
  @HttpCode(HttpStatus.OK)
  rotateSecret(@Tenant() tenant: TenantContext, @Param() params: TenantResourceParams) {
    return this.subscriptions.rotateSecret(tenant, params.id);
  }

  /** `202`: a `webhook.ping` event is queued for this subscription and sent at once. */
  @PublicAnswer('Send a webhook.ping event now', QueuedDelivery)
  @Post(':id/ping')
  @Scopes('webhook:create')
  @HttpCode(HttpStatus.ACCEPTED)
  ping(@Tenant() tenant: TenantContext, @Param() params: TenantResourceParams) {
    return this.subscriptions.ping(tenant, params.id);
  }

  /** The attempts of the last 30 days, newest first: `{ data, next_cursor }`. */
  @PublicAnswer('Delivery attempts of the last 30 days', [WebhookAttempt])
  @Get(':id/deliveries')
  @Scopes('webhook:read')
  deliveries(
    @Tenant() tenant: TenantContext,
    @Param() params: TenantResourceParams,
    @Query() query: WebhookDeliveriesQuery,
  ) {
    return this.subscriptions.attempts(tenant, params.id, query);
  }

  /** `202`: the delivery's event is sent again, with the same `webhook-id`. */
  @PublicAnswer("Send a delivery's event again", QueuedDelivery)
  @Post(':id/deliveries/:deliveryId/redeliver')
  @Scopes('webhook:create')
  @HttpCode(HttpStatus.ACCEPTED)
  redeliver(@Tenant() tenant: TenantContext, @Param() params: WebhookDeliveryParams) {
    return this.subscriptions.redeliver(tenant, params.id, params.deliveryId);
  }
}
