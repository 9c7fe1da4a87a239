import { join } from 'node:path';
import type { Command } from 'commander';
import type { Config, ConfigFlags } from '../config/config.ts';
import { ConfigError, loadConfig } from '../config/config.ts';
import { generateMasterKey, SecretBox } from '../security/secret-box.ts';
import { accessKeySecretContext, channelCredentialsContext, sessionSecretContext } from '../security/secret-contexts.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { Storage } from '../storage/repositories.ts';
import { canary, loadKeyring, readKeyFile, writeKeyFile } from './master-keyring.ts';
import { trackingKeyEntry } from './tracking-key.ts';
import { otpPepperEntry } from '../operations/otp/otp-pepper.ts';

/**
 * `pinion keys rotate` and `pinion keys prune`: master-key rotation for secrets at rest.
 *
 * rotate — with the key file: a new key becomes active (older keys stay in the file, so servers
 * that are running keep opening what they sealed); with PINION_MASTER_KEY: the operator has
 * already set the new key there and the old one in PINION_MASTER_KEY_PREVIOUS. Either way every
 * sealed secret is then opened and sealed again under the active key.
 * prune — removes from the key file every key that no stored secret names any more.
 */

export interface KeysReport {
  readonly activeKeyId: string;
  readonly resealed: number;
  readonly alreadyCurrent: number;
  readonly removedKeyIds: readonly string[];
}

function openConfiguredStorage(config: Config): Promise<Storage> {
  return openStorage(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'sqlite', file: join(config.dataDir, 'pinion.sqlite') });
}

function contextFor(table: 'access_keys' | 'sessions', accessKeyId: string): string {
  return table === 'access_keys' ? accessKeySecretContext(accessKeyId) : sessionSecretContext(accessKeyId);
}

/** Every sealed value the deployment stores, with how to re-seal it. */
async function sealedValues(storage: Storage): Promise<{ sealed: string; context: string; replace: (expected: string, value: string) => Promise<boolean> }[]> {
  const values = (await storage.repositories.iam.sealedSecrets()).map((secret) => ({
    sealed: secret.secretSealed,
    context: contextFor(secret.table, secret.accessKeyId),
    replace: (expected: string, value: string) => storage.repositories.iam.resealSecret(secret.table, secret.accessKeyId, expected, value),
  }));
  const channels = storage.repositories.channels;
  for (const channel of await channels.sealedCredentials()) {
    values.push({
      sealed: channel.credentialsSealed,
      context: channelCredentialsContext(channel.tenant.accountId, channel.tenant.region, channel.appId, channel.kind),
      replace: (expected, value) => channels.resealCredentials(channel.tenant, channel.appId, channel.kind, expected, value),
    });
  }
  const tracking = await storage.repositories.meta.get(trackingKeyEntry.key);
  if (tracking !== undefined) {
    values.push({ sealed: tracking, context: trackingKeyEntry.context, replace: (expected, value) => storage.repositories.meta.replace(trackingKeyEntry.key, expected, value) });
  }
  const pepper = await storage.repositories.meta.get(otpPepperEntry.key);
  if (pepper !== undefined) {
    values.push({ sealed: pepper, context: otpPepperEntry.context, replace: (expected, value) => storage.repositories.meta.replace(otpPepperEntry.key, expected, value) });
  }
  const check = await storage.repositories.meta.get(canary.key);
  if (check !== undefined) {
    values.push({ sealed: check, context: canary.context, replace: (expected, value) => storage.repositories.meta.replace(canary.key, expected, value) });
  }
  return values;
}

export async function rotateMasterKey(config: Config): Promise<KeysReport> {
  const keyring = loadKeyring(config);
  let box = keyring.box;
  if (keyring.source === 'file') {
    const existing = readKeyFile(keyring.file!)!;
    const fresh = generateMasterKey();
    writeKeyFile(keyring.file!, [fresh, ...existing]);
    box = new SecretBox(fresh, existing);
  }
  const storage = await openConfiguredStorage(config);
  try {
    let resealed = 0;
    let alreadyCurrent = 0;
    for (const value of await sealedValues(storage)) {
      if (SecretBox.keyIdOf(value.sealed) === box.activeKeyId) {
        alreadyCurrent += 1;
        continue;
      }
      // A value changed since it was read (a key deleted, a session expired) is simply skipped.
      if (await value.replace(value.sealed, box.reseal(value.sealed, value.context))) resealed += 1;
    }
    return { activeKeyId: box.activeKeyId, resealed, alreadyCurrent, removedKeyIds: [] };
  } finally {
    await storage.close();
  }
}

export async function pruneMasterKeys(config: Config): Promise<KeysReport> {
  const keyring = loadKeyring(config);
  if (keyring.source !== 'file') {
    throw new Error('prune works on the key file; with PINION_MASTER_KEY, drop PINION_MASTER_KEY_PREVIOUS once rotate has run');
  }
  const storage = await openConfiguredStorage(config);
  try {
    const inUse = new Set((await sealedValues(storage)).map((v) => SecretBox.keyIdOf(v.sealed)));
    const keys = readKeyFile(keyring.file!)!;
    const [active, ...older] = keys;
    const kept = [active!, ...older.filter((k) => inUse.has(k.id))];
    const removed = older.filter((k) => !inUse.has(k.id)).map((k) => k.id);
    if (removed.length > 0) writeKeyFile(keyring.file!, kept);
    return { activeKeyId: active!.id, resealed: 0, alreadyCurrent: 0, removedKeyIds: removed };
  } finally {
    await storage.close();
  }
}

/** `pinion keys rotate|prune [--data-dir] [--database-url]`. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage the master key that seals secrets at rest');
  const run = (action: (config: Config) => Promise<KeysReport>, describe: (report: KeysReport) => string) => async (flags: ConfigFlags) => {
    let config: Config;
    try {
      config = loadConfig(process.env, flags);
      const report = await action(config);
      console.log(describe(report));
    } catch (error) {
      console.error(`pinion: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    }
  };
  keys
    .command('rotate')
    .description('Make a new master key active and re-seal every stored secret under it')
    .option('--data-dir <dir>', 'data directory (env PINION_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL (env PINION_DATABASE_URL)')
    .action(
      run(rotateMasterKey, (r) =>
        `Active master key: ${r.activeKeyId}. Re-sealed ${r.resealed} secret(s); ${r.alreadyCurrent} already used it. ` +
        'Older keys stay in the key file until `pinion keys prune`.',
      ),
    );
  keys
    .command('prune')
    .description('Remove from the key file the keys no stored secret uses any more')
    .option('--data-dir <dir>', 'data directory (env PINION_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL (env PINION_DATABASE_URL)')
    .action(run(pruneMasterKeys, (r) => (r.removedKeyIds.length > 0 ? `Removed key(s) ${r.removedKeyIds.join(', ')}; active key ${r.activeKeyId}.` : `Nothing to remove; active key ${r.activeKeyId}.`)));
}
