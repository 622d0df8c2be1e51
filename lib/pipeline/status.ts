/**
 * Job status, `jobs/<job>/status.json` in the reports bucket: written by the API and by every
 * stage, read by `GET /jobs/{id}` and by notify (which finds the recipients there).
 *
 * created (API, awaiting uploads) → queued (submitted) → analysing → rendering → done | failed
 */
import { jobKeys } from './keys.ts';
import type { Clock, ObjectStore } from './ports.ts';
import type { StageName } from './triggers.ts';

export const jobStates = ['created', 'queued', 'analysing', 'rendering', 'done', 'failed'] as const;
export type JobState = (typeof jobStates)[number];

/** States after which a stage event for the job is a duplicate to ignore. */
export const finishedStates: readonly JobState[] = ['done', 'failed'];

/** What the user is told about a failure; never a stack trace. */
export interface JobError {
  stage: StageName | 'submit';
  code: string;
  message: string;
  details: unknown;
}

export interface JobStatus {
  version: 1;
  jobId: string;
  title: string | null;
  status: JobState;
  /** The stage that set this status. */
  stage: 'upload' | StageName;
  /** Recipients from the manifest, for notify. */
  notify: string[];
  createdAt: string;
  updatedAt: string;
  error: JobError | null;
}

export async function readStatus(reports: ObjectStore, jobId: string): Promise<JobStatus | null> {
  const bytes = await reports.get(jobKeys(jobId).status);
  return bytes === null ? null : (JSON.parse(new TextDecoder().decode(bytes)) as JobStatus);
}

/** Writes a status, starting one when the job has none yet (a folder copied straight into S3). */
export async function writeStatus(
  reports: ObjectStore,
  clock: Clock,
  jobId: string,
  previous: JobStatus | null,
  change: Partial<Pick<JobStatus, 'title' | 'status' | 'stage' | 'notify' | 'error'>>,
): Promise<JobStatus> {
  const now = clock.now().toISOString();
  const status: JobStatus = {
    version: 1,
    jobId,
    title: previous?.title ?? null,
    status: previous?.status ?? 'queued',
    stage: previous?.stage ?? 'upload',
    notify: previous?.notify ?? [],
    createdAt: previous?.createdAt ?? now,
    error: previous?.error ?? null,
    ...change,
    updatedAt: now,
  };
  await reports.put(jobKeys(jobId).status, JSON.stringify(status, null, 2), {
    contentType: 'application/json',
  });
  return status;
}

/**
 * Claims one piece of work of a job (a stage, an email) so a duplicated S3 event does it once.
 * `false` means another invocation already claimed it.
 */
export async function claim(
  reports: ObjectStore,
  clock: Clock,
  jobId: string,
  name: string,
): Promise<boolean> {
  const body = JSON.stringify({ claimedAt: clock.now().toISOString() });
  return reports.putIfAbsent(jobKeys(jobId).claim(name), body, { contentType: 'application/json' });
}

/** Gives a claim back so a retry can do the work (after a transient failure). */
export async function releaseClaim(reports: ObjectStore, jobId: string, name: string): Promise<void> {
  await reports.delete(jobKeys(jobId).claim(name));
}
