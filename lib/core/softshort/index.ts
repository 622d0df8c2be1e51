/**
 * Soft shorts in solid-state anode-free cells (DESIGN §4): detection on the charges, stages I–IV
 * from the joint signs of dV/dt and dP/dt, incomplete last charges.
 */
export {
  detectSoftShorts,
  type ShortedCharge,
  type SoftShortAnalysis,
  type SoftShortConfidence,
  type SoftShortEvent,
  type SoftShortEvidence,
  type SoftShortInput,
} from './detect.ts';
export type { SoftShortEntry } from './entry.ts';
export { MIN_REVERSAL_V, type NoiseFloor } from './noise.ts';
export type { SoftShortStage, StageBasis, StageWindow } from './stages.ts';
