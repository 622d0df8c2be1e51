/**
 * End to end on loopback, through real servers: the REST API creates a job, the files go to
 * the local S3 by presigned PUT, submit writes job.json, s3rver's event (rewritten by the
 * bridge) starts analyse → render → notify with the real analysis and report, and the email
 * arrives at an SMTP server in the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../lib/core/messages.ts';
import { jobKeys } from '../../lib/pipeline/keys.ts';
import type { JobStatus } from '../../lib/pipeline/status.ts';
import { exampleJob, halfCells } from './example-job.ts';
import { startTestPlatform, type TestPlatform } from './platform.ts';

let test: TestPlatform;
beforeAll(async () => {
  test = await startTestPlatform();
}, 30_000);
afterAll(async () => {
  await test?.stop();
});

async function uploadAll(uploads: { path: string; url: string }[], files: Map<string, Uint8Array>) {
  for (const upload of uploads) {
    const response = await fetch(upload.url, { method: 'PUT', body: files.get(upload.path) });
    expect(response.status, upload.path).toBe(200);
  }
}

async function statusOf(jobId: string): Promise<JobStatus> {
  const bytes = await test.platform.deps.reports.get(jobKeys(jobId).status);
  return JSON.parse(new TextDecoder().decode(bytes!)) as JobStatus;
}

describe('the platform end to end', () => {
  let jobId: string;

  it('a job sent through the REST API comes back as a PDF by email, byte-equal to GET /jobs/{id}/report', async () => {
    // Prepare
    const job = exampleJob({ notify: ['lab@lab.example'] });
    // Act
    const created = await test.call('POST', 'jobs', job.manifest);
    jobId = created.json.jobId;
    await uploadAll(created.json.uploads, job.files);
    const submitted = await test.call('POST', `jobs/${jobId}/submit`);
    await test.platform.idle();
    const [mail] = await test.sink.received(1);
    const status = await test.call('GET', `jobs/${jobId}`);
    const redirect = await test.call('GET', `jobs/${jobId}/report`);
    const downloaded = Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
    // Assess
    expect(created.status).toBe(201);
    expect(submitted).toMatchObject({ status: 202, json: { status: 'queued' } });
    expect(status.json).toMatchObject({ status: 'done', stage: 'render' });
    expect(status.json.report.cells).toHaveLength(job.manifest.cells.length);
    expect(redirect.status).toBe(302);
    expect(downloaded.subarray(0, 5).toString()).toBe('%PDF-');
    expect(mail!.subject).toBe(`cellreport: ${job.manifest.title}`);
    expect(mail!.attachments).toHaveLength(1);
    expect(Buffer.compare(mail!.attachments[0]!.content, downloaded)).toBe(0);
    const iceLine = status.json.report.cells.find((cell: { id: string }) => cell.id === 'cu-lbhi-lpscl-liin');
    expect(mail!.text).toContain(`initial CE ${(iceLine.initialCoulombicEfficiency * 100).toFixed(1)} %`);
  }, 120_000);

  it('duplicated S3 events for every stage leave one report and one email', async () => {
    // Prepare
    const before = await test.platform.deps.reports.get(jobKeys(jobId).reportPdf);
    const { uploadsBucket, reportsBucket } = test.platform.deps.config;
    const duplicate = (bucket: string, key: string) =>
      test.platform.bridge.deliver({
        bucket,
        key,
        size_bytes: 1,
        eTag: 'e',
        eventName: 'ObjectCreated:Put',
        time: new Date(),
        region: 'us-east-1',
        sequencer: '02',
      });
    // Act
    duplicate(uploadsBucket, jobKeys(jobId).manifest);
    duplicate(reportsBucket, jobKeys(jobId).analysis);
    duplicate(reportsBucket, jobKeys(jobId).reportJson);
    await test.platform.idle();
    await new Promise((wait) => setTimeout(wait, 300));
    // Assess
    expect(test.sink.messages).toHaveLength(1);
    expect((await statusOf(jobId)).status).toBe('done');
    const after = await test.platform.deps.reports.get(jobKeys(jobId).reportPdf);
    expect(Buffer.compare(Buffer.from(after!), Buffer.from(before!))).toBe(0);
    expect(test.logs.filter((entry) => entry.message.startsWith('duplicate event'))).toHaveLength(3);
  });

  it('a file no reader recognises fails the job with the reason, emails it, and keeps the raw upload', async () => {
    // Prepare
    const job = exampleJob({ cells: [halfCells[0]!], notify: ['lab@lab.example'] });
    job.files.set('cu-lpscl-liin/cycling.mpt', new TextEncoder().encode('this is not instrument data\n'));
    const created = await test.call('POST', 'jobs', job.manifest);
    const failedJob = created.json.jobId as string;
    await uploadAll(created.json.uploads, job.files);
    // Act
    await test.call('POST', `jobs/${failedJob}/submit`);
    await test.platform.idle();
    const messages = await test.sink.received(2);
    const status = await test.call('GET', `jobs/${failedJob}`);
    const report = await test.call('GET', `jobs/${failedJob}/report`);
    // Assess
    expect(status.json).toMatchObject({
      status: 'failed',
      error: { stage: 'analyse', code: 'invalid_input' },
    });
    expect(status.json.error.message).toContain('cu-lpscl-liin/cycling.mpt');
    expect(JSON.stringify(status.json)).not.toMatch(/\n\s+at /);
    expect(messages[1]!.subject).toBe(`cellreport could not finish: ${job.manifest.title}`);
    expect(messages[1]!.text).toContain(status.json.error.message);
    expect(
      await test.platform.deps.uploads.head(`uploads/${failedJob}/cu-lpscl-liin/cycling.mpt`),
    ).not.toBeNull();
    expect(report).toMatchObject({
      status: 404,
      json: { error: 'report_not_ready', details: { status: 'failed' } },
    });
  }, 60_000);

  it('submitting before every file is uploaded answers 409 listing the missing files', async () => {
    // Prepare
    const job = exampleJob({ cells: [halfCells[0]!] });
    const created = await test.call('POST', 'jobs', job.manifest);
    const [first] = created.json.uploads as { path: string; url: string }[];
    await fetch(first!.url, { method: 'PUT', body: job.files.get(first!.path) });
    // Act
    const submitted = await test.call('POST', `jobs/${created.json.jobId}/submit`);
    // Assess
    const missing = [...job.files.keys()].filter((path) => path !== first!.path);
    expect(submitted.status).toBe(409);
    expect(submitted.json).toEqual({
      error: 'missing_files',
      message: message.filesMissing(missing),
      details: { missing },
    });
  });

  it('a bad manifest answers 400 naming the field and what was expected', async () => {
    // Prepare
    const { manifest } = exampleJob({ cells: [halfCells[0]!] });
    const bad = { ...manifest, cells: [{ ...manifest.cells[0]!, temperatureC: 'hot' }] };
    // Act
    const response = await test.call('POST', 'jobs', bad);
    // Assess
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid_manifest');
    expect(response.json.details).toEqual([
      { field: 'cells[0].temperatureC', expected: expect.stringContaining('number') },
    ]);
  });

  it('the web form, its script and the API description are served, and the outbox is listed', async () => {
    const page = await fetch(test.platform.url);
    const script = await fetch(new URL('app.js', test.platform.url));
    const openapi = await test.call('GET', 'openapi.json');
    const example = await fetch(new URL('example/job.json', test.platform.url));
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<form id="job-form"');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(openapi.json.openapi).toBe('3.0.3');
    expect(((await example.json()) as { version: number }).version).toBe(1);
    expect((await test.call('GET', 'outbox')).json).toEqual({ enabled: false, messages: [] });
  });
});
