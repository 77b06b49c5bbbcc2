import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotifiedCache } from '@app/platform';
import type { DataSource } from 'typeorm';
import type { AccessTokenStatus } from './access-token-status.service';

/** The channel migration 1764000012000's triggers notify on: `install:<id>` or `app:<id>`. */
export const ACCESS_TOKEN_STATUS_CHANNEL = 'access_token_status';

/**
 * Token statuses by token id, dropped on every instance when the token, its family, its install or its app
 * changes (a revocation, an uninstall, a new approval, a rate-limit grant, a rename).
 */
@Injectable()
export class AccessTokenStatusCache extends NotifiedCache<AccessTokenStatus> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, ACCESS_TOKEN_STATUS_CHANNEL, (status) => [`install:${status.installId}`, `app:${status.appId}`]);
  }
}
