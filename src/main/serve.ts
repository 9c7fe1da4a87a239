import { join } from 'node:path';
import type { Logger } from 'pino';
import { buildHttpServer } from '../api/http-server.ts';
import { RequestPipeline } from '../api/request-pipeline.ts';
import { registerSmsGatewayRoutes } from '../api/sms-gateway-routes.ts';
import { registerTrackingRoutes } from '../api/tracking-routes.ts';
import { SendsInFlight } from '../engine/messaging/sends-in-flight.ts';
import { SmsInbound } from '../engine/messaging/sms-inbound.ts';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Authorizer } from '../auth/authorizer.ts';
import { AuditTrail } from '../observability/audit-trail.ts';
import { CredentialStore } from '../auth/credential-store.ts';
import { PolicyStore } from '../auth/policy-store.ts';
import { ResourceTags } from '../auth/resource-tags.ts';
import { ServiceRoles } from '../auth/service-roles.ts';
import { SigV4Verifier } from '../auth/sigv4-verifier.ts';
import type { Config } from '../config/config.ts';
import { EventStreamDelivery } from '../engine/event-stream-delivery.ts';
import { readStreamStatuses, toSamples } from '../engine/event-stream-status.ts';
import { runExportJob } from '../engine/jobs/export/run-export-job.ts';
import { runImportJob } from '../engine/jobs/import/run-import-job.ts';
import { JobRunner } from '../engine/jobs/job-runner.ts';
import { S3Access } from '../integrations/s3-access.ts';
import { FirehoseSink } from '../integrations/firehose-sink.ts';
import { KinesisSink } from '../integrations/kinesis-sink.ts';
import { createMetrics } from '../observability/metrics.ts';
import { checkHandlerTable, handlerTable } from '../operations/handler-table.ts';
import { queryHandlerTable } from '../operations/query-handler-table.ts';
import { loadQueryModels, loadServiceModels } from '../spec/load-models.ts';
import { openStorage } from '../storage/open-storage.ts';
import { resolveAccountId, resolveRootCredentials } from './bootstrap-identity.ts';
import { checkKeyringMatchesDatabase, loadKeyring, ReloadingSecrets } from './master-keyring.ts';
import type { Transports } from '../channels/transports.ts';
import { startTransports } from './messaging-transports.ts';
import { loadTrackingKey } from './tracking-key.ts';
import type { BounceListener } from '../channels/email/bounce-listener.ts';
import { returnPathFor } from '../domain/messages/return-path.ts';
import { startBounceProcessing } from './bounce-processing.ts';
import { version } from './version.ts';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly accountId: string;
  close(): Promise<void>;
}

