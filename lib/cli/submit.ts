/**
 * `cellreport submit DIR --api URL [--api-key K] [--wait] [--out FILE]`: the REST flow of
 * DESIGN §3.3 from a folder holding `job.json`: create the job, PUT each file to its presigned
 * URL, submit, and with `--wait` follow the status and download the PDF.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseManifest } from '../core/manifest.ts';

const usage = 'Usage: cellreport submit DIR --api URL [--api-key KEY] [--wait] [--out FILE]';

export interface SubmitOptions {
  dir: string;
  api: string;
  apiKey?: string;
  wait: boolean;
  /** Where the PDF goes with `wait`; default `DIR/cellreport-<job>.pdf`. */
  out?: string;
  /** Progress lines. */
  print: (line: string) => void;
  pollInterval_ms?: number;
}

export interface SubmitResult {
  jobId: string;
  status: string;
  pdfPath: string | null;
  error: { message: string } | null;
}

export async function submitCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      api: { type: 'string' },
      'api-key': { type: 'string' },
      wait: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length !== 1 || !values.api) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  try {
    const result = await submitJob({
      dir: positionals[0]!,
      api: values.api,
      apiKey: values['api-key'] ?? process.env.CELLREPORT_API_KEY,
      wait: values.wait,
      out: values.out,
      print: (line) => console.log(line),
    });
    return result.status === 'failed' ? 1 : 0;
  } catch (error) {
    if (!(error instanceof SubmitError)) throw error;
    console.error(`cellreport submit: ${error.message}`);
    return 1;
  }
}

/** Runs the REST flow; throws `SubmitError` with the API's message when a request is refused. */
export async function submitJob(options: SubmitOptions): Promise<SubmitResult> {
  const dir = resolve(options.dir);
  const base = options.api.endsWith('/') ? options.api : `${options.api}/`;
  const headers: Record<string, string> = options.apiKey ? { 'x-api-key': options.apiKey } : {};
  const call = async (method: string, path: string, body?: string): Promise<Response> => {
    const request = () =>
      fetch(new URL(path, base), {
        method,
        headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
        redirect: 'manual',
      });
    // A status poll may meet a kept-alive connection the server is just closing: retry reads.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await request();
      } catch (error) {
        if (method !== 'GET' || attempt === 3) throw error;
      }
    }
  };
  const manifestText = await readFile(join(dir, 'job.json'), 'utf8');
  const manifest = parseManifest(manifestText, join(options.dir, 'job.json'));

  const created = await expectStatus(await call('POST', 'jobs', manifestText), 201);
  const jobId = created.jobId as string;
  const uploads = created.uploads as { path: string; url: string }[];
  options.print(`job ${jobId}: "${manifest.title}", ${uploads.length} file(s) to upload`);
  let index = 0;
  for (const upload of uploads) {
    index += 1;
    const bytes = await readFile(join(dir, upload.path));
    const started = Date.now();
    const response = await fetch(upload.url, { method: 'PUT', body: bytes });
    if (!response.ok)
      throw new SubmitError(
        `upload of ${upload.path} failed: HTTP ${response.status} ${await response.text()}`,
      );
    options.print(
      `  uploaded ${index}/${uploads.length} ${upload.path} (${formatBytes(bytes.byteLength)}, ${Date.now() - started} ms)`,
    );
  }
  const submitted = await expectStatus(await call('POST', `jobs/${encodeURIComponent(jobId)}/submit`), 202);
  options.print(`submitted: ${submitted.status}`);
  if (!options.wait) return { jobId, status: submitted.status as string, pdfPath: null, error: null };

  let last = '';
  for (;;) {
    const job = await expectStatus(await call('GET', `jobs/${encodeURIComponent(jobId)}`), 200);
    if (job.status !== last) {
      last = job.status as string;
      options.print(`status: ${last}`);
    }
    if (last === 'failed') {
      const error = job.error as { message: string };
      options.print(`failed: ${error.message}`);
      return { jobId, status: last, pdfPath: null, error };
    }
    if (last === 'done') break;
    await new Promise((wake) => setTimeout(wake, options.pollInterval_ms ?? 1000));
  }
  const redirect = await call('GET', `jobs/${encodeURIComponent(jobId)}/report`);
  const location = redirect.headers.get('location');
  if (redirect.status !== 302 || !location) await expectStatus(redirect, 302);
  const pdf = await fetch(location!);
  if (!pdf.ok) throw new SubmitError(`download of the report failed: HTTP ${pdf.status}`);
  const pdfPath = resolve(options.out ?? join(dir, `cellreport-${jobId}.pdf`));
  const bytes = new Uint8Array(await pdf.arrayBuffer());
  await writeFile(pdfPath, bytes);
  options.print(`report: ${pdfPath} (${formatBytes(bytes.byteLength)})`);
  return { jobId, status: 'done', pdfPath, error: null };
}

/** A request the API refused: its `{error, message, details}` body, as the user should see it. */
export class SubmitError extends Error {
  constructor(
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'SubmitError';
  }
}

async function expectStatus(response: Response, expected: number): Promise<Record<string, unknown>> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { message: text };
  }
  if (response.status !== expected) {
    const details = body.details ? `\n${JSON.stringify(body.details, null, 2)}` : '';
    throw new SubmitError(
      `HTTP ${response.status} ${body.error ?? ''}: ${body.message ?? text}${details}`,
      body,
    );
  }
  return body;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
