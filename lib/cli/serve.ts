/**
 * `cellreport serve [--example]` (what `npm start` runs): the whole platform on loopback, with
 * the settings of DESIGN §3.4 from the environment. `--example` submits the bundled example
 * job through the REST API once the platform is up, so a new user gets a report without
 * preparing anything.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type LocalPlatform, startLocalPlatform } from '../adapters/local/platform.ts';
import { templatesDir } from '../adapters/templates.ts';
import { readConfig } from '../pipeline/config.ts';
import { jsonLog } from '../pipeline/ports.ts';
import { submitJob } from './submit.ts';

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      example: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'Usage: cellreport serve [--example] [--quiet]\n' +
        'Environment: PORT (3000), CELLREPORT_S3_PORT (4569), CELLREPORT_DATA_DIR (.cellreport), SMTP_URL, CELLREPORT_API_KEY',
    );
    return 0;
  }
  const config = readConfig(process.env, 'local');
  const platform = await startLocalPlatform({
    config,
    log: values.quiet ? () => {} : jsonLog((line) => process.stderr.write(`${line}\n`)),
  });
  console.log(`cellreport is running at ${platform.url}`);
  console.log(`  local S3      ${platform.s3Endpoint} (data in ${resolve(config.dataDir)})`);
  console.log(
    `  mail          ${platform.outboxDir ? `${platform.outboxDir}/*.eml (listed at ${platform.url}outbox)` : 'SMTP_URL'}`,
  );
  console.log(`  API           ${platform.url}openapi.json`);
  if (values.example) await runExample(platform, config.apiKey);
  console.log('Press Ctrl+C to stop.');
  await new Promise<void>((stopped) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      platform.stop().then(stopped, stopped);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

async function runExample(platform: LocalPlatform, apiKey: string | undefined): Promise<void> {
  const dir = join(templatesDir(platform.deps.config.templatesDir), 'example-job');
  if (!existsSync(join(dir, 'job.json'))) {
    console.log(`  (no example job in ${dir})`);
    return;
  }
  console.log('Running the example job:');
  const result = await submitJob({
    dir,
    api: platform.url,
    apiKey,
    wait: true,
    out: join(resolve(platform.deps.config.dataDir), 'example-report.pdf'),
    print: (line) => console.log(`  ${line}`),
    pollInterval_ms: 250,
  });
  if (result.status === 'done')
    console.log(`  open ${platform.url}#job=${result.jobId} to see it in the browser`);
}
