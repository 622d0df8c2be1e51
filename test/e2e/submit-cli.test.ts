/** `cellreport submit DIR --api URL --api-key K --wait` against the local platform with a key set. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmitError, submitJob } from '../../lib/cli/submit.ts';
import { message } from '../../lib/core/messages.ts';
import { exampleJob, halfCells, writeJobFolder } from './example-job.ts';
import { startTestPlatform, type TestPlatform } from './platform.ts';

const apiKey = 'lab-key-0123456789';
let test: TestPlatform;
let dir: string;

beforeAll(async () => {
  test = await startTestPlatform({ CELLREPORT_API_KEY: apiKey });
  dir = await mkdtemp(join(tmpdir(), 'cellreport-submit-'));
  await writeJobFolder(dir, exampleJob({ cells: halfCells }));
}, 30_000);
afterAll(async () => {
  await test?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('cellreport submit', () => {
  it('without the API key the platform refuses the job and the client says why', async () => {
    const attempt = submitJob({ dir, api: test.platform.url, wait: false, print: () => {} });
    await expect(attempt).rejects.toThrow(SubmitError);
    await expect(attempt).rejects.toThrow(message.apiKeyRequired());
  });

  it('with --wait it uploads every file, follows the status and downloads the PDF the API serves', async () => {
    // Prepare
    const lines: string[] = [];
    const out = join(dir, 'report.pdf');
    // Act
    const result = await submitJob({
      dir,
      api: test.platform.url,
      apiKey,
      wait: true,
      out,
      print: (line) => lines.push(line),
      pollInterval_ms: 100,
    });
    // Assess
    expect(result).toMatchObject({ status: 'done', pdfPath: out, error: null });
    expect(lines.filter((line) => line.includes('uploaded '))).toHaveLength(6);
    expect(lines).toContain('submitted: queued');
    expect(lines).toContain('status: done');
    const pdf = await readFile(out);
    const served = await test.platform.deps.reports.get(`reports/${result.jobId}/report.pdf`);
    expect(Buffer.compare(pdf, Buffer.from(served!))).toBe(0);
  }, 60_000);
});
