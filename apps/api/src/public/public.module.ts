import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { WebhooksModule } from '@app/webhooks';
import { PublicFoundationsController, PublicPlannedResourcesController } from './foundations.controller';
import { PublicWebhooksController } from './webhooks.controller';

/** `/public/v1`: marketplace access tokens, the install's tenant and scopes, snake_case JSON. */
@Module({
  imports: [AuthModule, WebhooksModule],
  controllers: [PublicFoundationsController, PublicPlannedResourcesController, PublicWebhooksController],
})
export class PublicModule {}
