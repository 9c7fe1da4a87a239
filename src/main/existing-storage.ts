import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/config.ts';
import type { StorageOptions } from '../storage/open-storage.ts';

/** Prints `pinion: <message>` and exits: the CLI's way out on bad flags or a missing database. */
export function failCli(message: string, code: number): never {
  console.error(`pinion: ${message}`);
  process.exit(code);
}

/**
 * The database of an existing server, for CLI commands that read it (audit, streams): the same
 * configuration as `serve` (flags over environment), and never a new empty SQLite file in a
 * mistyped directory.
 */
export function existingStorageOptions(flags: { dataDir?: string; databaseUrl?: string }): StorageOptions {
  let config;
  try {
    config = loadConfig(process.env, {
      ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
      ...(flags.databaseUrl === undefined ? {} : { databaseUrl: flags.databaseUrl }),
    });
  } catch (error) {
    if (error instanceof ConfigError) failCli(error.message, 2);
    throw error;
  }
  if (config.databaseUrl !== undefined) return { kind: 'postgres', url: config.databaseUrl };
  const file = join(config.dataDir, 'pinion.sqlite');
  if (!existsSync(file)) failCli(`no Pinion database at ${file} (--data-dir, or PINION_DATA_DIR, names a server's data directory)`, 2);
  return { kind: 'sqlite', file };
}
