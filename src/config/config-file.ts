import { readFileSync, statSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from './config.ts';

/**
 * PINION_CONFIG_FILE: one file of `PINION_…=value` lines (the .env format), for operators who keep
 * configuration, transport credentials included, in a file rather than in the environment. The
 * environment wins over the file, so one setting can be overridden per process. The file may hold
 * secrets (SMTP and SMPP passwords, gateway keys), so one that other users can read or write is
 * refused, as ssh refuses such key files.
 */
export function withConfigFile(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const path = env.PINION_CONFIG_FILE?.trim();
  if (!path) return env;
  let text: string;
  try {
    const stat = statSync(path);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new ConfigError(`PINION_CONFIG_FILE ${path} is readable or writable by other users (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`PINION_CONFIG_FILE ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const values = parseEnv(text);
  const foreign = Object.keys(values).filter((key) => !key.startsWith('PINION_') || key === 'PINION_CONFIG_FILE');
  if (foreign.length > 0) throw new ConfigError(`PINION_CONFIG_FILE ${path} may only set PINION_ settings (not PINION_CONFIG_FILE itself); it sets ${foreign.slice(0, 5).join(', ')}`);
  return { ...values, ...env };
}
