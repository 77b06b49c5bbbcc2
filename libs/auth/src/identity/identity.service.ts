import { Injectable } from '@nestjs/common';
import { ApiError, canonicalEmail, MembershipRole, TenantContext, Transactions, type UnitOfWork } from '@app/platform';
import { QueryFailedError } from 'typeorm';
import { BusinessEntity, Membership, Org, User } from './identity.entities';
import { LoginThrottle } from './login-throttle';
import { PasswordHashing } from './password-hashing';
import { UserTokenIssuer } from '../tokens/user-token.issuer';

export interface Registration {
  email: string;
  password: string;
  name: string;
  orgName: string;
  entityName: string;
}

export interface Credentials {
  email: string;
  password: string;
  orgId?: string;
  entityId?: string;
}

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  orgId: string;
  entityId: string;
  role: MembershipRole;
}

export interface MembershipSummary {
  orgId: string;
  orgName: string;
  entityId: string;
  entityName: string;
  role: MembershipRole;
}

export interface Profile {
  user: { id: string; email: string; name: string };
  orgId: string;
  entityId: string;
  role: MembershipRole;
  memberships: MembershipSummary[];
}

export interface TenantNames {
  orgName: string;
  entityName: string;
}

const ORG_ADMIN_ROLES: readonly MembershipRole[] = ['owner', 'admin'];
const BAD_CREDENTIALS = 'The email or password is not correct.';

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

/** Users, orgs, entities and memberships: sign-up, sign-in, and who a signed-in user is. */
@Injectable()
export class IdentityService {
  constructor(
    private readonly transactions: Transactions,
    private readonly throttle: LoginThrottle,
    private readonly tokens: UserTokenIssuer,
    private readonly passwords: PasswordHashing,
  ) {}

  /**
   * A new user, a new org with its first entity, and the user as its owner; signed in at once. A taken email is
   * refused before the password is hashed, so sign-ups of known emails cost no hashing; the unique index still
   * decides between two sign-ups that race.
   */
  async register(input: Registration, clientAddress: string): Promise<Session> {
    await this.throttle.countAddress(clientAddress);
    const email = canonicalEmail(input.email);
    if (await this.transactions.reader.getRepository(User).existsBy({ email })) throw this.emailTaken();
    const passwordHash = await this.passwords.hash(clientAddress, input.password);
    const membership = await this.transactions
      .run(async (unitOfWork) => {
        const { manager } = unitOfWork;
        const user = await manager.save(manager.create(User, { email, name: input.name, passwordHash }));
        return this.createOrgWithin(unitOfWork, user.id, input.orgName, input.entityName);
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw this.emailTaken();
        throw error;
      });
    return this.tokens.issue(membership);
  }

  private emailTaken(): ApiError {
    return ApiError.conflict('An account with this email already exists.');
  }

  /** Creates an org with one entity owned by the user, inside the caller's unit of work. */
  async createOrgWithin(
    unitOfWork: UnitOfWork,
    userId: string,
    orgName: string,
    entityName: string,
  ): Promise<Membership> {
    const { manager } = unitOfWork;
    const org = await manager.save(manager.create(Org, { name: orgName }));
    const entity = await manager.save(manager.create(BusinessEntity, { orgId: org.id, name: entityName }));
    return manager.save(manager.create(Membership, { orgId: org.id, entityId: entity.id, userId, role: 'owner' }));
  }

  /** `clientAddress` is the caller's address, throttled and given its share of the hashing pool. */
  async login(input: Credentials, clientAddress: string): Promise<Session> {
    await this.throttle.countAddress(clientAddress);
    const email = canonicalEmail(input.email);
    const attempt = await this.throttle.begin(email);
    const user = await this.transactions.reader.getRepository(User).findOneBy({ email });
    const valid = await this.passwords.verify(clientAddress, input.password, user?.passwordHash);
    if (!user || !valid) {
      await this.throttle.failed(attempt);
      throw ApiError.unauthorized(BAD_CREDENTIALS);
    }
    await this.throttle.clear(email);
    const membership = await this.transactions.reader.getRepository(Membership).findOne({
      where: {
        userId: user.id,
        ...(input.orgId && { orgId: input.orgId }),
        ...(input.entityId && { entityId: input.entityId }),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (!membership) {
      throw input.orgId || input.entityId
        ? ApiError.notFound('membership of this user in that org and entity')
        : ApiError.forbidden('This user is not a member of any entity.');
    }
    return this.tokens.issue(membership);
  }

  /**
   * The role a user holds now in an entity, or undefined when the membership is gone: one query on the unique
   * (user_id, org_id, entity_id) index, made for every internal request.
   */
  async roleInForce(userId: string, orgId: string, entityId: string): Promise<MembershipRole | undefined> {
    const [row] = await this.transactions.reader.query<{ role: MembershipRole }[]>(
      'SELECT role FROM memberships WHERE user_id = $1 AND org_id = $2 AND entity_id = $3',
      [userId, orgId, entityId],
    );
    return row?.role;
  }

  async profile(tenant: TenantContext): Promise<Profile> {
    if (tenant.actor.kind !== 'user') throw ApiError.unauthorized();
    const user = await this.transactions.reader.getRepository(User).findOneBy({ id: tenant.actor.userId });
    if (!user) throw ApiError.unauthorized('The user of this token no longer exists.');
    const memberships: MembershipSummary[] = await this.transactions.reader.query(
      `SELECT m.org_id AS "orgId", o.name AS "orgName", m.entity_id AS "entityId", e.name AS "entityName", m.role
         FROM memberships m
         JOIN orgs o ON o.id = m.org_id
         JOIN entities e ON e.id = m.entity_id AND e.org_id = m.org_id
        WHERE m.user_id = $1
        ORDER BY m.created_at, m.id`,
      [user.id],
    );
    return {
      user: { id: user.id, email: user.email, name: user.name },
      orgId: tenant.orgId,
      entityId: tenant.entityId,
      role: tenant.actor.role,
      memberships,
    };
  }

  /** The names of the tenant's org and entity (the OAuth consent screen shows them). */
  async tenantNames(tenant: TenantContext): Promise<TenantNames> {
    const [names] = await this.transactions.reader.query<TenantNames[]>(
      `SELECT o.name AS "orgName", e.name AS "entityName"
         FROM entities e JOIN orgs o ON o.id = e.org_id
        WHERE e.org_id = $1 AND e.id = $2`,
      [tenant.orgId, tenant.entityId],
    );
    if (!names) throw ApiError.notFound('entity');
    return names;
  }

  /**
   * A new entity in the caller's org; the caller must be an owner or admin of the org (of any of its entities)
   * and becomes the new entity's owner. Another org's id is a 404.
   */
  async createEntity(tenant: TenantContext, orgId: string, name: string): Promise<BusinessEntity> {
    if (tenant.actor.kind !== 'user') throw ApiError.forbidden();
    const userId = tenant.actor.userId;
    return this.transactions.run(async ({ manager }) => {
      const roles: { role: MembershipRole }[] = await manager.query(
        'SELECT role FROM memberships WHERE user_id = $1 AND org_id = $2',
        [userId, orgId],
      );
      if (orgId !== tenant.orgId || roles.length === 0) throw ApiError.notFound('org');
      if (!roles.some(({ role }) => ORG_ADMIN_ROLES.includes(role))) {
        throw ApiError.forbidden('Only an owner or admin of the org can add entities.');
      }
      const entity = await manager.save(manager.create(BusinessEntity, { orgId, name }));
      await manager.save(manager.create(Membership, { orgId, entityId: entity.id, userId, role: 'owner' }));
      return entity;
    });
  }
}
