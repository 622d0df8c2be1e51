/**
 * How a stage fails: the job is marked `failed` with a reason the user can act on, the reason
 * is written to `jobs/<job>/failure.json` (whose creation makes notify email it), and the raw
 * upload is left untouched. Unexpected errors get a generic reason with a reference to the log
 * line, never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import { CoreError } from '../../core/errors.ts';
import { message } from '../../core/messages.ts';
import type { StageDeps } from '../deps.ts';
import { PipelineError } from '../errors.ts';
import { jobKeys } from '../keys.ts';
import { type JobError, type JobStatus, writeStatus } from '../status.ts';
import type { StageName } from '../triggers.ts';

export type StageOutcome = 'done' | 'duplicate' | 'ignored' | 'failed';

/** Whether an error is about the user's input (their fix) rather than about the platform. */
export function isUserFacing(error: unknown): error is CoreError | PipelineError {
  return error instanceof CoreError || error instanceof PipelineError;
}

/** The reason a user sees for an error of a stage. */
export function describeFailure(error: unknown, stage: JobError['stage'], reference: string): JobError {
  if (error instanceof CoreError) {
    return {
      stage,
      code: 'invalid_input',
      message: error.message,
      details: { location: error.location, expected: error.expected, problems: error.details },
    };
  }
  if (error instanceof PipelineError) {
    return { stage, code: error.code, message: error.message, details: error.details };
  }
  return {
    stage,
    code: 'internal_error',
    message: message.internalError(stage, reference),
    details: { reference },
  };
}

/**
 * Marks the job failed and asks notify to email the reason. Returns `'failed'`; rethrows an
 * unexpected error afterwards so the invocation counts as an error (alarms, on-failure
 * destination) while retries find the job already failed.
 */
export async function failJob(
  deps: StageDeps,
  jobId: string,
  stage: StageName,
  status: JobStatus | null,
  error: unknown,
  recipients: string[] = status?.notify ?? [],
): Promise<StageOutcome> {
  const reference = randomUUID();
  const reason = describeFailure(error, stage, reference);
  deps.log({
    level: isUserFacing(error) ? 'warn' : 'error',
    message: 'job failed',
    jobId,
    stage,
    reference,
    reason: reason.message,
    ...(isUserFacing(error) ? {} : { error: error instanceof Error ? error.stack : String(error) }),
  });
  const failed = await writeStatus(deps.reports, deps.clock, jobId, status, {
    status: 'failed',
    stage,
    error: reason,
    notify: recipients,
  });
  await deps.reports.put(
    jobKeys(jobId).failure,
    JSON.stringify({ jobId, title: failed.title, error: reason }),
    {
      contentType: 'application/json',
    },
  );
  if (!isUserFacing(error)) throw error;
  return 'failed';
}
