/**
 * Stack pressure: a separate logger's pressure on the cycler's time base, its change from the
 * start of cycling, per-cycle rise / fall / residual beside the Li the capacities imply, and the
 * voltage–pressure coupling.
 */
export {
  analyzePressure,
  type ChargeCorrelation,
  type PressureAnalysis,
  type PressureContext,
} from './analyze.ts';
export { bestLag, type LagSearch, pearson } from './correlation.ts';
export { type PressureCycle, pressureCycles } from './cycles.ts';
export { LI_UM_PER_MAH_CM2, lithiumThickness_um } from './lithium.ts';
export { type PressureOnCycler, pressureOnCycler } from './resample.ts';
