import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBoolean = ({ key, obj }: { key: string; obj: Record<string, unknown> }): unknown => {
  const value = obj[key];
  if (typeof value !== 'string') return value;
  const lowered = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(lowered)) return true;
  if (['false', '0', 'no'].includes(lowered)) return false;
  return value;
};

/** Every variable the server reads. `.env.example` documents each one; keep the two in step. */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** The JSON logs go to this file (appended) rather than to stdout. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  LOG_FILE?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = '.data';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_DATABASE_PORT = 0;

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** The longest any one SQL statement of the pool may run before PostgreSQL cancels it; 0 turns the bound off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600000)
  DATABASE_STATEMENT_TIMEOUT_MS = 10000;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsString()
  @MinLength(12, { message: 'DEMO_PASSWORD must be at least 12 characters long' })
  DEMO_PASSWORD = 'hellobooks-demo-password';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'hellobooks';

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86400)
  USER_TOKEN_TTL_SECONDS = 3600;

  /** Password hashes (scrypt, about 1 s and 128 MiB each) one instance runs at once. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASH_CONCURRENCY = 2;

  /** How long a sign-in waits for a hashing slot before it is answered `429 rate_limited`. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  PASSWORD_HASH_QUEUE_TIMEOUT_MS = 3000;

  /** Hashes one client address may have running or waiting at once (one: an address never holds both slots). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASHES_PER_ADDRESS = 1;

  /** Sign-in and sign-up attempts one client address may make per minute, whatever the emails. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000000)
  LOGIN_ATTEMPTS_PER_ADDRESS = 30;

  /** Proxies in front of the server whose `X-Forwarded-For` is believed (0: none), for the client address. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 1mb, 512kb or 100000b' })
  BODY_LIMIT = '1mb';

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /**
   * AES-256-GCM key that encrypts webhook signing secrets at rest: 32 bytes, base64 (or base64url) encoded.
   * Unset: one is generated into DATA_DIR, for a single development server only.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/_-]{43}=?$/, { message: 'WEBHOOK_ENCRYPTION_KEY must be 32 bytes, base64 encoded' })
  WEBHOOK_ENCRYPTION_KEY?: string;

  /** Lets webhook URLs be plain http and resolve to private addresses: local development and tests only. */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOKS_ALLOW_PRIVATE_URLS = false;

  /** How often each instance's webhook dispatcher looks for due deliveries when no commit has woken it. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60000)
  WEBHOOK_DISPATCH_INTERVAL_MS = 1000;

  /** Deliveries one instance sends at the same time. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  WEBHOOK_DISPATCH_CONCURRENCY = 16;

  /** Deliveries of one subscription in flight at once, over every instance: a hanging endpoint holds no more. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION = 2;

  /** Deliveries of one tenant (org and entity) in flight at once, over every instance. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  WEBHOOK_MAX_IN_FLIGHT_PER_TENANT = 4;

  /** How often expired idempotency keys and old login failures are pruned. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(86400000)
  HOUSEKEEPING_INTERVAL_MS = 600000;

  /** Run the webhook dispatcher in this instance. */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_DISPATCHER_ENABLED = true;
}

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/**
 * Keys generated into `DATA_DIR` are one instance's own: on a shared database (`DATABASE_URL`) a token minted by
 * one instance would be `401` on another and sealed secrets could not be opened. Such a start is refused rather
 * than left to disagree silently; the embedded database (no `DATABASE_URL`) serves one instance and may generate.
 */
function assertSharedKeys(env: Environment): void {
  if (!env.DATABASE_URL) return;
  const missing = (['JWT_SECRET', 'WEBHOOK_ENCRYPTION_KEY'] as const).filter((name) => !env[name]);
  if (missing.length) {
    throw new ConfigurationError(
      `Invalid configuration: with DATABASE_URL set, set ${missing.join(' and ')} too, the same in every instance ` +
        '(keys generated per instance would not agree).',
    );
  }
}

/** Validates the raw environment; the first bad variable stops the server with one line that names it. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const [first] = validateSync(env, { whitelist: false, stopAtFirstError: true });
  if (first) {
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is not valid';
    throw new ConfigurationError(
      `Invalid configuration: ${reason.startsWith(first.property) ? reason : `${first.property} ${reason}`}`,
    );
  }
  assertSharedKeys(env);
  return env;
}
