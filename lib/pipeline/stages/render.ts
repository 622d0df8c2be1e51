/**
 * Render: `results/<job>/analysis.json` → `reports/<job>/report.pdf`, the figures as SVG, and
 * `reports/<job>/report.json` written last (its creation starts notify). The PDF's creation
 * date is the job's, so a re-render of the same analysis gives the same bytes.
 */
import type { Analysis } from '../../core/analysis.ts';
import type { RenderDeps } from '../deps.ts';
import { jobIdOfKey, jobKeys } from '../keys.ts';
import type { ObjectLocation } from '../s3-event.ts';
import { claim, finishedStates, readStatus, writeStatus } from '../status.ts';
import { failJob, type StageOutcome } from './failure.ts';

export async function renderStage(deps: RenderDeps, object: ObjectLocation): Promise<StageOutcome> {
  const jobId = jobIdOfKey(object.key, 'results/', 'analysis.json');
  if (jobId === null) {
    deps.log({ level: 'info', message: 'not an analysis key; ignored', stage: 'render', key: object.key });
    return 'ignored';
  }
  const previous = await readStatus(deps.reports, jobId);
  if (
    (previous && finishedStates.includes(previous.status)) ||
    !(await claim(deps.reports, deps.clock, jobId, 'render'))
  ) {
    deps.log({ level: 'info', message: 'duplicate event; already rendered', jobId, stage: 'render' });
    return 'duplicate';
  }
  const started = Date.now();
  const status = await writeStatus(deps.reports, deps.clock, jobId, previous, {
    status: 'rendering',
    stage: 'render',
  });
  try {
    const keys = jobKeys(jobId);
    const bytes = await deps.reports.get(keys.analysis);
    if (bytes === null) throw new Error(`${keys.analysis} vanished before render read it`);
    const analysis = JSON.parse(new TextDecoder().decode(bytes)) as Analysis;
    const { pdf, figures } = await deps.render(analysis, { creationDate: new Date(status.createdAt) });
    await Promise.all(
      figures.map((figure) =>
        deps.reports.put(keys.figure(figure.name), figure.svg, { contentType: 'image/svg+xml' }),
      ),
    );
    await deps.reports.put(keys.reportPdf, pdf, {
      contentType: 'application/pdf',
      contentDisposition: `attachment; filename="${reportFileName(jobId)}"`,
    });
    await deps.reports.put(keys.reportJson, JSON.stringify(analysis.results, null, 2), {
      contentType: 'application/json',
    });
    await writeStatus(deps.reports, deps.clock, jobId, status, { status: 'done', stage: 'render' });
    deps.log({
      level: 'info',
      message: 'rendered',
      jobId,
      stage: 'render',
      duration_ms: Date.now() - started,
      pdf_bytes: pdf.byteLength,
    });
    return 'done';
  } catch (error) {
    return failJob(deps, jobId, 'render', status, error);
  }
}

/** The file name a downloaded or attached report gets. */
export function reportFileName(jobId: string): string {
  return `cellreport-${jobId}.pdf`;
}
