import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A secret that was not configured is generated once and kept in the data directory (mode 0600), so a
 * development server keeps its tokens valid across restarts. Production sets every secret explicitly.
 */
export function persistedSecret(dataDir: string, name: string, bytes = 48): string {
  const file = join(dataDir, 'secrets', name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
    const secret = randomBytes(bytes).toString('base64url');
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another process wrote it first: use theirs.
      return readFileSync(file, 'utf8').trim();
    }
  }
}
