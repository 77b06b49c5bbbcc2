import { Injectable } from '@nestjs/common';
import { AppConfig, UnitOfWork } from '@app/platform';
import { BusinessEntity, Membership, User } from '../identity/identity.entities';
import { IdentityService } from '../identity/identity.service';
import { hashPassword } from '../identity/password-hasher';

export const DEMO_EMAIL = 'demo@hellobooks.local';
export const DEMO_ORG_NAME = 'Demo Manufacturing';

export interface DemoTenantIds {
  userId: string;
  orgId: string;
  mainPlantId: string;
  secondPlantId: string;
}

/** The demo user and org of API.md §3: owner of `Demo Manufacturing` with `Main Plant` and `Second Plant`. */
@Injectable()
export class DemoTenant {
  constructor(
    private readonly identity: IdentityService,
    private readonly config: AppConfig,
  ) {}

  /** Creates the demo identity in the caller's unit of work; undefined when it exists already. */
  async createOnce(unitOfWork: UnitOfWork): Promise<DemoTenantIds | undefined> {
    const { manager } = unitOfWork;
    if (await manager.getRepository(User).existsBy({ email: DEMO_EMAIL })) return undefined;
    const passwordHash = await hashPassword(this.config.get('DEMO_PASSWORD'));
    const user = await manager.save(manager.create(User, { email: DEMO_EMAIL, name: 'Demo Owner', passwordHash }));
    const main = await this.identity.createOrgWithin(unitOfWork, user.id, DEMO_ORG_NAME, 'Main Plant');
    const second = await manager.save(manager.create(BusinessEntity, { orgId: main.orgId, name: 'Second Plant' }));
    await manager.save(
      manager.create(Membership, { orgId: main.orgId, entityId: second.id, userId: user.id, role: 'owner' }),
    );
    return { userId: user.id, orgId: main.orgId, mainPlantId: main.entityId, secondPlantId: second.id };
  }
}
