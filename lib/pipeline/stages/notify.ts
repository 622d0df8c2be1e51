/**
 * Notify: `reports/<job>/report.json` → an email with the PDF attached (or a presigned link
 * when the message would exceed the size SES accepts); `jobs/<job>/failure.json` → an email
 * with the reason. Each email is claimed first, so a duplicated event sends it once; a send
 * that fails gives the claim back and throws, so the Lambda retry sends it.
 */
import type { Results } from '../../core/results.ts';
import type { NotifyDeps } from '../deps.ts';
import { encodedMessageSize_bytes, fillTemplate, resultsSummary } from '../email.ts';
import { jobIdOfKey, jobKeys } from '../keys.ts';
import type { MailMessage } from '../ports.ts';
import type { ObjectLocation } from '../s3-event.ts';
import { claim, type JobError, type JobStatus, readStatus, releaseClaim } from '../status.ts';
import type { StageOutcome } from './failure.ts';
import { reportFileName } from './render.ts';

/** Lifetime of a link sent by email: S3's longest for a presigned URL. */
/**
 * A presigned URL made with a Lambda role's temporary credentials dies with those credentials
 * (hours at most), whatever expiry it asks for; so the emailed link promises one hour, and the
 * email says how to get a fresh one from the API.
 */
const EMAILED_LINK_TTL_S = 3600;

export async function notifyStage(deps: NotifyDeps, object: ObjectLocation): Promise<StageOutcome> {
  const reportJob = jobIdOfKey(object.key, 'reports/', 'report.json');
  const failedJob = jobIdOfKey(object.key, 'jobs/', 'failure.json');
  const jobId = reportJob ?? failedJob;
  if (jobId === null) {
    deps.log({
      level: 'info',
      message: 'not a report or failure key; ignored',
      stage: 'notify',
      key: object.key,
    });
    return 'ignored';
  }
  const kind = reportJob ? 'report' : 'failure';
  const status = await readStatus(deps.reports, jobId);
  if (!status || status.notify.length === 0) {
    deps.log({ level: 'info', message: 'no recipients; no email sent', jobId, stage: 'notify' });
    return 'ignored';
  }
  const claimName = `email-${kind}`;
  if (!(await claim(deps.reports, deps.clock, jobId, claimName))) {
    deps.log({ level: 'info', message: 'duplicate event; email already sent', jobId, stage: 'notify' });
    return 'duplicate';
  }
  try {
    const mail = kind === 'report' ? await reportEmail(deps, status) : await failureEmail(deps, status);
    const { messageId } = await deps.mailer.send(mail);
    await deps.reports.put(
      jobKeys(jobId).claim(claimName),
      JSON.stringify({ sentAt: deps.clock.now().toISOString(), messageId, to: mail.to }),
      { contentType: 'application/json' },
    );
    deps.log({ level: 'info', message: `${kind} email sent`, jobId, stage: 'notify', messageId });
    return 'done';
  } catch (error) {
    await releaseClaim(deps.reports, jobId, claimName);
    throw error;
  }
}

async function reportEmail(deps: NotifyDeps, status: JobStatus): Promise<MailMessage> {
  const keys = jobKeys(status.jobId);
  const [pdf, resultsBytes] = await Promise.all([
    deps.reports.get(keys.reportPdf),
    deps.reports.get(keys.reportJson),
  ]);
  if (pdf === null || resultsBytes === null) throw new Error(`report of job ${status.jobId} is missing`);
  const results = JSON.parse(new TextDecoder().decode(resultsBytes)) as Results;
  const values = {
    title: results.title,
    jobId: status.jobId,
    summary: resultsSummary(results),
    pdfSize: `${(pdf.byteLength / 1024 / 1024).toFixed(1)} MB`,
  };
  const attached = fillTemplate(deps.emailTemplates.reportAttached, values);
  const base = { from: deps.config.mailFrom, to: status.notify };
  if (encodedMessageSize_bytes(attached.text, pdf.byteLength) <= deps.config.maxEmailBytes) {
    const attachment = {
      filename: reportFileName(status.jobId),
      contentType: 'application/pdf',
      content: pdf,
    };
    return { ...base, ...attached, attachments: [attachment] };
  }
  const link = await deps.reports.presignGet(
    keys.reportPdf,
    EMAILED_LINK_TTL_S,
    reportFileName(status.jobId),
  );
  const expires = `${new Date(deps.clock.now().getTime() + EMAILED_LINK_TTL_S * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    ...base,
    ...fillTemplate(deps.emailTemplates.reportLink, { ...values, link, expires }),
    attachments: [],
  };
}

async function failureEmail(deps: NotifyDeps, status: JobStatus): Promise<MailMessage> {
  const error: JobError | null = status.error;
  const values = {
    title: status.title ?? status.jobId,
    jobId: status.jobId,
    stage: error?.stage ?? 'unknown',
    reason: error?.message ?? 'unknown',
  };
  return {
    from: deps.config.mailFrom,
    to: status.notify,
    ...fillTemplate(deps.emailTemplates.jobFailed, values),
    attachments: [],
  };
}
