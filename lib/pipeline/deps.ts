/**
 * What each stage is given. A stage receives only the engines it runs, so the analyse Lambda's
 * bundle carries no PDF code and the render Lambda's carries no readers.
 */
import type { Analysis } from '../core/analysis.ts';
import type { AnalyzeJobInput } from './analyze-job.ts';
import type { Config } from './config.ts';
import type { EmailTemplates } from './email.ts';
import type { Clock, Log, Mailer, ObjectStore } from './ports.ts';

export type AnalyzeJob = (input: AnalyzeJobInput) => Promise<Analysis>;

/** `renderReport` of `lib/report`: results + curves → PDF and the SVG of each figure. */
export type RenderReport = (
  analysis: Analysis,
  options: { creationDate?: Date },
) => Promise<{ pdf: Uint8Array; figures: { name: string; svg: string }[] }>;

export interface StageDeps {
  uploads: ObjectStore;
  reports: ObjectStore;
  clock: Clock;
  log: Log;
  config: Config;
}

export interface AnalyseDeps extends StageDeps {
  analyze: AnalyzeJob;
}

export interface RenderDeps extends StageDeps {
  render: RenderReport;
}

export interface NotifyDeps extends StageDeps {
  mailer: Mailer;
  emailTemplates: EmailTemplates;
}

export type PipelineDeps = AnalyseDeps & RenderDeps & NotifyDeps;

/** The analysis engine, loaded on first use (the lead's `analyzeJob`). */
export async function loadAnalyzer(): Promise<AnalyzeJob> {
  return (await import('./analyze-job.ts')).analyzeJob;
}

/** The report engine, loaded on first use (`lib/report`: vega, pdfkit). */
export async function loadRenderer(): Promise<RenderReport> {
  return (await import('../report/index.ts')).renderReport;
}
