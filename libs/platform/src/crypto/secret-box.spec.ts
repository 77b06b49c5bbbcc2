import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';

function configWith(values: { WEBHOOK_ENCRYPTION_KEY?: string; DATA_DIR: string }): AppConfig {
  return { get: (key: keyof typeof values) => values[key] } as unknown as AppConfig;
}

describe('SecretBox', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'secret-box-'));
  const key = randomBytes(32).toString('base64');

  it('round-trips a secret and never stores it in plain text', () => {
    const box = new SecretBox(configWith({ WEBHOOK_ENCRYPTION_KEY: key, DATA_DIR: dataDir }));
    const sealed = box.seal('whsec_plain');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('whsec_plain');
    expect(box.seal('whsec_plain')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('whsec_plain');
  });

  it('refuses a ciphertext sealed under another key or tampered with', () => {
    const sealed = new SecretBox(configWith({ WEBHOOK_ENCRYPTION_KEY: key, DATA_DIR: dataDir })).seal('whsec_x');
    const other = new SecretBox(
      configWith({ WEBHOOK_ENCRYPTION_KEY: randomBytes(32).toString('base64'), DATA_DIR: dataDir }),
    );
    expect(() => other.open(sealed)).toThrow();
    const box = new SecretBox(configWith({ WEBHOOK_ENCRYPTION_KEY: key, DATA_DIR: dataDir }));
    const [format, iv, tag, ciphertext] = sealed.split(':');
    const flipped = Buffer.from(ciphertext, 'base64');
    flipped[0] ^= 1;
    expect(() => box.open([format, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
  });

  it('generates a key into DATA_DIR when none is configured, and keeps using it', () => {
    const sealed = new SecretBox(configWith({ DATA_DIR: dataDir })).seal('whsec_dev');
    const stored = readFileSync(join(dataDir, 'secrets', 'webhook-encryption-key'), 'utf8');
    expect(Buffer.from(stored, 'base64')).toHaveLength(32);
    expect(new SecretBox(configWith({ DATA_DIR: dataDir })).open(sealed)).toBe('whsec_dev');
  });
});
