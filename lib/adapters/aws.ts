/**
 * The ports as a Lambda gets them: configuration from its environment (read once, at cold
 * start, failing loudly), S3 through the SDK, mail through SES, JSON log lines.
 */
import type { ApiDeps } from '../pipeline/api/handle.ts';
import { readConfig } from '../pipeline/config.ts';
import type { NotifyDeps, StageDeps } from '../pipeline/deps.ts';
import { jsonLog, systemClock } from '../pipeline/ports.ts';
import { outboxMailer, sesMailer, smtpMailer } from './mail/mailer.ts';
import { S3ObjectStore, s3Client } from './s3/object-store.ts';
import { loadEmailTemplates, templatesDir, webAssets } from './templates.ts';

type Environment = Record<string, string | undefined>;

export function lambdaStageDeps(env: Environment): StageDeps {
  const config = readConfig(env, 'lambda');
  const client = s3Client({ endpoint: config.s3Endpoint });
  return {
    uploads: new S3ObjectStore(client, config.uploadsBucket),
    reports: new S3ObjectStore(client, config.reportsBucket),
    clock: systemClock,
    log: jsonLog(),
    config,
  };
}

export function lambdaNotifyDeps(env: Environment): NotifyDeps {
  const deps = lambdaStageDeps(env);
  const { config } = deps;
  const transport = config.mailTransport ?? (config.smtpUrl ? 'smtp' : 'ses');
  const mailer =
    transport === 'ses'
      ? sesMailer()
      : transport === 'smtp' && config.smtpUrl
        ? smtpMailer(config.smtpUrl)
        : outboxMailer('/tmp/outbox');
  return { ...deps, mailer, emailTemplates: loadEmailTemplates(templatesDir(config.templatesDir)) };
}

export function lambdaApiDeps(env: Environment): ApiDeps {
  const deps = lambdaStageDeps(env);
  return { ...deps, assets: webAssets(templatesDir(deps.config.templatesDir)) };
}
