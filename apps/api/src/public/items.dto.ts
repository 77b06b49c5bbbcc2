import { IsUUID } from 'class-validator';
import { TenantParams } from '@app/platform';

// The one definition lives in the platform; kept importable from here for controllers written against this file.
export { TenantParams, TenantResourceParams } from '@app/platform';

/** A tenant item by `:itemId`. */
export class TenantItemParams extends TenantParams {
  @IsUUID()
  itemId!: string;
}
