import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_EMAIL, DemoTenant } from '@app/auth';
import { AppConfig, Transactions } from '@app/platform';
import { DemoManufacturingData } from './demo-manufacturing-data';

/** Any constant works; it only has to be the same in every instance of the server. */
const DEMO_SEED_LOCK_KEY = 72_616_002;

/**
 * Seeds the demo tenant once (always on the embedded database, with `SEED_DEMO=true` elsewhere), in one
 * transaction under an advisory lock so that instances starting together seed it once.
 */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly demoTenant: DemoTenant,
    private readonly demoManufacturing: DemoManufacturingData,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedsDemo) return;
    const created = await this.transactions.run(async (unitOfWork) => {
      await unitOfWork.manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK_KEY]);
      const ids = await this.demoTenant.createOnce(unitOfWork);
      if (ids) {
        await this.demoManufacturing.create(unitOfWork, {
          orgId: ids.orgId,
          entityId: ids.mainPlantId,
          actor: { kind: 'user', userId: ids.userId, role: 'owner' },
        });
      }
      return ids;
    });
    if (created) this.logger.log(`Seeded the demo tenant (org ${created.orgId})`);
    this.logger.log(`Demo login: ${DEMO_EMAIL} / the password in DEMO_PASSWORD (default hellobooks-demo-password)`);
  }
}
