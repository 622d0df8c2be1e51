/**
 * The artifacts CDK deploys, proven: `npx cdk synth` runs offline and bundles every Lambda
 * with local esbuild; then the built bundles (not the TypeScript) run the three stages in
 * separate Node processes against the local S3 and an SMTP server: readers, vega as ESM,
 * pdfkit's font data and the AWS SDK all come from inside the bundles.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from '../../lib/adapters/local/s3-server.ts';
import { S3ObjectStore, s3Client } from '../../lib/adapters/s3/object-store.ts';
import { lambdaEnvironment } from '../../lib/pipeline/config.ts';
import { jobKeys, uploadKey } from '../../lib/pipeline/keys.ts';
import { s3EventRecord } from '../../lib/pipeline/s3-event.ts';
import { type SmtpSink, startSmtpSink } from '../adapters/smtp-sink.ts';
import { exampleJob, halfCells } from '../e2e/example-job.ts';
import { arbinModelRows } from '../generators/arbin-csv.ts';
import { writeArbinXlsx } from '../generators/arbin-xlsx.ts';
import { buildBenchMpr } from '../generators/bench-mpr.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const jobId = 'bundle-job-1';

let outDir: string;
let dataDir: string;
let synthSeconds: number;
let s3: LocalS3;
let sink: SmtpSink;
let uploads: S3ObjectStore;
let reports: S3ObjectStore;
const bundles: Record<string, string> = {};

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'cellreport-cdk-'));
  dataDir = await mkdtemp(join(tmpdir(), 'cellreport-bundle-s3-'));
  const started = performance.now();
  await run('npx', ['cdk', 'synth', '--no-notices', '-q', '-o', outDir], {
    cwd: root,
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  synthSeconds = (performance.now() - started) / 1000;
  const template = JSON.parse(await readFile(join(outDir, 'Cellreport.template.json'), 'utf8'));
  for (const resource of Object.values<{ Metadata?: Record<string, string> }>(template.Resources)) {
    const path = resource.Metadata?.['aws:cdk:path'] as string | undefined;
    const match = path && /^Cellreport\/(\w+)Function\/Function\/Resource$/.exec(path);
    if (match)
      bundles[match[1]!.toLowerCase()] = join(
        outDir,
        resource.Metadata!['aws:asset:path']!,
        'app/lambda/index.mjs',
      );
  }
  s3 = await startLocalS3({
    directory: dataDir,
    port: 0,
    buckets: ['bundle-uploads', 'bundle-reports'],
    onEvent: () => {},
  });
  sink = await startSmtpSink();
  const client = s3Client({ endpoint: s3.endpoint });
  uploads = new S3ObjectStore(client, 'bundle-uploads');
  reports = new S3ObjectStore(client, 'bundle-reports');
}, 120_000);

afterAll(async () => {
  await s3?.stop();
  await sink?.stop();
  await rm(outDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs a bundle's handler on one S3 event in a fresh Node process, as Lambda would. */
async function invokeBundle(
  name: string,
  bucket: string,
  key: string,
): Promise<{ result: unknown; import_ms: number }> {
  const event = {
    Records: [
      s3EventRecord(
        {
          bucket,
          key,
          size_bytes: 1,
          eTag: 'etag',
          eventName: 'ObjectCreated:Put',
          time: new Date(),
          region: 'eu-west-1',
          sequencer: '01',
        },
        name,
      ),
    ],
  };
  const script = `
    const started = performance.now();
    const { handler } = await import(process.argv[1]);
    const import_ms = performance.now() - started;
    const result = await handler(JSON.parse(process.argv[2]));
    process.stdout.write('\\n@@' + JSON.stringify({ result, import_ms }));`;
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', script, bundles[name]!, JSON.stringify(event)],
    {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        ...lambdaEnvironment({
          uploadsBucket: 'bundle-uploads',
          reportsBucket: 'bundle-reports',
          mailFrom: 'cellreport@lab.example',
          mailTransport: 'smtp',
          smtpUrl: sink.url,
          s3Endpoint: s3.endpoint,
          version: 'bundle-test',
        }),
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.slice(stdout.lastIndexOf('@@') + 2));
}

