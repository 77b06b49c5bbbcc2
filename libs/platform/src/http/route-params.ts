import { IsUUID } from 'class-validator';

/** `:id` of a tenant resource; a malformed id is a `400`, an id of another tenant a `404`. */
export class IdParams {
  @IsUUID()
  id!: string;
}

/** `:orgId/:entityId` of a public tenant route; the guard checks them against the token's tenant. */
export class TenantParams {
  @IsUUID()
  orgId!: string;

  @IsUUID()
  entityId!: string;
}

/** A tenant resource by `:id` on a public tenant route; another tenant's id is a `404`. */
export class TenantResourceParams extends TenantParams {
  @IsUUID()
  id!: string;
}
