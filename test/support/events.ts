import { Transactions } from '@app/platform';
import { EventOutbox } from '@app/webhooks';
import type { SignedInUser } from './identity';
import type { TestApp } from './test-app';

/** Publishes `count` `bom.created` events of the user's tenant in one transaction, as a domain change would. */
export function publishBomCreated(t: TestApp, user: SignedInUser, count: number): Promise<void> {
  return t.app.get(Transactions).run(async (unitOfWork) => {
    for (let i = 0; i < count; i += 1) {
      await t.app.get(EventOutbox).publish(unitOfWork, {
        type: 'bom.created',
        tenant: { orgId: user.orgId, entityId: user.entityId },
        data: { id: `bom-${i}` },
      });
    }
  });
}
