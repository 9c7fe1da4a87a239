import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (IAM secret access keys, channel credentials, OTP material) are sealed with
 * AES-256-GCM under a master key. A sealed value names the key it was sealed with, so keys can
 * rotate: values sealed under an older key still open while that key is in the keyring, and
 * `pinion keys rotate` re-seals them under the active one.
 *
 * Each value is bound to a context string (for example `iam-access-key:AKIA…`) as GCM additional
 * data: a sealed secret copied into another row does not open there.
 *
 * Format: `pinion1.<key id>.<iv, base64url>.<ciphertext+tag, base64url>`.
 */

const VERSION = 'pinion1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MASTER_KEY_BYTES = 32;

export interface MasterKey {
  /** 16 hex characters derived from the key itself: tells keys apart without revealing them. */
  readonly id: string;
  readonly key: Buffer;
}

export class SecretBoxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretBoxError';
  }
}

export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update('pinion master key id\0').update(key).digest('hex').slice(0, 16);
}

export function masterKeyFrom(key: Buffer): MasterKey {
  if (key.length !== MASTER_KEY_BYTES) throw new SecretBoxError(`A master key is ${MASTER_KEY_BYTES} bytes, not ${key.length}`);
  return Object.freeze({ id: masterKeyId(key), key: Buffer.from(key) });
}

export function generateMasterKey(): MasterKey {
  return masterKeyFrom(randomBytes(MASTER_KEY_BYTES));
}

/** What code that stores secrets needs: seal before writing, open after reading. */
export interface Secrets {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

export class SecretBox implements Secrets {
  readonly #active: MasterKey;
  readonly #keys = new Map<string, MasterKey>();

  /** `active` seals; it and every key in `others` open. */
  constructor(active: MasterKey, others: readonly MasterKey[] = []) {
    this.#active = active;
    for (const key of [active, ...others]) this.#keys.set(key.id, key);
  }

  get activeKeyId(): string {
    return this.#active.id;
  }

  get keyIds(): readonly string[] {
    return [...this.#keys.keys()];
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#active.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${this.#active.id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Opens a sealed value; refuses (never returns garbage) on a wrong key, context or any tampering. */
  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('not a sealed value');
    const keyId = parts[1]!;
    const key = this.#keys.get(keyId);
    if (!key) throw new SecretBoxError(`sealed with master key ${keyId}, which is not in the keyring`);
    const iv = Buffer.from(parts[2]!, 'base64url');
    const body = Buffer.from(parts[3]!, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new SecretBoxError('sealed value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SecretBoxError(`sealed value does not open under master key ${keyId} (tampered, or bound to another context)`, { cause: error });
    }
  }

  /** The key id a sealed value names, or undefined for something that is not a sealed value. */
  static keyIdOf(sealed: string): string | undefined {
    const parts = sealed.split('.');
    return parts.length === 4 && parts[0] === VERSION ? parts[1] : undefined;
  }

  /** Opens under whichever key sealed it and seals again under the active key. */
  reseal(sealed: string, context: string): string {
    return this.seal(this.open(sealed, context), context);
  }
}
