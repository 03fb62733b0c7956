import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../../fs/private-files';

/**
 * Webhook signing secrets at rest: the hub must sign with them, so it keeps them, but only sealed
 * (AES-256-GCM) with a key that is not in the database: HUB_WEBHOOK_KEY, or a key generated once
 * into the data folder (0600, like the development JWT secret). A copy of the database (a backup,
 * a dump) alone does not let anyone sign as the hub.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    this.key = createHash('sha256').update(keyMaterial).digest();
  }

  seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
  }

  open(sealed: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('not a sealed webhook secret');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** HUB_WEBHOOK_KEY, or the data folder's `webhook.key`, made at the first need. */
export function webhookKeyMaterial(dataDir: string, configured: string | null): string {
  if (configured !== null) return configured;
  const file = path.join(dataDir, 'webhook.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      writePrivateFile(file, randomBytes(32).toString('hex'), { exclusive: true });
    } catch (error) {
      // Another process (the worker beside the server) made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}
