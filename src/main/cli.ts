import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.ts';
import { createLogger, flushLogger } from '../observability/logger.ts';
import { registerKeysCommand } from './keys-command.ts';
import { auditCommand } from './audit-command.ts';
import { jobsCommand } from './jobs-command.ts';
import { outboxCommand } from './outbox-command.ts';
import { startServer } from './serve.ts';
import { streamsCommand } from './streams-command.ts';
import { version } from './version.ts';

const program = new Command('pinion').description('A self-hosted server that speaks the Amazon Pinpoint APIs').version(version);

program
  .command('serve')
  .description('Serve the Pinpoint, SMS Voice v1 and SMS Voice v2 APIs on one port')
  .option('--host <host>', 'address to listen on (env PINION_HOST, default 127.0.0.1)')
  .option('--port <port>', 'port to listen on, 0 for any free port (env PINION_PORT, default 8733)')
  .option('--data-dir <dir>', 'data directory for the SQLite file and credentials (env PINION_DATA_DIR, default ./data)')
  .option('--database-url <url>', 'PostgreSQL URL instead of the embedded SQLite (env PINION_DATABASE_URL)')
  .option('--regions <list>', 'comma-separated regions served (env PINION_REGIONS, default us-east-1)')
  .action(async (flags: { host?: string; port?: string; dataDir?: string; databaseUrl?: string; regions?: string }) => {
    let config;
    try {
      config = loadConfig(process.env, flags);
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(`pinion: ${error.message}`);
        process.exit(2);
      }
      throw error;
    }
    const logger = createLogger(config.logLevel);
    let server;
    try {
      server = await startServer(config, logger);
    } catch (error) {
      // A configuration problem found at startup (master key, key file mode) is the operator's to fix: say it plainly.
      if (error instanceof ConfigError) {
        console.error(`pinion: ${error.message}`);
        await flushLogger(logger);
        process.exit(2);
      }
      throw error;
    }
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      server.close().then(
        async () => {
          logger.info('stopped');
          await flushLogger(logger);
          process.exit(0);
        },
        async (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          await flushLogger(logger);
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });

registerKeysCommand(program);

program.addCommand(auditCommand());
program.addCommand(streamsCommand());
program.addCommand(jobsCommand());
program.addCommand(outboxCommand());

await program.parseAsync(process.argv);
