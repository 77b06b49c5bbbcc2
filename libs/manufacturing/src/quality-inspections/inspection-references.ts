import { Injectable } from '@nestjs/common';
import type { TenantContext } from '@app/platform';
import type { EntityManager } from 'typeorm';
import type { InspectionReferenceType } from './quality-inspection.entities';

/** Whether a document of one reference type exists in the tenant (and concerns the item, where the type can tell). */
export type ReferenceExists = (
  manager: EntityManager,
  tenant: TenantContext,
  referenceId: string,
  itemId: string,
) => Promise<boolean>;

/**
 * The documents an inspection may refer to, without quality importing the modules that own them: each owner
 * registers its checker once at start-up (work orders and subcontracting in their `onModuleInit`, quality itself
 * for `receipt`). A type nobody registered has no documents, so every reference of it is missing.
 */
@Injectable()
export class InspectionReferences {
  private readonly checkers = new Map<InspectionReferenceType, ReferenceExists>();

  register(referenceType: InspectionReferenceType, exists: ReferenceExists): void {
    if (this.checkers.has(referenceType)) {
      throw new Error(`A reference checker for ${referenceType} is registered already`);
    }
    this.checkers.set(referenceType, exists);
  }

  async exists(
    manager: EntityManager,
    tenant: TenantContext,
    referenceType: InspectionReferenceType,
    referenceId: string,
    itemId: string,
  ): Promise<boolean> {
    const exists = this.checkers.get(referenceType);
    return exists ? exists(manager, tenant, referenceId, itemId) : false;
  }
}
