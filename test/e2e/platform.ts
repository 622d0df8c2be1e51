/** The local platform on free loopback ports with mail going to an SMTP server in the test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalPlatform, startLocalPlatform } from '../../lib/adapters/local/platform.ts';
import { readConfig } from '../../lib/pipeline/config.ts';
import type { LogEntry } from '../../lib/pipeline/ports.ts';
import { type SmtpSink, startSmtpSink } from '../adapters/smtp-sink.ts';

export interface TestPlatform {
  platform: LocalPlatform;
  sink: SmtpSink;
  logs: LogEntry[];
  /** A request to the platform's HTTP server. */
  call(
    method: string,
    path: string,
    body?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answered
  ): Promise<{ status: number; json: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cellreport-e2e-'));
  const sink = await startSmtpSink();
  const logs: LogEntry[] = [];
  const platform = await startLocalPlatform({
    config: readConfig({
      PORT: '0',
      CELLREPORT_S3_PORT: '0',
      CELLREPORT_DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      MAIL_FROM: 'cellreport@lab.example',
      CELLREPORT_VERSION: 'e2e',
      ...env,
    }),
    log: (entry) => logs.push(entry),
  });
  return {
    platform,
    sink,
    logs,
    call: async (method, path, body) => {
      const response = await fetch(new URL(path, platform.url), {
        method,
        redirect: 'manual',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      const isJson = response.headers.get('content-type')?.startsWith('application/json');
      return {
        status: response.status,
        json: isJson && text ? JSON.parse(text) : null,
        headers: response.headers,
      };
    },
    stop: async () => {
      await platform.stop();
      await sink.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
