import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { ConfigurationError } from '../config/environment';
import { persistedSecret } from '../config/secrets';

const FORMAT = 'v1';

/**
 * Encrypts secrets at rest with AES-256-GCM under `WEBHOOK_ENCRYPTION_KEY` (or, on a development server without one,
 * a key generated once into `DATA_DIR`): webhook signing secrets, and stored idempotent answers, which can carry
 * one. Stored as `v1:<iv>:<tag>:<ciphertext>`, base64 parts.
 */
@Injectable()
export class SecretBox {
  private cachedKey?: Buffer;

  constructor(private readonly config: AppConfig) {}

  private get key(): Buffer {
    if (this.cachedKey) return this.cachedKey;
    const encoded =
      this.config.get('WEBHOOK_ENCRYPTION_KEY') ??
      persistedSecret(this.config.get('DATA_DIR'), 'webhook-encryption-key', 32);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32)
      throw new ConfigurationError('Invalid configuration: WEBHOOK_ENCRYPTION_KEY must be 32 bytes');
    this.cachedKey = key;
    return key;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64'))].join(':');
  }

  open(sealed: string): string {
    const [format, iv, tag, ciphertext] = sealed.split(':');
    if (format !== FORMAT || !iv || !tag || ciphertext === undefined) {
      throw new Error('Not a sealed secret');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }
}
