import { describe, expect, it } from 'vitest';
import { message } from '../../lib/core/messages.ts';
import { jobKeys } from '../../lib/pipeline/keys.ts';
import { analyseStage } from '../../lib/pipeline/stages/analyse.ts';
import { notifyStage } from '../../lib/pipeline/stages/notify.ts';
import { renderStage } from '../../lib/pipeline/stages/render.ts';
import type { JobStatus } from '../../lib/pipeline/status.ts';
import { exampleManifest, fakePdf, type Harness, harness } from './fakes.ts';

const jobId = 'job-1';
const keys = jobKeys(jobId);
const cyclingBytes = new TextEncoder().encode('mode\ttime/s\n1\t0\n');

async function uploadJob(h: Harness, manifest: unknown = exampleManifest) {
  await h.uploads.put(`uploads/${jobId}/cu-lpscl-liin/cycling.mpt`, cyclingBytes);
  await h.uploads.put(keys.manifest, typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
}

const at = (key: string, bucket = 'reports') => ({ bucket, key });

async function runAll(h: Harness) {
  await analyseStage(h.deps, at(keys.manifest, 'uploads'));
  await renderStage(h.deps, at(keys.analysis));
  await notifyStage(h.deps, at(keys.reportJson));
}

describe('pipeline stages', () => {
  it('a submitted job becomes analysis.json, a PDF, report.json, status done and one email with the PDF', async () => {
    // Prepare
    const h = await harness();
    await uploadJob(h);
    // Act
    await runAll(h);
    // Assess
    expect(h.reports.json(keys.analysis)).toMatchObject({ version: 1, results: { jobId } });
    expect(await h.reports.get(keys.reportPdf)).toEqual(fakePdf);
    expect(h.reports.json(keys.reportJson)).toMatchObject({ jobId, title: exampleManifest.title });
    expect(h.reports.text(keys.figure('ce'))).toBe('<svg/>');
    expect(h.reports.json<JobStatus>(keys.status)).toMatchObject({
      status: 'done',
      stage: 'render',
      error: null,
    });
    expect(h.mailer.sent).toHaveLength(1);
    const [mail] = h.mailer.sent;
    expect(mail!.to).toEqual(['someone@lab.example']);
    expect(mail!.subject).toBe(`cellreport: ${exampleManifest.title}`);
    expect(mail!.text).toContain('initial CE 70.3 %');
    expect(mail!.attachments[0]!.content).toEqual(fakePdf);
  });

  it('duplicated events for every stage give one analysis, one render and one email', async () => {
    // Prepare
    const h = await harness();
    await uploadJob(h);
    // Act
    await runAll(h);
    const again = [
      await analyseStage(h.deps, at(keys.manifest, 'uploads')),
      await renderStage(h.deps, at(keys.analysis)),
      await notifyStage(h.deps, at(keys.reportJson)),
    ];
    // Assess
    expect(again).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(h.analyzeCalls).toEqual([jobId]);
    expect(h.renderCalls).toEqual([jobId]);
    expect(h.mailer.sent).toHaveLength(1);
  });

  it('concurrent duplicates of the analyse event analyse once', async () => {
    // Prepare
    const h = await harness();
    await uploadJob(h);
    // Act
    const outcomes = await Promise.all([
      analyseStage(h.deps, at(keys.manifest, 'uploads')),
      analyseStage(h.deps, at(keys.manifest, 'uploads')),
    ]);
    // Assess
    expect(outcomes.sort()).toEqual(['done', 'duplicate']);
    expect(h.analyzeCalls).toHaveLength(1);
  });

  it('a manifest with a misspelt key fails the job naming the field, keeps the upload and emails the reason', async () => {
    // Prepare
    const h = await harness();
    await uploadJob(h, { ...exampleManifest, titel: 'typo' });
    // Act
    const outcome = await analyseStage(h.deps, at(keys.manifest, 'uploads'));
    await notifyStage(h.deps, at(keys.failure));
    // Assess
    expect(outcome).toBe('failed');
    const status = h.reports.json<JobStatus>(keys.status)!;
    expect(status.status).toBe('failed');
    expect(status.error).toMatchObject({ stage: 'analyse', code: 'invalid_input' });
    expect(status.error!.message).toContain('"titel"');
    expect(h.uploads.text(keys.manifest)).toContain('titel');
    expect(h.uploads.objects.has(`uploads/${jobId}/cu-lpscl-liin/cycling.mpt`)).toBe(true);
    expect(h.mailer.sent).toHaveLength(1);
    expect(h.mailer.sent[0]!.to).toEqual(['someone@lab.example']);
    expect(h.mailer.sent[0]!.text).toContain(status.error!.message);
    expect(h.mailer.sent[0]!.attachments).toEqual([]);
  });

  it('a declared file that was never uploaded fails the job naming the file', async () => {
    // Prepare
    const h = await harness();
    await h.uploads.put(keys.manifest, JSON.stringify(exampleManifest));
    // Act
    await analyseStage(h.deps, at(keys.manifest, 'uploads'));
    // Assess
    const status = h.reports.json<JobStatus>(keys.status)!;
    expect(status.error).toMatchObject({
      code: 'missing_files',
      message: message.filesMissing(['cu-lpscl-liin/cycling.mpt']),
    });
    expect(h.analyzeCalls).toEqual([]);
  });

  it('a file over the size limit fails the job naming the file and the limit', async () => {
    // Prepare
    const h = await harness({ MAX_FILE_BYTES: '10' });
    await uploadJob(h);
    // Act
    await analyseStage(h.deps, at(keys.manifest, 'uploads'));
    // Assess
    expect(h.reports.json<JobStatus>(keys.status)!.error).toMatchObject({
      code: 'limit_exceeded',
      message: message.filesTooLarge(['cu-lpscl-liin/cycling.mpt'], 10),
    });
  });

  it('a manifest over the size limit fails the job before it is parsed', async () => {
    // Prepare
    const h = await harness({ MAX_MANIFEST_BYTES: '1024' });
    await uploadJob(h, { ...exampleManifest, title: 'x'.repeat(2000) });
    // Act
    await analyseStage(h.deps, at(keys.manifest, 'uploads'));
    // Assess
    expect(h.reports.json<JobStatus>(keys.status)!.error!.code).toBe('limit_exceeded');
  });

  it('a report too big for SES is emailed as a presigned link instead of an attachment', async () => {
    // Prepare
    const h = await harness({ MAX_EMAIL_BYTES: '10000' });
    h.deps.render = async () => ({ pdf: new Uint8Array(20_000), figures: [] });
    await uploadJob(h);
    // Act
    await runAll(h);
    // Assess
    const [mail] = h.mailer.sent;
    expect(mail!.attachments).toEqual([]);
    // A link signed by the Lambda role lives no longer than its credentials: one hour, said in the mail.
    expect(mail!.text).toContain(`https://reports.example/${keys.reportPdf}?get&expires=3600`);
    expect(mail!.text).toContain('too large to attach');
    expect(mail!.text).toMatch(/until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(mail!.text).toContain('gives a fresh link');
  });

  it('a failed send is retried by the next delivery and then sent once', async () => {
    // Prepare
    const h = await harness();
    await uploadJob(h);
    await analyseStage(h.deps, at(keys.manifest, 'uploads'));
    await renderStage(h.deps, at(keys.analysis));
    h.mailer.failNext = true;
    // Act
    await expect(notifyStage(h.deps, at(keys.reportJson))).rejects.toThrow('SMTP connection refused');
    const retry = await notifyStage(h.deps, at(keys.reportJson));
    const duplicate = await notifyStage(h.deps, at(keys.reportJson));
    // Assess
    expect([retry, duplicate]).toEqual(['done', 'duplicate']);
    expect(h.mailer.sent).toHaveLength(1);
  });

  it('an unexpected render error fails the job with a reference, no stack trace, and the invocation errors', async () => {
    // Prepare
    const h = await harness();
    h.deps.render = async () => {
      throw new TypeError('cannot read properties of undefined');
    };
    await uploadJob(h);
    await analyseStage(h.deps, at(keys.manifest, 'uploads'));
    // Act
    await expect(renderStage(h.deps, at(keys.analysis))).rejects.toThrow(TypeError);
    const retry = await renderStage(h.deps, at(keys.analysis));
    // Assess
    const status = h.reports.json<JobStatus>(keys.status)!;
    const reference = (status.error!.details as { reference: string }).reference;
    expect(status.error!.message).toBe(message.internalError('render', reference));
    expect(JSON.stringify(status)).not.toContain('TypeError');
    expect(h.reports.json(keys.failure)).toMatchObject({ jobId, error: { code: 'internal_error' } });
    expect(retry).toBe('duplicate');
    expect(h.logs.some((entry) => entry.level === 'error' && String(entry.error).includes('TypeError'))).toBe(
      true,
    );
  });

  it('a job.json deeper inside a job folder does not start a job', async () => {
    // Prepare
    const h = await harness();
    // Act
    const outcome = await analyseStage(h.deps, at(`uploads/${jobId}/cell/job.json`, 'uploads'));
    // Assess
    expect(outcome).toBe('ignored');
    expect(h.reports.objects.size).toBe(0);
  });

  it('a job without recipients finishes without an email', async () => {
    // Prepare
    const h = await harness();
    await uploadJob(h, { ...exampleManifest, notify: [] });
    // Act
    await runAll(h);
    // Assess
    expect(h.reports.json<JobStatus>(keys.status)!.status).toBe('done');
    expect(h.mailer.sent).toEqual([]);
  });
});
