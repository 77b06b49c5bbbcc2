import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from './environment';
import { persistedSecret } from './secrets';

/** The key that signs the tokens of `audience`, derived from the server's secret (see `tokenSigningKey`). */
export function deriveTokenSigningKey(secret: string, audience: string): string {
  return createHmac('sha256', secret).update(`hellobooks token signing key: ${audience}`).digest('hex');
}

/** Typed, read-only access to the validated environment. */
@Injectable()
export class AppConfig {
  private generatedJwtSecret?: string;
  private readonly signingKeys = new Map<string, string>();

  constructor(private readonly config: ConfigService<Environment, true>) {}

  get<K extends keyof Environment>(key: K): Environment[K] {
    return this.config.get(key, { infer: true });
  }

  /** True when the server owns an embedded PostgreSQL instead of connecting to `DATABASE_URL`. */
  get usesEmbeddedDatabase(): boolean {
    return !this.get('DATABASE_URL');
  }

  /** The demo seed always runs on the embedded database, and elsewhere only when asked for. */
  get seedsDemo(): boolean {
    return this.get('SEED_DEMO') ?? this.usesEmbeddedDatabase;
  }

  /**
   * The key that signs the tokens of one audience, derived from `jwtSecret` (HMAC-SHA256 of the audience): user
   * and marketplace tokens never share a key, so neither can be re-labelled as the other.
   */
  tokenSigningKey(audience: string): string {
    let key = this.signingKeys.get(audience);
    if (!key) {
      key = deriveTokenSigningKey(this.jwtSecret, audience);
      this.signingKeys.set(audience, key);
    }
    return key;
  }

  /** `JWT_SECRET`, or one generated once into `DATA_DIR` for a single development server. */
  get jwtSecret(): string {
    const configured = this.get('JWT_SECRET');
    if (configured) return configured;
    this.generatedJwtSecret ??= persistedSecret(this.get('DATA_DIR'), 'jwt-secret');
    return this.generatedJwtSecret;
  }
}
