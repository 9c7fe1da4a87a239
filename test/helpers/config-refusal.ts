import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

/** For the config tests: loading `env` fails with a ConfigError whose message matches. */
export function refuses(env: NodeJS.ProcessEnv, message: RegExp): void {
  assert.throws(
    () => loadConfig(env),
    (error) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, message);
      return true;
    },
  );
}
