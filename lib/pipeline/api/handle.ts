/**
 * The REST API of DESIGN §3.3 as one function, request → response, over the ports. API Gateway
 * (through `lambdas/api.ts`) and the local HTTP server both call it.
 *
 * POST /jobs → 201 presigned PUT URLs · POST /jobs/{id}/submit → 202 (409 listing missing files)
 * GET /jobs/{id} → status (+ report.json when done) · GET /jobs/{id}/report → 302 to the PDF
 * GET /openapi.json · GET / and the form's files. Errors are `{error, message, details}`.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { CoreError, ManifestError } from '../../core/errors.ts';
import { type Manifest, parseManifest } from '../../core/manifest.ts';
import { message } from '../../core/messages.ts';
import type { Config } from '../config.ts';
import {
  JobNotFoundError,
  JobStateError,
  LimitExceededError,
  MissingUploadsError,
  PipelineError,
  RequestError,
  UnauthorizedError,
} from '../errors.ts';
import { isJobId, jobKeys, newJobId, uploadKey } from '../keys.ts';
import type { Clock, Log, ObjectStore } from '../ports.ts';
import { reportFileName } from '../stages/render.ts';
import { readStatus, writeStatus } from '../status.ts';
import { openApiDocument } from './openapi.ts';
import type { ApiRequest, ApiResponse, WebAssets } from './types.ts';

export interface ApiDeps {
  uploads: ObjectStore;
  reports: ObjectStore;
  clock: Clock;
  log: Log;
  config: Config;
  /** The web form; absent → only the API is served. */
  assets?: WebAssets;
}

type Route = (deps: ApiDeps, request: ApiRequest, jobId: string) => Promise<ApiResponse>;

const routes: { pattern: RegExp; methods: Record<string, Route>; needsKey: boolean }[] = [
  { pattern: /^\/jobs$/, methods: { POST: createJob }, needsKey: true },
  { pattern: /^\/jobs\/([^/]+)$/, methods: { GET: getJob }, needsKey: true },
  { pattern: /^\/jobs\/([^/]+)\/submit$/, methods: { POST: submitJob }, needsKey: true },
  { pattern: /^\/jobs\/([^/]+)\/report$/, methods: { GET: getReport }, needsKey: true },
  { pattern: /^\/openapi\.json$/, methods: { GET: getOpenApi }, needsKey: false },
  { pattern: /^\/(|[a-z0-9-]+\.(?:html|css|js|svg))$/, methods: { GET: getAsset }, needsKey: false },
];

export async function handleApiRequest(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  try {
    for (const route of routes) {
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      const handler = route.methods[request.method.toUpperCase()];
      if (!handler) {
        const allowed = Object.keys(route.methods);
        throw new RequestError(message.methodNotAllowed(request.method, request.path, allowed), {
          code: 'method_not_allowed',
          httpStatus: 405,
          details: { allowed },
        });
      }
      if (route.needsKey) checkApiKey(deps.config, request);
      return await handler(deps, request, decodeURIComponent(match[1] ?? ''));
    }
    throw new RequestError(message.routeNotFound(request.method, request.path), {
      code: 'not_found',
      httpStatus: 404,
    });
  } catch (error) {
    return errorResponse(deps, error);
  }
}

/** Locally the API checks `CELLREPORT_API_KEY` when set; in AWS, API Gateway checks the key first. */
function checkApiKey(config: Config, request: ApiRequest): void {
  if (config.apiKey === undefined) return;
  const given = Buffer.from(request.headers['x-api-key'] ?? '');
  const expected = Buffer.from(config.apiKey);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthorizedError(message.apiKeyRequired());
  }
}

async function createJob(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  const body = request.body ?? '';
  const { maxManifestBytes, maxFiles, presignTtl_s } = deps.config;
  const bytes = Buffer.byteLength(body);
  if (bytes > maxManifestBytes) {
    throw new LimitExceededError(message.manifestTooLarge(bytes, maxManifestBytes), {
      limit: 'maxManifestBytes',
      bytes,
      max: maxManifestBytes,
    });
  }
  const manifest = parseManifest(body, 'request body');
  const paths = declaredPaths(manifest);
  if (paths.length > maxFiles) {
    throw new LimitExceededError(message.tooManyFiles(paths.length, maxFiles), {
      limit: 'maxFiles',
      files: paths.length,
      max: maxFiles,
    });
  }
  const jobId = newJobId(deps.clock);
  const uploads = await Promise.all(
    paths.map(async (path) => ({
      path,
      url: await deps.uploads.presignPut(uploadKey(jobId, path), presignTtl_s),
    })),
  );
  await deps.reports.put(jobKeys(jobId).pendingManifest, body, { contentType: 'application/json' });
  await writeStatus(deps.reports, deps.clock, jobId, null, {
    status: 'created',
    stage: 'upload',
    title: manifest.title,
    notify: manifest.notify,
  });
  deps.log({ level: 'info', message: 'job created', jobId, files: paths.length });
  const expiresAt = new Date(deps.clock.now().getTime() + presignTtl_s * 1000).toISOString();
  return json(201, { jobId, status: 'created', uploads, expiresAt, maxFileBytes: deps.config.maxFileBytes });
}

