/**
 * Where a job's objects live. Two buckets: the uploads bucket holds what users send
 * (`uploads/<job>/…`, with `job.json` written last); the reports bucket holds what the pipeline
 * makes (`results/`, `reports/`) and the job's bookkeeping (`jobs/`). Every key of a job is
 * built here, and a user-supplied path is checked to stay inside its job's prefix.
 */
import { randomBytes } from 'node:crypto';
import { message } from '../core/messages.ts';
import { PathOutsideJobError } from './errors.ts';
import type { Clock } from './ports.ts';

/** Job ids: also what a user picks when copying a folder straight into the bucket. */
export const jobIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isJobId(text: string): boolean {
  return jobIdPattern.test(text) && !text.includes('..');
}

/** A new job id: sortable by creation time, unguessable (`20261128-231908-9f2c4a1b7e3d5a60`). */
export function newJobId(clock: Clock): string {
  const stamp = clock.now().toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  return `${stamp}-${randomBytes(8).toString('hex')}`;
}

export function jobKeys(jobId: string) {
  return {
    /** uploads bucket */
    uploadPrefix: `uploads/${jobId}/`,
    /** uploads bucket: its creation starts the pipeline. */
    manifest: `uploads/${jobId}/job.json`,
    /** reports bucket: the manifest as POSTed, kept until submit. */
    pendingManifest: `jobs/${jobId}/manifest.json`,
    status: `jobs/${jobId}/status.json`,
    /** reports bucket: written by a failing stage; its creation makes notify send the reason. */
    failure: `jobs/${jobId}/failure.json`,
    /** reports bucket: idempotency markers, one per stage or email. */
    claim: (name: string) => `jobs/${jobId}/claims/${name}`,
    analysis: `results/${jobId}/analysis.json`,
    reportPdf: `reports/${jobId}/report.pdf`,
    /** Written after the PDF: its creation starts notify. */
    reportJson: `reports/${jobId}/report.json`,
    figure: (name: string) => `reports/${jobId}/figures/${name}.svg`,
  };
}

/**
 * The uploads-bucket key of a job file. The manifest schema already refuses `..`, absolute and
 * backslash paths; this check is the last line, so no caller can build a key outside the job.
 */
export function uploadKey(jobId: string, path: string): string {
  const segments = path.split('/');
  const escapes =
    path.length === 0 ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.includes('\u0000') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (escapes || path === 'job.json') throw new PathOutsideJobError(message.pathOutsideJob(path), path);
  return `${jobKeys(jobId).uploadPrefix}${path}`;
}

/** The job id of a key shaped exactly `<prefix><job>/<name>`, else `null` (deeper keys do not count). */
export function jobIdOfKey(key: string, prefix: string, name: string): string | null {
  if (!key.startsWith(prefix) || !key.endsWith(`/${name}`)) return null;
  const jobId = key.slice(prefix.length, key.length - name.length - 1);
  return isJobId(jobId) ? jobId : null;
}
