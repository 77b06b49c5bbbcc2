import { SetMetadata } from '@nestjs/common';
import type { MembershipRole } from '@app/platform';

/** Who may call a route. Every route declares one through its layer decorator; none means the app will not boot. */
export type AccessPolicy = 'internal' | 'public' | 'anonymous';

export const ACCESS_POLICY_KEY = 'hellobooks:access-policy';
export const ROLES_KEY = 'hellobooks:roles';

export const setAccessPolicy = (policy: AccessPolicy) => SetMetadata(ACCESS_POLICY_KEY, policy);

/** Roles that may call an internal route. Unmarked reads allow every role; unmarked writes exclude viewers. */
export const Roles = (...roles: MembershipRole[]) => SetMetadata(ROLES_KEY, roles);

export const WRITER_ROLES: readonly MembershipRole[] = ['owner', 'admin', 'member'];