async function submitJob(deps: ApiDeps, _request: ApiRequest, jobId: string): Promise<ApiResponse> {
  const status = await existingStatus(deps, jobId);
  if (status.status !== 'created') return json(202, { jobId, status: status.status });
  const keys = jobKeys(jobId);
  const manifestBytes = await deps.reports.get(keys.pendingManifest);
  if (manifestBytes === null) throw new JobNotFoundError(message.jobNotFound(jobId), jobId);
  const manifestText = new TextDecoder().decode(manifestBytes);
  const paths = declaredPaths(parseManifest(manifestText, 'job.json'));
  const present = new Map(
    (await deps.uploads.list(keys.uploadPrefix)).map((object) => [object.key, object.size_bytes] as const),
  );
  const missing = paths.filter((path) => !present.has(uploadKey(jobId, path)));
  if (missing.length > 0) throw new MissingUploadsError(message.filesMissing(missing), missing);
  const { maxFileBytes } = deps.config;
  const oversized = paths.filter((path) => present.get(uploadKey(jobId, path))! > maxFileBytes);
  if (oversized.length > 0) {
    throw new LimitExceededError(message.filesTooLarge(oversized, maxFileBytes), {
      limit: 'maxFileBytes',
      max: maxFileBytes,
      files: oversized.map((path) => ({ path, bytes: present.get(uploadKey(jobId, path)) })),
    });
  }
  await writeStatus(deps.reports, deps.clock, jobId, status, { status: 'queued', stage: 'upload' });
  await deps.uploads.put(keys.manifest, manifestText, { contentType: 'application/json' });
  deps.log({ level: 'info', message: 'job submitted', jobId });
  return json(202, { jobId, status: 'queued' });
}

async function getJob(deps: ApiDeps, _request: ApiRequest, jobId: string): Promise<ApiResponse> {
  const status = await existingStatus(deps, jobId);
  const body: Record<string, unknown> = {
    jobId,
    title: status.title,
    status: status.status,
    stage: status.stage,
    createdAt: status.createdAt,
    updatedAt: status.updatedAt,
  };
  if (status.error) body.error = status.error;
  if (status.status === 'done') {
    const report = await deps.reports.get(jobKeys(jobId).reportJson);
    if (report !== null) body.report = JSON.parse(new TextDecoder().decode(report));
    // A link a browser can follow without sending the API key (GET …/report needs it).
    body.reportUrl = await deps.reports.presignGet(
      jobKeys(jobId).reportPdf,
      deps.config.presignTtl_s,
      reportFileName(jobId),
    );
  }
  return json(200, body);
}

async function getReport(deps: ApiDeps, _request: ApiRequest, jobId: string): Promise<ApiResponse> {
  const status = await existingStatus(deps, jobId);
  if (status.status !== 'done') {
    throw new JobStateError(message.reportNotReady(jobId, status.status), 'report_not_ready', {
      status: status.status,
    });
  }
  const url = await deps.reports.presignGet(
    jobKeys(jobId).reportPdf,
    deps.config.presignTtl_s,
    reportFileName(jobId),
  );
  return { status: 302, headers: { location: url, 'cache-control': 'no-store' }, body: '' };
}

async function getOpenApi(): Promise<ApiResponse> {
  return json(200, openApiDocument());
}

async function getAsset(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  const name = request.path === '/' ? 'index.html' : request.path.slice(1);
  const asset = deps.assets ? await deps.assets.get(name) : null;
  if (!asset) {
    throw new RequestError(message.routeNotFound(request.method, request.path), {
      code: 'not_found',
      httpStatus: 404,
    });
  }
  return {
    status: 200,
    headers: {
      'content-type': asset.contentType,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'self'; connect-src 'self' http: https:; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
    },
    body: asset.body,
  };
}

async function existingStatus(deps: ApiDeps, jobId: string) {
  const status = isJobId(jobId) ? await readStatus(deps.reports, jobId) : null;
  if (!status) throw new JobNotFoundError(message.jobNotFound(jobId), jobId);
  return status;
}

function declaredPaths(manifest: Manifest): string[] {
  return manifest.cells.flatMap((cell) => cell.files.map((file) => file.path));
}

function json(status: number, body: unknown): ApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body, null, 2),
  };
}

/** `{error, message, details}`: 4xx for the caller's mistakes, 500 with a log reference otherwise. */
function errorResponse(deps: ApiDeps, error: unknown): ApiResponse {
  if (error instanceof ManifestError) {
    const details = error.details ?? [{ field: '(body)', expected: error.expected ?? 'a JSON object' }];
    return json(400, { error: 'invalid_manifest', message: error.message, details });
  }
  if (error instanceof CoreError) {
    return json(400, { error: 'invalid_input', message: error.message, details: error.details });
  }
  if (error instanceof PipelineError && error.httpStatus < 500) {
    return json(error.httpStatus, { error: error.code, message: error.message, details: error.details });
  }
  const reference = randomUUID();
  deps.log({
    level: 'error',
    message: 'request failed',
    reference,
    error: error instanceof Error ? error.stack : String(error),
  });
  return json(500, {
    error: 'internal_error',
    message: message.internalError('api', reference),
    details: { reference },
  });
}
