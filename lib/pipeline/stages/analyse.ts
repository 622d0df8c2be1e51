/**
 * Analyse: `uploads/<job>/job.json` → `results/<job>/analysis.json` (DESIGN §1). Validates the
 * manifest and the limits, checks every declared file is there, then runs `analyzeJob` with the
 * files read straight from the uploads bucket.
 */
import { parseManifest } from '../../core/manifest.ts';
import { message } from '../../core/messages.ts';
import type { AnalyseDeps } from '../deps.ts';
import { LimitExceededError, MissingUploadsError } from '../errors.ts';
import { jobIdOfKey, jobKeys, uploadKey } from '../keys.ts';
import { objectSource } from '../object-source.ts';
import type { ObjectLocation } from '../s3-event.ts';
import { claim, finishedStates, readStatus, writeStatus } from '../status.ts';
import { failJob, type StageOutcome } from './failure.ts';

export async function analyseStage(deps: AnalyseDeps, object: ObjectLocation): Promise<StageOutcome> {
  const jobId = jobIdOfKey(object.key, 'uploads/', 'job.json');
  if (jobId === null) {
    deps.log({
      level: 'info',
      message: 'not a job manifest key; ignored',
      stage: 'analyse',
      key: object.key,
    });
    return 'ignored';
  }
  const previous = await readStatus(deps.reports, jobId);
  if (
    (previous && (finishedStates.includes(previous.status) || previous.status === 'rendering')) ||
    !(await claim(deps.reports, deps.clock, jobId, 'analyse'))
  ) {
    deps.log({ level: 'info', message: 'duplicate event; already analysed', jobId, stage: 'analyse' });
    return 'duplicate';
  }
  const started = Date.now();
  let status = await writeStatus(deps.reports, deps.clock, jobId, previous, {
    status: 'analysing',
    stage: 'analyse',
  });
  let recipients = status.notify;
  try {
    const manifestText = await readManifestText(deps, jobId);
    recipients = recipients.length > 0 ? recipients : recipientsOf(manifestText);
    const manifest = parseManifest(manifestText, 'job.json');
    status = await writeStatus(deps.reports, deps.clock, jobId, status, {
      title: manifest.title,
      notify: manifest.notify,
    });
    const sizes = await checkFiles(
      deps,
      jobId,
      manifest.cells.flatMap((cell) => cell.files.map((file) => file.path)),
    );
    const analysis = await deps.analyze({
      jobId,
      manifest,
      version: deps.config.version,
      open: async (path) => objectSource(deps.uploads, uploadKey(jobId, path), path, sizes.get(path)!),
    });
    await deps.reports.put(jobKeys(jobId).analysis, JSON.stringify(analysis), {
      contentType: 'application/json',
    });
    deps.log({
      level: 'info',
      message: 'analysed',
      jobId,
      stage: 'analyse',
      duration_ms: Date.now() - started,
    });
    return 'done';
  } catch (error) {
    return failJob(deps, jobId, 'analyse', status, error, recipients);
  }
}

async function readManifestText(deps: AnalyseDeps, jobId: string): Promise<string> {
  const key = jobKeys(jobId).manifest;
  const info = await deps.uploads.head(key);
  const limit = deps.config.maxManifestBytes;
  if (info && info.size_bytes > limit) {
    throw new LimitExceededError(message.manifestTooLarge(info.size_bytes, limit), {
      limit: 'maxManifestBytes',
      bytes: info.size_bytes,
      max: limit,
    });
  }
  const bytes = await deps.uploads.get(key);
  if (bytes === null) throw new MissingUploadsError(message.filesMissing(['job.json']), ['job.json']);
  return new TextDecoder().decode(bytes);
}

/** Sizes of the declared files; refuses too many, missing or oversized files, naming each. */
async function checkFiles(deps: AnalyseDeps, jobId: string, paths: string[]): Promise<Map<string, number>> {
  const { maxFiles, maxFileBytes } = deps.config;
  if (paths.length > maxFiles) {
    throw new LimitExceededError(message.tooManyFiles(paths.length, maxFiles), {
      limit: 'maxFiles',
      files: paths.length,
      max: maxFiles,
    });
  }
  const sizes = new Map<string, number>();
  const heads = await Promise.all(paths.map((path) => deps.uploads.head(uploadKey(jobId, path))));
  paths.forEach((path, index) => {
    const info = heads[index];
    if (info) sizes.set(path, info.size_bytes);
  });
  const missing = paths.filter((path) => !sizes.has(path));
  if (missing.length > 0) throw new MissingUploadsError(message.filesMissing(missing), missing);
  const oversized = paths.filter((path) => sizes.get(path)! > maxFileBytes);
  if (oversized.length > 0) {
    throw new LimitExceededError(message.filesTooLarge(oversized, maxFileBytes), {
      limit: 'maxFileBytes',
      max: maxFileBytes,
      files: oversized.map((path) => ({ path, bytes: sizes.get(path) })),
    });
  }
  return sizes;
}

/** Recipients of a manifest too broken to parse, so its author still hears why. */
export function recipientsOf(manifestText: string): string[] {
  try {
    const notify = (JSON.parse(manifestText) as { notify?: unknown }).notify;
    if (!Array.isArray(notify)) return [];
    return notify
      .filter(
        (entry): entry is string => typeof entry === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(entry),
      )
      .slice(0, 20);
  } catch {
    return [];
  }
}