describe('Lambda bundles', () => {
  it('`npx cdk synth` works offline and bundles all four functions with their data files', () => {
    console.log(`cdk synth with bundling: ${synthSeconds.toFixed(1)} s`);
    expect(Object.keys(bundles).sort()).toEqual(['analyse', 'api', 'notify', 'render']);
    for (const bundle of Object.values(bundles)) expect(existsSync(bundle), bundle).toBe(true);
    const renderAsset = resolve(bundles.render!, '../../..');
    expect(existsSync(join(renderAsset, 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))).toBe(true);
    expect(existsSync(join(renderAsset, 'standard-fonts/Helvetica.cjs'))).toBe(true);
    expect(existsSync(join(renderAsset, 'templates/figures'))).toBe(true);
    expect(
      existsSync(join(resolve(bundles.notify!, '../../..'), 'templates/email/report-attached.txt')),
    ).toBe(true);
  });

  it('the built analyse, render and notify bundles turn uploaded files into a report emailed with the PDF', async () => {
    // Prepare
    const job = exampleJob({ cells: halfCells, notify: ['lab@lab.example'] });
    for (const [path, bytes] of job.files) await uploads.put(uploadKey(jobId, path), bytes);
    await uploads.put(jobKeys(jobId).manifest, JSON.stringify(job.manifest));
    // Act
    const analysed = await invokeBundle('analyse', 'bundle-uploads', jobKeys(jobId).manifest);
    const rendered = await invokeBundle('render', 'bundle-reports', jobKeys(jobId).analysis);
    const notified = await invokeBundle('notify', 'bundle-reports', jobKeys(jobId).reportJson);
    const [mail] = await sink.received(1);
    // Assess
    console.log(
      `cold import: analyse ${analysed.import_ms.toFixed(0)} ms, render ${rendered.import_ms.toFixed(0)} ms, notify ${notified.import_ms.toFixed(0)} ms`,
    );
    expect([analysed.result, rendered.result, notified.result]).toEqual([
      { outcomes: ['done'] },
      { outcomes: ['done'] },
      { outcomes: ['done'] },
    ]);
    const pdf = await reports.get(jobKeys(jobId).reportPdf);
    expect(new TextDecoder().decode(pdf!.subarray(0, 5))).toBe('%PDF-');
    // The report's Unicode font came from the bundle's copy of dejavu-fonts-ttf.
    expect(Buffer.from(pdf!).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect(Buffer.compare(mail!.attachments[0]!.content, Buffer.from(pdf!))).toBe(0);
    expect(mail!.to).toMatchObject({ text: 'lab@lab.example' });
    const results = JSON.parse(new TextDecoder().decode((await reports.get(jobKeys(jobId).reportJson))!));
    expect(results.generatedBy).toEqual({ name: 'cellreport', version: 'bundle-test' });
    expect(results.cells.map((cell: { id: string }) => cell.id)).toEqual(halfCells);
  });

  it('the built analyse bundle reads a .mpr (its WebAssembly kernels) and an Arbin .xlsx (a zip) from inside the bundle', async () => {
    // Prepare
    const binaryJob = 'bundle-job-2';
    const mprRows = 20_000;
    const arbinRows = arbinModelRows();
    const files = {
      'cell.mpr': buildBenchMpr(mprRows),
      'cell.xlsx': writeArbinXlsx(arbinRows, { excelStyle: true }),
    };
    const cells = Object.keys(files).map((path, index) => ({
      id: `cell-${index + 1}`,
      group: 'LPSCl',
      type: 'full',
      areaCm2: 0.785,
      activeMassMg: 1.74,
      temperatureC: 25,
      files: [{ path, kind: 'cycling' }],
    }));
    for (const [path, bytes] of Object.entries(files)) await uploads.put(uploadKey(binaryJob, path), bytes);
    await uploads.put(
      jobKeys(binaryJob).manifest,
      JSON.stringify({ version: 1, title: 'Binary files', baseline: 'LPSCl', cells }),
    );
    // Act
    const analysed = await invokeBundle('analyse', 'bundle-uploads', jobKeys(binaryJob).manifest);
    // Assess
    expect(analysed.result).toEqual({ outcomes: ['done'] });
    const analysis = JSON.parse(new TextDecoder().decode((await reports.get(jobKeys(binaryJob).analysis))!));
    const filesRead = analysis.results.cells.flatMap((cell: { files: { path: string; rows: number }[] }) =>
      cell.files.map((file) => [file.path, file.rows]),
    );
    expect(filesRead).toEqual([
      ['cell.mpr', mprRows],
      ['cell.xlsx', arbinRows.length],
    ]);
  });
});
