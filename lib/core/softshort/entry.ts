/** The report.json (DESIGN §3.2) shape of a soft-short event. */
import type { SoftShortConfidence, SoftShortEvidence } from './detect.ts';
import type { SoftShortStage } from './stages.ts';

/** One `softShorts[]` entry of report.json. */
export interface SoftShortEntry {
  cycle: number;
  /** Start of the event, s (cycler time): DESIGN §3.2's `time_s`. */
  time_s: number;
  start_s: number;
  end_s: number;
  stage: SoftShortStage | null;
  confidence: SoftShortConfidence;
  magnitude_mV: number | null;
  magnitude_MPa: number | null;
  /** What fired, in words (from the message catalogue). */
  evidence: string;
  evidenceCodes: SoftShortEvidence[];
}
