/** Who is acting: a signed-in person on the internal layer, or an installed app on the public one. */
export type Actor =
  | { kind: 'user'; userId: string; role: MembershipRole }
  | { kind: 'app'; installId: string; clientId: string; appId: string; scopes: readonly string[] };

export type MembershipRole = 'owner' | 'admin' | 'member' | 'viewer';
export const MEMBERSHIP_ROLES: readonly MembershipRole[] = ['owner', 'admin', 'member', 'viewer'];

/**
 * The tenant a request acts in, set by the layer guards and passed explicitly as the first argument of every
 * service call. A plain type, so domain libraries never import `auth`.
 */
export interface TenantContext {
  readonly orgId: string;
  readonly entityId: string;
  readonly actor: Actor;
}

/** The user behind a change, for `created_by`/`updated_by`; an app's change has none. */
export function actorId(tenant: TenantContext): string | null {
  return tenant.actor.kind === 'user' ? tenant.actor.userId : null;
}
