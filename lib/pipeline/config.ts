/**
 * Configuration, read once at cold start. This module names every environment variable the
 * platform reads; the CDK stack builds its Lambda environments through `lambdaEnvironment`, so
 * a name cannot drift between the stack and the handlers. Every missing or bad value is
 * reported at once, in one `ConfigError`.
 */
import { z } from 'zod';
import { message } from '../core/messages.ts';
import { ConfigError } from './errors.ts';
import { packageVersion } from './version.ts';

/** Setting → environment variable. */
export const envNames = {
  uploadsBucket: 'UPLOADS_BUCKET',
  reportsBucket: 'REPORTS_BUCKET',
  mailFrom: 'MAIL_FROM',
  mailTransport: 'MAIL_TRANSPORT',
  smtpUrl: 'SMTP_URL',
  s3Endpoint: 'S3_ENDPOINT',
  apiKey: 'CELLREPORT_API_KEY',
  maxFileBytes: 'MAX_FILE_BYTES',
  maxFiles: 'MAX_FILES',
  maxManifestBytes: 'MAX_MANIFEST_BYTES',
  maxEmailBytes: 'MAX_EMAIL_BYTES',
  presignTtl_s: 'PRESIGN_TTL_S',
  version: 'CELLREPORT_VERSION',
  templatesDir: 'CELLREPORT_TEMPLATES_DIR',
  port: 'PORT',
  s3Port: 'CELLREPORT_S3_PORT',
  dataDir: 'CELLREPORT_DATA_DIR',
} as const;

export type Setting = keyof typeof envNames;

const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const settingsSchema = z.object({
  uploadsBucket: z.string().min(3).max(63).default('cellreport-uploads'),
  reportsBucket: z.string().min(3).max(63).default('cellreport-reports'),
  mailFrom: z.string().min(3).default('cellreport <cellreport@localhost>'),
  /** `ses` in AWS; locally `smtp` when `SMTP_URL` is set, else `outbox` (`.eml` files). */
  mailTransport: z.enum(['ses', 'smtp', 'outbox']).optional(),
  smtpUrl: z.url({ protocol: /^smtps?$/ }).optional(),
  /** An S3-compatible endpoint (the local s3rver); unset in AWS. */
  s3Endpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** Checked by the API when set (locally; in AWS, API Gateway checks `x-api-key`). */
  apiKey: z.string().min(8).optional(),
  /** Largest single upload. */
  maxFileBytes: integer(256 * 1024 * 1024, 1, 5 * 1024 ** 3),
  /** Most files one job may declare. */
  maxFiles: integer(200, 1, 5000),
  /** Largest manifest (`job.json`) accepted. */
  maxManifestBytes: integer(256 * 1024, 1024, 10 * 1024 * 1024),
  /**
   * Largest email: SES accepts raw messages up to 10 MB by default (40 MB on request, v2 API);
   * a bigger report is sent as a presigned link instead of an attachment.
   */
  maxEmailBytes: integer(10 * 1024 * 1024, 10_000, 40 * 1024 * 1024),
  /** Lifetime of presigned upload and download URLs, s (7 days at most, S3's limit). */
  presignTtl_s: integer(3600, 60, 7 * 24 * 3600),
  /** Written into results as `generatedBy.version`; package.json's unless overridden. */
  version: z.string().min(1).default(packageVersion),
  templatesDir: z.string().min(1).optional(),
  port: integer(3000, 0, 65535),
  s3Port: integer(4569, 0, 65535),
  dataDir: z.string().min(1).default('.cellreport'),
});

export type Config = z.output<typeof settingsSchema>;

/** Settings a deployed Lambda must be given explicitly (defaults are for the local platform). */
const requiredInLambda: readonly Setting[] = ['uploadsBucket', 'reportsBucket', 'mailFrom'];

export type Profile = 'lambda' | 'local';

/**
 * Reads every setting from an environment (`process.env` in a handler). Empty strings count as
 * unset. Throws a `ConfigError` whose details list each bad or missing variable.
 */
export function readConfig(env: Record<string, string | undefined>, profile: Profile = 'local'): Config {
  const raw: Record<string, string> = {};
  for (const [setting, name] of Object.entries(envNames)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[setting] = value;
  }
  const problems: { variable: string; expected: string }[] = [];
  if (profile === 'lambda') {
    for (const setting of requiredInLambda) {
      if (raw[setting] === undefined)
        problems.push({ variable: envNames[setting], expected: 'expected a value' });
    }
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const setting = String(issue.path[0]) as Setting;
      problems.push({ variable: envNames[setting], expected: issue.message });
    }
  }
  if (problems.length > 0 || !parsed.success)
    throw new ConfigError(message.configInvalid(problems), problems);
  return parsed.data;
}

/** The environment of a Lambda function, keyed by setting, so the stack names no variable itself. */
export function lambdaEnvironment(
  settings: Partial<Record<Setting, string | number>>,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [setting, value] of Object.entries(settings)) {
    if (value !== undefined) environment[envNames[setting as Setting]] = String(value);
  }
  return environment;
}
