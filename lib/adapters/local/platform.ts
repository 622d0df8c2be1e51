/**
 * The platform on one machine (`npm start`, DESIGN §3.4): the local S3, its event bridge
 * invoking the same stage handlers the Lambdas export, and the HTTP server for the API and the
 * web form, all on loopback. Mail goes over SMTP when `SMTP_URL` is set, else to the outbox.
 */
import { join, resolve } from 'node:path';
import type { ApiDeps } from '../../pipeline/api/handle.ts';
import type { Config } from '../../pipeline/config.ts';
import { loadAnalyzer, loadRenderer, type PipelineDeps } from '../../pipeline/deps.ts';
import { s3StageHandler } from '../../pipeline/handlers.ts';
import { jsonLog, type Log, type Mailer, systemClock } from '../../pipeline/ports.ts';
import { analyseStage } from '../../pipeline/stages/analyse.ts';
import { notifyStage } from '../../pipeline/stages/notify.ts';
import { renderStage } from '../../pipeline/stages/render.ts';
import { outboxMailer, smtpMailer } from '../mail/mailer.ts';
import { S3ObjectStore, s3Client } from '../s3/object-store.ts';
import { loadEmailTemplates, templatesDir, webAssets } from '../templates.ts';
import { type EventBridge, eventBridge } from './event-bridge.ts';
import { startHttpServer } from './http-server.ts';
import { startLocalS3 } from './s3-server.ts';

export interface LocalPlatform {
  /** The web form and API, e.g. http://127.0.0.1:3000/ */
  url: string;
  s3Endpoint: string;
  outboxDir: string | null;
  deps: PipelineDeps;
  bridge: EventBridge;
  /** Resolves when every stage started so far has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalPlatformOptions {
  config: Config;
  log?: Log;
  /** Replaces the configured mailer (tests). */
  mailer?: Mailer;
  /** Replaces the engines (tests of the platform without the analysis). */
  engines?: Partial<Pick<PipelineDeps, 'analyze' | 'render'>>;
}

export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const { config } = options;
  const log = options.log ?? jsonLog();
  const dataDir = resolve(config.dataDir);
  const templates = templatesDir(config.templatesDir);
  const outboxDir = config.smtpUrl ? null : join(dataDir, 'outbox');
  const buckets = { uploads: config.uploadsBucket, reports: config.reportsBucket };

  let bridge: EventBridge | null = null;
  const s3 = await startLocalS3({
    directory: join(dataDir, 's3'),
    port: config.s3Port,
    buckets: Object.values(buckets),
    onEvent: (event) => bridge?.accept(event),
  });
  const client = s3Client({ endpoint: s3.endpoint });
  const deps: PipelineDeps = {
    uploads: new S3ObjectStore(client, buckets.uploads),
    reports: new S3ObjectStore(client, buckets.reports),
    clock: systemClock,
    log,
    config,
    mailer: options.mailer ?? (config.smtpUrl ? smtpMailer(config.smtpUrl) : outboxMailer(outboxDir!)),
    emailTemplates: loadEmailTemplates(templates),
    analyze: options.engines?.analyze ?? (async (input) => (await loadAnalyzer())(input)),
    render:
      options.engines?.render ??
      (async (analysis, renderOptions) => (await loadRenderer())(analysis, renderOptions)),
  };
  bridge = eventBridge({
    buckets,
    log,
    handlers: {
      analyse: s3StageHandler(analyseStage, deps),
      render: s3StageHandler(renderStage, deps),
      notify: s3StageHandler(notifyStage, deps),
    },
  });
  const api: ApiDeps = { ...deps, assets: webAssets(templates) };
  const http = await startHttpServer({
    port: config.port,
    api,
    outboxDir,
    exampleDir: join(templates, 'example-job'),
  }).catch(async (error: unknown) => {
    await s3.stop();
    throw error;
  });
  const activeBridge = bridge;
  return {
    url: http.url,
    s3Endpoint: s3.endpoint,
    outboxDir,
    deps,
    bridge: activeBridge,
    idle: () => activeBridge.idle(),
    stop: async () => {
      await http.stop();
      await activeBridge.idle();
      await s3.stop();
      client.destroy();
    },
  };
}
