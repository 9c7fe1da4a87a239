import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newAccessKeyId, newSecretAccessKey } from '../operations/iam/iam-naming.ts';
import { readOptionalFile } from './read-optional-file.ts';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { MetaRepository } from '../storage/repositories.ts';

/**
 * Who this deployment is: its account id (configured, or generated once and kept in the database)
 * and its root credentials (configured, or generated on first start and written once to
 * `<data dir>/credentials`, mode 0600, in the AWS shared-credentials format, profile `pinion`).
 */

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const credentialsProfile = 'pinion';

export async function resolveAccountId(config: Config, meta: MetaRepository, logger: Logger): Promise<string> {
  if (config.accountId !== undefined) {
    const stored = await meta.putIfAbsent('account_id', config.accountId);
    if (stored !== config.accountId) {
      logger.warn({ configured: config.accountId, stored }, 'PINION_ACCOUNT_ID differs from the account id this database was created with; data is partitioned by account id');
    }
    return config.accountId;
  }
  const generated = String(randomInt(1, 10)) + Array.from({ length: 11 }, () => randomInt(0, 10)).join('');
  return meta.putIfAbsent('account_id', generated);
}

function generateCredentials(): RootCredentials {
  return { accessKeyId: newAccessKeyId(false), secretAccessKey: newSecretAccessKey() };
}

/** Reads the `[pinion]` profile of a shared-credentials file; undefined when the file is absent. */
export function readCredentialsFile(path: string): RootCredentials | undefined {
  const text = readOptionalFile(path);
  if (text === undefined) return undefined;
  let section = '';
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    const kv = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (kv && section === credentialsProfile) values[kv[1]!.toLowerCase()] = kv[2]!;
  }
  const accessKeyId = values.aws_access_key_id;
  const secretAccessKey = values.aws_secret_access_key;
  if (!accessKeyId || !secretAccessKey) throw new Error(`${path} has no [${credentialsProfile}] profile with both keys`);
  return { accessKeyId, secretAccessKey };
}

export function resolveRootCredentials(config: Config, print: (text: string) => void): RootCredentials {
  if (config.rootCredentials) return config.rootCredentials;
  const path = join(config.dataDir, 'credentials');
  const existing = readCredentialsFile(path);
  if (existing) return existing;
  const created = generateCredentials();
  mkdirSync(config.dataDir, { recursive: true });
  // 'wx': never overwrite a file another process wrote in the meantime.
  writeFileSync(
    path,
    `[${credentialsProfile}]\naws_access_key_id = ${created.accessKeyId}\naws_secret_access_key = ${created.secretAccessKey}\n`,
    { mode: 0o600, flag: 'wx' },
  );
  print(
    [
      'Pinion created root credentials. They are shown this once and kept in',
      `  ${path} (profile ${credentialsProfile}, mode 0600)`,
      `  aws_access_key_id     = ${created.accessKeyId}`,
      `  aws_secret_access_key = ${created.secretAccessKey}`,
      '',
    ].join('\n'),
  );
  return created;
}
