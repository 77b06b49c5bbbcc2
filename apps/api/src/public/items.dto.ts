import { IsUUID } from 'class-validator';

/** `:orgId/:entityId` of a public tenant route; the guard checks them against the token's tenant. */
export class TenantParams {
  @IsUUID()
  orgId!: string;

  @IsUUID()
  entityId!: string;
}

/** A tenant resource by `:id`; another tenant's id is a `404`. */
export class TenantResourceParams extends TenantParams {
  @IsUUID()
  id!: string;
}

/** A tenant item by `:itemId`. */
export class TenantItemParams extends TenantParams {
  @IsUUID()
  itemId!: string;
}
