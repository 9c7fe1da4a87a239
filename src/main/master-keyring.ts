import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOptionalFile } from './read-optional-file.ts';
import type { Config } from '../config/config.ts';
import { ConfigError } from '../config/config.ts';
import { generateMasterKey, masterKeyFrom, SecretBox, SecretBoxError } from '../security/secret-box.ts';
import type { MasterKey, Secrets } from '../security/secret-box.ts';
import type { MetaRepository } from '../storage/repositories.ts';

/**
 * Where the master key comes from: PINION_MASTER_KEY (plus PINION_MASTER_KEY_PREVIOUS during a
 * rotation), or the key file `<data dir>/master-keys.json` (mode 0600), created on first start.
 * The file holds every key that may still have sealed something: the first is the active one.
 */

export const masterKeyFileName = 'master-keys.json';

interface KeyFile {
  readonly keys: readonly { readonly id: string; readonly key: string; readonly created: string }[];
}

export interface Keyring {
  readonly box: SecretBox;
  readonly source: 'environment' | 'file';
  readonly file: string | undefined;
}

/**
 * The secrets service the server uses. With a key file, a value sealed under a key this process
 * does not know yet (`pinion keys rotate` ran while it was up) makes it read the file again, so a
 * rotation needs no restart; from then on it also seals under the new active key.
 */
export class ReloadingSecrets implements Secrets {
  #box: SecretBox;

  constructor(private readonly keyring: Keyring) {
    this.#box = keyring.box;
  }

  get box(): SecretBox {
    return this.#box;
  }

  seal(plaintext: string, context: string): string {
    return this.#box.seal(plaintext, context);
  }

  open(sealed: string, context: string): string {
    const keyId = SecretBox.keyIdOf(sealed);
    if (this.keyring.file !== undefined && keyId !== undefined && !this.#box.keyIds.includes(keyId)) {
      const keys = readKeyFile(this.keyring.file);
      if (keys) this.#box = new SecretBox(keys[0]!, keys.slice(1));
    }
    return this.#box.open(sealed, context);
  }
}

export function keyFilePath(config: Config): string {
  return join(config.dataDir, masterKeyFileName);
}

export function readKeyFile(path: string): MasterKey[] | undefined {
  const text = readOptionalFile(path);
  if (text === undefined) return undefined;
  // A key readable by other users of the machine is not a secret any more: refuse, as ssh does.
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`${path} is readable by other users (mode ${mode.toString(8)}); run chmod 600 on it`);
  }
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(text) as KeyFile;
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) throw new ConfigError(`${path} holds no keys`);
  return parsed.keys.map((entry, i) => {
    const key = masterKeyFrom(Buffer.from(String(entry.key), 'base64'));
    if (key.id !== entry.id) throw new ConfigError(`${path}: key ${i + 1} does not match its id ${String(entry.id)}`);
    return key;
  });
}

/** Writes the whole key file atomically (temp file, then rename), mode 0600. */
export function writeKeyFile(path: string, keys: readonly MasterKey[], created: ReadonlyMap<string, string> = new Map()): void {
  const body: KeyFile = {
    keys: keys.map((k) => ({ id: k.id, key: k.key.toString('base64'), created: created.get(k.id) ?? new Date().toISOString() })),
  };
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, path);
}

/** Reads the keyring, creating the key file with a fresh key when nothing is configured yet. */
export function loadKeyring(config: Config): Keyring {
  if (config.masterKey) {
    const active = masterKeyFrom(config.masterKey);
    return { box: new SecretBox(active, config.previousMasterKeys.map(masterKeyFrom)), source: 'environment', file: undefined };
  }
  const path = keyFilePath(config);
  let keys = readKeyFile(path);
  if (!keys) {
    mkdirSync(config.dataDir, { recursive: true });
    const key = generateMasterKey();
    try {
      const body: KeyFile = { keys: [{ id: key.id, key: key.key.toString('base64'), created: new Date().toISOString() }] };
      // 'wx': a second process starting at the same moment keeps the first one's key.
      writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    keys = readKeyFile(path)!;
  }
  return { box: new SecretBox(keys[0]!, keys.slice(1)), source: 'file', file: path };
}

const canaryKey = 'master_key_canary';
const canaryContext = 'pinion-master-key-canary';

/**
 * Proves at startup that the keyring opens what this database holds: a value sealed on first use
 * is opened again on every start. A wrong PINION_MASTER_KEY (or a key file from another
 * deployment) stops the server here instead of failing on the first signed request.
 */
export async function checkKeyringMatchesDatabase(box: Secrets & { readonly keyIds: readonly string[] }, meta: MetaRepository): Promise<void> {
  const stored = await meta.putIfAbsent(canaryKey, box.seal('pinion', canaryContext));
  try {
    box.open(stored, canaryContext);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new ConfigError(
      `The master key does not match this database: its secrets are sealed with master key ${SecretBox.keyIdOf(stored) ?? '?'}, ` +
        `and the keyring holds ${box.keyIds.join(', ')}. Set PINION_MASTER_KEY to the key this database was created with.`,
    );
  }
}

export const canary = { key: canaryKey, context: canaryContext } as const;
