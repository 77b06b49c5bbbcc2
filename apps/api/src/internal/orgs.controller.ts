import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdentityService, InternalApi, Roles, Tenant } from '@app/auth';
import { InternalAnswer, type TenantContext } from '@app/platform';
import { CreateEntityDto, OrgParams } from './auth.dto';
import { EntityAnswer } from './answers.dto';

@ApiTags('orgs')
@Controller('orgs')
@InternalApi()
export class OrgsController {
  constructor(private readonly identity: IdentityService) {}

  /** The caller must be an owner or admin of the org; the service checks the org-wide role. */
  @InternalAnswer('Create an entity in an org', EntityAnswer)
  @Post(':orgId/entities')
  @Roles('owner', 'admin', 'member', 'viewer')
  createEntity(@Tenant() tenant: TenantContext, @Param() { orgId }: OrgParams, @Body() body: CreateEntityDto) {
    return this.identity.createEntity(tenant, orgId, body.name);
  }
}
