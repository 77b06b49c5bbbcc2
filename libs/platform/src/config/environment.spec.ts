import { ConfigurationError, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('applies the defaults to an empty environment', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      LOG_LEVEL: 'info',
      DATA_DIR: '.data',
      EMBEDDED_DATABASE_PORT: 0,
      MIGRATIONS_RUN: true,
      DEMO_PASSWORD: 'hellobooks-demo-password',
      USER_TOKEN_TTL_SECONDS: 3600,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SEED_DEMO).toBeUndefined();
  });

  it('converts numbers and booleans from their string form, "false" included', () => {
    const env = validateEnvironment({ PORT: '8080', MIGRATIONS_RUN: 'false', SEED_DEMO: 'true' });
    expect(env.PORT).toBe(8080);
    expect(env.MIGRATIONS_RUN).toBe(false);
    expect(env.SEED_DEMO).toBe(true);
  });

  it('treats an empty value as unset', () => {
    expect(validateEnvironment({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('refuses a shared database without shared keys, naming the missing variables', () => {
    const key = 'a'.repeat(43) + '=';
    const secret = 'j'.repeat(32);
    const url = 'postgres://db/hb';
    expect(() => validateEnvironment({ DATABASE_URL: url })).toThrow(
      'Invalid configuration: with DATABASE_URL set, set JWT_SECRET and WEBHOOK_ENCRYPTION_KEY too, the same in every instance (keys generated per instance would not agree).',
    );
    expect(() => validateEnvironment({ DATABASE_URL: url, JWT_SECRET: secret })).toThrow(
      /^Invalid configuration: with DATABASE_URL set, set WEBHOOK_ENCRYPTION_KEY too/,
    );
    expect(() => validateEnvironment({ DATABASE_URL: url, WEBHOOK_ENCRYPTION_KEY: key })).toThrow(
      /^Invalid configuration: with DATABASE_URL set, set JWT_SECRET too/,
    );
    expect(
      validateEnvironment({ DATABASE_URL: url, JWT_SECRET: secret, WEBHOOK_ENCRYPTION_KEY: key }).DATABASE_URL,
    ).toBe(url);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ PORT: '70000' }, /^Invalid configuration: PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL$/],
    [{ JWT_SECRET: 'short' }, /^Invalid configuration: JWT_SECRET must be at least 32 characters long$/],
    [{ MIGRATIONS_RUN: 'maybe' }, /^Invalid configuration: MIGRATIONS_RUN /],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL /],
  ])('stops on %j with one line naming the variable', (raw, message) => {
    expect(() => validateEnvironment(raw)).toThrow(ConfigurationError);
    expect(() => validateEnvironment(raw)).toThrow(message);
  });
});