/** Builds every long-lived object once, from the frozen config, and starts listening. */
export async function startServer(config: Config, logger: Logger, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<RunningServer> {
  const models = loadServiceModels();
  checkHandlerTable(handlerTable, models);
  const queryModels = loadQueryModels();
  const keyring = loadKeyring(config);
  const secrets = new ReloadingSecrets(keyring);

  const storage = await openStorage(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl, statementTimeoutMs: config.databaseStatementTimeoutMs }
      : { kind: 'sqlite', file: join(config.dataDir, 'pinion.sqlite') },
    logger,
  );
  let transports: Transports | undefined;
  let bounceListener: BounceListener | undefined;
  try {
    const accountId = await resolveAccountId(config, storage.repositories.meta, logger);
    await checkKeyringMatchesDatabase(keyring.box, storage.repositories.meta);
    const root = resolveRootCredentials(config, print);
    const iam = storage.repositories.iam;
    const credentials = new CredentialStore({ iam, secrets, accountId, root, logger });
    const policies = new PolicyStore(iam, logger);
    const resourceTags = new ResourceTags(storage.repositories);
    const authorizer = new Authorizer(policies, resourceTags.lookup);
    const verifier = new SigV4Verifier({ resolveCredential: credentials.resolve });
    const serviceRoles = new ServiceRoles(iam, authorizer);
    const eventStreamAccounts: ReadonlySet<string> = new Set(config.eventStreams.destinationAccounts ?? [accountId]);
    const metrics = createMetrics();
    const eventStreams = storage.repositories.eventStreams;
    const s3 = new S3Access(config.s3);
    // One deployment key signs tracking links and bounce return paths.
    const bounces = config.messaging.bounces;
    const trackingKey = config.publicUrl !== undefined || bounces !== undefined ? await loadTrackingKey(storage.repositories.meta, secrets) : undefined;
    // Sends note their messages' transport ids here until recorded; receipts that come sooner wait.
    const inFlight = new SendsInFlight();
    // An SMPP transport records receipts and inbound keywords for every region the account is served in.
    const started = startTransports(
      config.messaging,
      logger,
      { repositories: storage.repositories, tenants: config.regions.map((region) => ({ accountId, region })), inFlight },
      bounces && trackingKey ? (messageId) => returnPathFor(trackingKey, messageId, bounces.domain) : undefined,
    );
    transports = started;
    const tracking = config.publicUrl !== undefined && trackingKey ? { publicUrl: config.publicUrl, key: trackingKey } : undefined;
    if (bounces && trackingKey) bounceListener = await startBounceProcessing(bounces, trackingKey, storage.repositories.messages, logger.child({ component: 'bounces' }), inFlight);
    const smsEventsSecret = config.messaging.sms.http ? config.messaging.sms.httpEventsSecret : undefined;
    // Routes outside the API: email tracking, and the HTTP SMS gateway's receipts and inbound messages.
    const publicRoutes = (app: FastifyInstance): void => {
      if (tracking) registerTrackingRoutes(app, { key: tracking.key, repositories: storage.repositories, now: () => new Date(), logger: logger.child({ component: 'tracking' }) });
      if (smsEventsSecret !== undefined) {
        const log = logger.child({ component: 'sms-gateway' });
        const sink = new SmsInbound({
          messages: storage.repositories.messages,
          endpoints: storage.repositories.endpoints,
          smsOptOuts: storage.repositories.smsOptOuts,
          tenants: config.regions.map((region) => ({ accountId, region })),
          inFlight,
          replies: config.messaging.sms.replies,
          now: () => new Date(),
          logger: log,
        });
        registerSmsGatewayRoutes(app, { secret: smsEventsSecret, sink, sms: started.sms, newMessageId: () => randomUUID().replaceAll('-', ''), logger: log });
      }
    };
    const jobRunner = new JobRunner(
      { repositories: storage.repositories, serviceRoles, s3, logger: logger.child({ component: 'jobs' }), works: { IMPORT: runImportJob, EXPORT: runExportJob } },
      { pollIntervalMs: config.jobPollIntervalMs },
    );
    metrics.eventStreams.observe(async () => toSamples(await readStreamStatuses(eventStreams), new Date()));
    const audit = new AuditTrail(storage.repositories.audit, { accountId, logger, retentionDays: config.auditRetentionDays });
    const pipeline = new RequestPipeline({
      models,
      handlers: handlerTable,
      queryModels,
      queryHandlers: queryHandlerTable({ authorizer }),
      verifier,
      credentials,
      authorizer,
      audit,
      regions: new Set(config.regions),
      services: {
        accountId,
        repositories: storage.repositories,
        logger,
        secrets,
        now: () => new Date(),
        identityChanged: () => {
          credentials.invalidate();
          policies.invalidate();
          resourceTags.invalidate();
        },
        resourcesChanged: () => resourceTags.invalidate(),
        serviceRoles,
        eventStreamAccounts,
        jobs: {
          allowedBuckets: config.s3.allowedBuckets === undefined ? undefined : new Set(config.s3.allowedBuckets),
          jobCreated: () => jobRunner.poke(),
        },
        messaging: { transports: started, inFlight, ...(tracking ? { tracking } : {}) },
        authorizer,
      },
    });
    const http = buildHttpServer({
      pipeline,
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      version,
      databaseReady: () => storage.ping(),
      databaseKind: storage.dialect,
      metrics: metrics.registry,
      ...(config.metricsToken !== undefined ? { metricsToken: config.metricsToken } : {}),
      publicRoutes,
    });
    await http.listen({ host: config.host, port: config.port });
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    audit.start();
    const sinks = {
      kinesis: new KinesisSink({ endpoint: config.eventStreams.kinesisEndpoint }),
      firehose: new FirehoseSink({ endpoint: config.eventStreams.firehoseEndpoint }),
    };
    const delivery = new EventStreamDelivery(
      { repository: eventStreams, serviceRoles, sinks, metrics: metrics.eventStreams, logger: logger.child({ component: 'event-streams' }) },
      {
        pollIntervalMs: config.eventStreams.pollIntervalMs,
        retentionMs: config.eventStreams.retentionHours * 3_600_000,
        maxBackoffMs: config.eventStreams.maxBackoffMs,
        allowedAccounts: eventStreamAccounts,
      },
    );
    delivery.start();
    // Jobs a previous run left unfinished resume once their leases run out.
    jobRunner.start();
    // Expired STS sessions are useless: drop them hourly so the table (and key rotation) stays small.
    // Events past the retention go too (the event log would otherwise grow without bound), and
    // one-time passwords that expired or ran out of attempts.
    const pruneSessions = async () => {
      await iam.deleteExpiredSessions(new Date()).catch((error: unknown) => logger.warn({ err: error }, 'could not prune expired sessions'));
      const before = new Date(Date.now() - config.eventLogRetentionDays * 86_400_000);
      await storage.repositories.endpoints.pruneEvents(before).catch((error: unknown) => logger.warn({ err: error }, 'could not prune the event log'));
      // The message log (and the simulator outbox in it) is kept as long as the events it explains.
      await storage.repositories.messages.prune(before).catch((error: unknown) => logger.warn({ err: error }, 'could not prune the message log'));
      await storage.repositories.otp.pruneExpired(new Date().toISOString()).catch((error: unknown) => logger.warn({ err: error }, 'could not prune expired one-time passwords'));
    };
    void pruneSessions();
    const sessionPruner = setInterval(pruneSessions, 3_600_000);
    sessionPruner.unref();
    logger.info({ url, port, accountId, regions: config.regions, database: storage.dialect, version }, 'listening');
    return {
      url,
      port,
      accountId,
      close: async () => {
        clearInterval(sessionPruner);
        await http.close();
        // Requests in flight to Kinesis/Firehose are aborted; their records stay in the outbox.
        await delivery.close();
        // Running jobs stop at their next step; their recorded progress lets them resume.
        await jobRunner.close();
        s3.destroy();
        // Requests in flight have been answered: the relay connections can go.
        await started.close();
        await bounceListener?.close();
        sinks.kinesis.destroy();
        sinks.firehose.destroy();
        // Every request answered has its audit record written before the database closes.
        await audit.close();
        await storage.close();
      },
    };
  } catch (error) {
    // A start that fails after the transports began (an SMPP link binds in the background) stops them too.
    await transports?.close().catch(() => undefined);
    await bounceListener?.close().catch(() => undefined);
    await storage.close();
    throw error;
  }
}
