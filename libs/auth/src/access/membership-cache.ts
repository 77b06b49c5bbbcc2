import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MembershipRole, NotifiedCache } from '@app/platform';
import type { DataSource } from 'typeorm';

/** The channel migration 1764000012000's trigger on `memberships` notifies on: `user:<id>`. */
export const MEMBERSHIPS_CHANNEL = 'memberships';

export interface MembershipInForce {
  userId: string;
  role: MembershipRole;
}

/**
 * The role a user holds in a tenant, by (user, org, entity), dropped on every instance as soon as one of the user's
 * memberships is changed or removed: a removed member is refused and a changed role applies from the next request.
 */
@Injectable()
export class MembershipCache extends NotifiedCache<MembershipInForce> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, MEMBERSHIPS_CHANNEL, (membership) => [`user:${membership.userId}`]);
  }
}
