import { Injectable } from '@nestjs/common';
import { ApiError, TenantContext, Transactions, updateReturning } from '@app/platform';
import { EntityManager } from 'typeorm';

export interface MarketplaceInstall {
  id: string;
  appId: string;
  appName: string;
  clientId: string;
  scopes: string[];
  installedBy: string;
  installedAt: Date;
  updatedAt: Date;
}

const INSTALL_COLUMNS = `
  i.id, i.app_id AS "appId", a.name AS "appName", a.client_id AS "clientId", i.scopes,
  i.installed_by AS "installedBy", i.created_at AS "installedAt", i.updated_at AS "updatedAt"`;

/** Revokes every token family of an install (and so every token descended from them), inside the caller's transaction. */
export async function revokeInstallTokens(manager: EntityManager, installId: string, reason: string): Promise<void> {
  await manager.query(
    `UPDATE oauth_token_families SET revoked_at = clock_timestamp(), revoked_reason = $2
      WHERE install_id = $1 AND revoked_at IS NULL`,
    [installId, reason],
  );
}

/** The apps installed into a tenant, and uninstalling them. */
@Injectable()
export class MarketplaceInstallsService {
  constructor(private readonly transactions: Transactions) {}

  /** The live installs of the tenant, oldest first. */
  async list(tenant: TenantContext): Promise<MarketplaceInstall[]> {
    return this.transactions.reader.query<MarketplaceInstall[]>(
      `SELECT ${INSTALL_COLUMNS}
         FROM marketplace_installs i JOIN marketplace_apps a ON a.id = i.app_id
        WHERE i.org_id = $1 AND i.entity_id = $2 AND i.uninstalled_at IS NULL
        ORDER BY i.created_at, i.id`,
      [tenant.orgId, tenant.entityId],
    );
  }

  /** Ends the install and revokes all its tokens; they answer `401 token_revoked` from then on. */
  async uninstall(tenant: TenantContext, id: string): Promise<void> {
    await this.transactions.run(async ({ manager }) => {
      const ended = await updateReturning<{ id: string }>(
        manager,
        `UPDATE marketplace_installs SET uninstalled_at = clock_timestamp(), updated_at = clock_timestamp()
          WHERE org_id = $1 AND entity_id = $2 AND id = $3 AND uninstalled_at IS NULL
          RETURNING id`,
        [tenant.orgId, tenant.entityId, id],
      );
      if (ended.length === 0) throw ApiError.notFound('install');
      await revokeInstallTokens(manager, id, 'uninstalled');
    });
  }
}
