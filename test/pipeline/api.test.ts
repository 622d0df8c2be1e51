import { describe, expect, it } from 'vitest';
import { message } from '../../lib/core/messages.ts';
import { type ApiDeps, handleApiRequest } from '../../lib/pipeline/api/handle.ts';
import type { ApiRequest } from '../../lib/pipeline/api/types.ts';
import { apiGatewayHandler } from '../../lib/pipeline/handlers.ts';
import { jobKeys } from '../../lib/pipeline/keys.ts';
import { exampleManifest, harness } from './fakes.ts';

const request = (method: string, path: string, body: unknown = null, headers: Record<string, string> = {}) =>
  ({
    method,
    path,
    headers,
    body: body === null ? null : typeof body === 'string' ? body : JSON.stringify(body),
  }) satisfies ApiRequest;

async function api(env: Record<string, string> = {}) {
  const h = await harness(env);
  const deps: ApiDeps = {
    ...h.deps,
    assets: {
      get: async (name) =>
        name === 'index.html' ? { body: '<h1>form</h1>', contentType: 'text/html' } : null,
    },
  };
  const call = async (req: ApiRequest) => {
    const response = await handleApiRequest(deps, req);
    const isJson = response.headers['content-type']?.startsWith('application/json');
    return { ...response, json: isJson ? JSON.parse(response.body) : null };
  };
  return { h, call };
}

async function createdJob(env: Record<string, string> = {}) {
  const { h, call } = await api(env);
  const created = await call(request('POST', '/jobs', exampleManifest));
  return { h, call, jobId: created.json.jobId as string, created };
}

describe('REST API', () => {
  it('POST /jobs answers 201 with one presigned PUT URL per declared file, inside the job folder', async () => {
    // Act
    const { created, jobId, h } = await createdJob();
    // Assess
    expect(created.status).toBe(201);
    expect(created.json.uploads).toEqual([
      {
        path: 'cu-lpscl-liin/cycling.mpt',
        url: `https://uploads.example/uploads/${jobId}/cu-lpscl-liin/cycling.mpt?put&expires=3600`,
      },
    ]);
    expect(h.reports.json(jobKeys(jobId).status)).toMatchObject({
      status: 'created',
      notify: ['someone@lab.example'],
    });
  });

  it('a bad manifest is a 400 whose details name each field and what was expected', async () => {
    // Prepare
    const { call } = await api();
    const bad = { ...exampleManifest, cells: [{ ...exampleManifest.cells[0], type: 'halve', areaCm2: -1 }] };
    // Act
    const response = await call(request('POST', '/jobs', bad));
    // Assess
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid_manifest');
    expect(response.json.details).toEqual(
      expect.arrayContaining([
        { field: 'cells[0].type', expected: 'one of "half", "full", "symmetric"' },
        expect.objectContaining({ field: 'cells[0].areaCm2' }),
      ]),
    );
  });

  it('a body that is not JSON is a 400 saying so', async () => {
    const { call } = await api();
    const response = await call(request('POST', '/jobs', '{"version": 1,'));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'invalid_manifest', details: [{ field: '(body)' }] });
  });

  it('a file path leaving the job folder is a 400 naming the path field', async () => {
    const { call } = await api();
    const escaping = {
      ...exampleManifest,
      cells: [{ ...exampleManifest.cells[0], files: [{ path: '../x.mpt', kind: 'cycling' }] }],
    };
    const response = await call(request('POST', '/jobs', escaping));
    expect(response.status).toBe(400);
    expect(response.json.details[0].field).toBe('cells[0].files[0].path');
  });

  it('a manifest over the size limit is a 413', async () => {
    const { call } = await api({ MAX_MANIFEST_BYTES: '1024' });
    const response = await call(request('POST', '/jobs', { ...exampleManifest, title: 'x'.repeat(2000) }));
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({
      error: 'limit_exceeded',
      details: { limit: 'maxManifestBytes', max: 1024 },
    });
  });

  it('too many files is a 413 naming the limit', async () => {
    const { call } = await api({ MAX_FILES: '1' });
    const cell = exampleManifest.cells[0]!;
    const two = {
      ...exampleManifest,
      cells: [{ ...cell, files: [...cell.files, { path: 'b.mpt', kind: 'eis' }] }],
    };
    const response = await call(request('POST', '/jobs', two));
    expect(response.status).toBe(413);
    expect(response.json.message).toBe(message.tooManyFiles(2, 1));
  });

  it('submit before the uploads is a 409 listing the missing files', async () => {
    // Prepare
    const { call, jobId } = await createdJob();
    // Act
    const response = await call(request('POST', `/jobs/${jobId}/submit`));
    // Assess
    expect(response.status).toBe(409);
    expect(response.json).toEqual({
      error: 'missing_files',
      message: message.filesMissing(['cu-lpscl-liin/cycling.mpt']),
      details: { missing: ['cu-lpscl-liin/cycling.mpt'] },
    });
  });

  it('submit after the uploads queues the job by writing uploads/<id>/job.json, and a second submit changes nothing', async () => {
    // Prepare
    const { h, call, jobId } = await createdJob();
    await h.uploads.put(`uploads/${jobId}/cu-lpscl-liin/cycling.mpt`, 'data');
    // Act
    const first = await call(request('POST', `/jobs/${jobId}/submit`));
    const status = await call(request('GET', `/jobs/${jobId}`));
    h.uploads.objects.delete(jobKeys(jobId).manifest);
    const second = await call(request('POST', `/jobs/${jobId}/submit`));
    // Assess
    expect(first).toMatchObject({ status: 202, json: { jobId, status: 'queued' } });
    expect(status.json).toMatchObject({
      jobId,
      status: 'queued',
      stage: 'upload',
      title: exampleManifest.title,
    });
    expect(second).toMatchObject({ status: 202, json: { status: 'queued' } });
    expect(h.uploads.objects.has(jobKeys(jobId).manifest)).toBe(false);
  });

  it('a file over the size limit is refused at submit with 413', async () => {
    const { h, call, jobId } = await createdJob({ MAX_FILE_BYTES: '3' });
    await h.uploads.put(`uploads/${jobId}/cu-lpscl-liin/cycling.mpt`, 'data');
    const response = await call(request('POST', `/jobs/${jobId}/submit`));
    expect(response.status).toBe(413);
    expect(response.json.details.files).toEqual([{ path: 'cu-lpscl-liin/cycling.mpt', bytes: 4 }]);
  });

  it('the report is a 404 until the job is done, then a 302 to a presigned download', async () => {
    // Prepare
    const { h, call, jobId } = await createdJob();
    const before = await call(request('GET', `/jobs/${jobId}/report`));
    const status = h.reports.json(jobKeys(jobId).status)!;
    await h.reports.put(jobKeys(jobId).status, JSON.stringify({ ...status, status: 'done' }));
    await h.reports.put(jobKeys(jobId).reportJson, JSON.stringify({ version: 1, jobId }));
    // Act
    const after = await call(request('GET', `/jobs/${jobId}/report`));
    const job = await call(request('GET', `/jobs/${jobId}`));
    // Assess
    expect(before).toMatchObject({
      status: 404,
      json: { error: 'report_not_ready', details: { status: 'created' } },
    });
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe(
      `https://reports.example/reports/${jobId}/report.pdf?get&expires=3600&name=cellreport-${jobId}.pdf`,
    );
    expect(job.json.report).toEqual({ version: 1, jobId });
    expect(job.json.reportUrl).toBe(after.headers.location);
  });

  it('an unknown job is a 404 in the error shape', async () => {
    const { call } = await api();
    const response = await call(request('GET', '/jobs/nope'));
    expect(response).toMatchObject({
      status: 404,
      json: { error: 'job_not_found', message: message.jobNotFound('nope'), details: { jobId: 'nope' } },
    });
  });

  it('with an API key configured, a request without it is a 401 and with it succeeds', async () => {
    const { call } = await api({ CELLREPORT_API_KEY: 'secret-key-123' });
    const without = await call(request('POST', '/jobs', exampleManifest));
    const wrong = await call(request('POST', '/jobs', exampleManifest, { 'x-api-key': 'secret-key-124' }));
    const withKey = await call(request('POST', '/jobs', exampleManifest, { 'x-api-key': 'secret-key-123' }));
    const form = await call(request('GET', '/'));
    expect([without.status, wrong.status, withKey.status, form.status]).toEqual([401, 401, 201, 200]);
    expect(without.json.error).toBe('unauthorized');
  });

  it('a storage failure is a 500 with a reference and never a stack trace', async () => {
    // Prepare
    const { h, call } = await api();
    h.reports.put = async () => {
      throw new Error('socket hang up at S3Client.send (/var/task/index.mjs:1:2)');
    };
    // Act
    const response = await call(request('POST', '/jobs', exampleManifest));
    // Assess
    expect(response.status).toBe(500);
    expect(response.json.error).toBe('internal_error');
    expect(response.body).not.toContain('index.mjs');
    expect(h.logs.at(-1)).toMatchObject({ level: 'error', reference: response.json.details.reference });
  });

  it('wrong method and unknown path answer 405 and 404 in the error shape', async () => {
    const { call } = await api();
    const wrongMethod = await call(request('DELETE', '/jobs'));
    const unknown = await call(request('GET', '/nothing/here'));
    expect(wrongMethod).toMatchObject({
      status: 405,
      json: { error: 'method_not_allowed', details: { allowed: ['POST'] } },
    });
    expect(unknown).toMatchObject({ status: 404, json: { error: 'not_found' } });
  });

  it('GET /openapi.json describes every route and the manifest schema', async () => {
    const { call } = await api();
    const response = await call(request('GET', '/openapi.json'));
    expect(Object.keys(response.json.paths).sort()).toEqual(
      ['/jobs', '/jobs/{id}', '/jobs/{id}/report', '/jobs/{id}/submit', '/openapi.json'].sort(),
    );
    expect(response.json.components.schemas.Manifest.required).toEqual([
      'version',
      'title',
      'baseline',
      'cells',
    ]);
  });

  it('an API Gateway proxy event is answered through the same function', async () => {
    // Prepare
    const h = await harness();
    const handler = apiGatewayHandler({ ...h.deps });
    // Act
    const result = await handler({
      httpMethod: 'POST',
      path: '/jobs',
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify(exampleManifest)).toString('base64'),
      isBase64Encoded: true,
    });
    // Assess
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body).uploads).toHaveLength(1);
  });
});
