/**
 * Cycles from steps, the way a scientist numbers them for each cell type (DESIGN §3.1):
 * a `half` cell (Cu working electrode) plates first (discharge, I < 0) then strips (charge);
 * a `full` cell charges first then discharges; a `symmetric` cell pairs consecutive opposite
 * halves starting from whichever comes first. Consecutive steps of one direction (CC then CV,
 * or pulses between rests) form one half cycle; a half that comes before the first "sending"
 * half is not a cycle.
 *
 * Capacities are sums of per-step trapezoidal integrals (steps.ts): never across a rest or a
 * change of direction. Voltages are vs Li+/Li: measured voltage + reference offset.
 */
import type { DataIssue } from '../issues.ts';
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';
import { type CeConvention, ceConvention, coulombicEfficiency } from './efficiency.ts';
import { type Step, stepCapacity_mAh } from './steps.ts';

export type CellType = 'half' | 'full' | 'symmetric';

export interface CellDescription {
  type: CellType;
  areaCm2: number | null;
  activeMassMg: number | null;
  /** Potential of the counter/reference electrode vs Li+/Li, V (Li–In ≈ 0.62); 0 for Li metal or a full cell. */
  referenceOffset_V: number;
}

export interface CycleOptions {
  /** Voltage cut-offs vs Li+/Li when the protocol states them; otherwise detected from the data. */
  chargeCutoff_V?: number | null;
  dischargeCutoff_V?: number | null;
}

/** Why a half cycle ended. */
export type EndReason = 'voltageCutoff' | 'constantVoltage' | 'timeOrCapacityLimit' | 'endOfRecord';

export interface HalfCycle {
  direction: 1 | -1;
  /** The current-carrying steps of this half, in order (rests between them are not included). */
  steps: Step[];
  firstRow: number;
  lastRow: number;
  startTime_s: number;
  endTime_s: number;
  capacity_mAh: number;
  /** ∫ |I| · V_vsLi dt, mWh; null without voltage. */
  energy_mWh: number | null;
  /** Voltage vs Li+/Li at the last row, V. */
  endVoltage_V: number | null;
  endReason: EndReason;
}

/** One row of report.json `cycles` (DESIGN §3.2 plus energies, voltages, densities, end reasons). */
export interface CycleResult {
  index: number;
  chargeCapacity_mAh: number | null;
  dischargeCapacity_mAh: number | null;
  coulombicEfficiency: number | null;
  chargeSpecificCapacity_mAh_g: number | null;
  dischargeSpecificCapacity_mAh_g: number | null;
  complete: boolean;
  chargeEnergy_mWh: number | null;
  dischargeEnergy_mWh: number | null;
  energyEfficiency: number | null;
  meanChargeVoltage_V: number | null;
  meanDischargeVoltage_V: number | null;
  chargeCapacityDensity_mAh_cm2: number | null;
  dischargeCapacityDensity_mAh_cm2: number | null;
  chargeEndReason: EndReason | null;
  dischargeEndReason: EndReason | null;
}

/** The halves behind a cycle, for figures (V(Q), dQ/dV) and for nucleation. */
export interface CycleDetail {
  index: number;
  charge: HalfCycle | null;
  discharge: HalfCycle | null;
}

export interface CycleAnalysis {
  cycles: CycleResult[];
  details: CycleDetail[];
  /** Every half cycle in time order, including an unpaired leading one. */
  halves: HalfCycle[];
  convention: CeConvention;
  /** The cut-offs used (stated or detected), vs Li+/Li; null when none could be found. */
  chargeCutoff_V: number | null;
  dischargeCutoff_V: number | null;
  warnings: string[];
  issues: DataIssue[];
}

/** A current blip carrying less than this fraction of the largest step's charge is not a step. */
const BLIP_FRACTION = 1e-3;
/** Window at the end of a half (fraction of its duration) over which the voltage must approach the cut-off. */
const APPROACH_WINDOW = 0.05;
/** The voltage must move toward the cut-off by at least this much in that window, V. */
const APPROACH_MIN_V = 0.005;
/** A half ends on the cut-off when its end voltage is this close to it, V. */
const CUTOFF_TOLERANCE_V = 0.02;
/** A half whose last voltage is this close to the cut-off ended on it, however it got there, V. */
const AT_CUTOFF_V = 0.002;

export function analyzeCycles(
  series: CanonicalSeries,
  steps: readonly Step[],
  cell: CellDescription,
  options: CycleOptions = {},
): CycleAnalysis {
  const warnings: string[] = [];
  const halves = buildHalves(series, steps, cell.referenceOffset_V, warnings);
  const chargeCutoff_V = classifyEnds(
    series,
    halves,
    1,
    options.chargeCutoff_V ?? null,
    cell.referenceOffset_V,
  );
  const dischargeCutoff_V = classifyEnds(
    series,
    halves,
    -1,
    options.dischargeCutoff_V ?? null,
    cell.referenceOffset_V,
  );

  const details = pairHalves(cell.type, halves, warnings);
  const cycles = details.map((detail) => cycleResult(cell, detail, warnings));
  if (series.voltage_V === null) warnings.push(message.energyUnavailable());
  else if (cell.type !== 'full') warnings.push(message.energyEfficiencyUndefined(cell.type));
  if (cell.activeMassMg === null) warnings.push(message.specificCapacityUnavailable());
  if (cell.areaCm2 === null) warnings.push(message.capacityDensityUnavailable());

  return {
    cycles,
    details,
    halves,
    convention: ceConvention(cell.type),
    chargeCutoff_V,
    dischargeCutoff_V,
    warnings,
    issues: crossCheckCycles(series, details, cell.type),
  };
}

function buildHalves(
  series: CanonicalSeries,
  steps: readonly Step[],
  offset_V: number,
  warnings: string[],
): HalfCycle[] {
  const active = steps.filter((step) => step.direction !== 0);
  const largest = active.reduce((max, step) => Math.max(max, stepCapacity_mAh(step)), 0);
  const counted = active.filter((step) => stepCapacity_mAh(step) >= BLIP_FRACTION * largest);
  if (counted.length < active.length)
    warnings.push(message.currentBlipsIgnored(active.length - counted.length));

  const groups: Step[][] = [];
  for (const step of counted) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0]!.direction === step.direction) last.push(step);
    else groups.push([step]);
  }
  return groups.map((group) => measureHalf(series, group, offset_V));
}

function measureHalf(series: CanonicalSeries, steps: Step[], offset_V: number): HalfCycle {
  const first = steps[0]!;
  const last = steps[steps.length - 1]!;
  const direction = first.direction as 1 | -1;
  let charge_As = 0;
  let energy_Ws: number | null = 0;
  for (const step of steps) {
    charge_As += step.chargeIntegral_As;
    energy_Ws =
      energy_Ws === null || step.energyIntegral_Ws === null ? null : energy_Ws + step.energyIntegral_Ws;
  }
  const voltage = series.voltage_V;
  return {
    direction,
    steps,
    firstRow: first.firstRow,
    lastRow: last.lastRow,
    startTime_s: first.startTime_s,
    endTime_s: last.endTime_s,
    capacity_mAh: Math.abs(charge_As) / 3.6,
    // ∫ |I| (V + offset) dt = direction · (∫ I·V dt + offset · ∫ I dt); W·s → mWh is ÷ 3.6.
    energy_mWh: energy_Ws === null ? null : (direction * (energy_Ws + offset_V * charge_As)) / 3.6,
    endVoltage_V: voltage === null ? null : voltage[last.lastRow]! + offset_V,
    endReason: 'timeOrCapacityLimit',
  };
}

/**
 * Decides for every half of one direction whether it ended on its voltage cut-off, and returns
 * the cut-off used. A half ends on the cut-off when it ends in a constant-voltage step, or when
 * its voltage was still moving toward the cut-off over the last 5 % of the half and ends within
 * 20 mV of it. Without a stated cut-off, the cut-off is the extreme end voltage (highest for
 * charge, lowest for discharge) among the halves that were approaching one: the voltage the cell
 * reaches in the other cycles.
 */
function classifyEnds(
  series: CanonicalSeries,
  halves: HalfCycle[],
  direction: 1 | -1,
  stated_V: number | null,
  offset_V: number,
): number | null {
  const own = halves.filter((half) => half.direction === direction);
  const approaching = own.filter((half) => approachesCutoff(series, half, offset_V));
  let cutoff_V = stated_V;
  if (cutoff_V === null && approaching.length) {
    const ends = approaching.map((half) => half.endVoltage_V!);
    cutoff_V = direction > 0 ? Math.max(...ends) : Math.min(...ends);
  }
  const lastHalf = halves[halves.length - 1];
  for (const half of own) {
    if (endsHoldingConstantVoltage(half, offset_V)) {
      half.endReason = 'constantVoltage';
    } else if (
      cutoff_V !== null &&
      ((approaching.includes(half) && Math.abs(half.endVoltage_V! - cutoff_V) <= CUTOFF_TOLERANCE_V) ||
        // A short half sampled coarsely can reach the cut-off within its last sample: ending on it is enough.
        Math.abs(half.endVoltage_V! - cutoff_V) <= AT_CUTOFF_V)
    ) {
      half.endReason = 'voltageCutoff';
    } else {
      half.endReason = half === lastHalf ? 'endOfRecord' : 'timeOrCapacityLimit';
    }
  }
  return cutoff_V;
}

/**
 * A half ends in constant voltage when it holds a constant-voltage step and ends at the voltage
 * that step held (within 20 mV): the current may dip below the threshold and back near the end
 * of a noisy hold, splitting the hold into fragments without changing what ended it.
 */
function endsHoldingConstantVoltage(half: HalfCycle, offset_V: number): boolean {
  const hold = half.steps.findLast(
    (step) => step.kind === 'constantVoltageCharge' || step.kind === 'constantVoltageDischarge',
  );
  if (hold === undefined) return false;
  if (hold === half.steps[half.steps.length - 1]) return true;
  if (hold.energyIntegral_Ws === null || half.endVoltage_V === null || hold.chargeIntegral_As === 0)
    return false;
  const holdVoltage_V = hold.energyIntegral_Ws / hold.chargeIntegral_As + offset_V;
  return Math.abs(half.endVoltage_V - holdVoltage_V) <= CUTOFF_TOLERANCE_V;
}

function approachesCutoff(series: CanonicalSeries, half: HalfCycle, offset_V: number): boolean {
  const voltage = series.voltage_V;
  if (voltage === null) return false;
  const time = series.time_s;
  const windowStart_s = half.endTime_s - APPROACH_WINDOW * (half.endTime_s - half.startTime_s);
  let row = half.lastRow;
  while (row > half.firstRow && time[row - 1]! >= windowStart_s) row--;
  if (row === half.lastRow && row > half.firstRow) row--;
  const change_V = half.direction * (voltage[half.lastRow]! + offset_V - (voltage[row]! + offset_V));
  return change_V >= APPROACH_MIN_V;
}

/** Which halves must end on their cut-off for the cycle's CE to mean something. */
function mustEndOnCutoff(type: CellType, half: HalfCycle, role: 'sent' | 'returned'): boolean {
  if (type === 'full') return true;
  if (type === 'half') return role === 'returned' && half.direction > 0;
  return false;
}

function pairHalves(type: CellType, halves: HalfCycle[], warnings: string[]): CycleDetail[] {
  if (halves.length === 0) return [];
  const sentDirection = type === 'half' ? -1 : type === 'full' ? 1 : halves[0]!.direction;
  let next = 0;
  if (halves[0]!.direction !== sentDirection) {
    const leading = halves[0]!;
    warnings.push(
      message.unpairedLeadingHalf(message.halfCycleName(type, leading.direction), leading.capacity_mAh),
    );
    next = 1;
  }
  const details: CycleDetail[] = [];
  for (let index = 1; next < halves.length; index++, next += 2) {
    const sent = halves[next]!;
    const returned = halves[next + 1] ?? null;
    details.push({
      index,
      charge: sent.direction > 0 ? sent : returned,
      discharge: sent.direction < 0 ? sent : returned,
    });
  }
  return details;
}

function cycleResult(cell: CellDescription, detail: CycleDetail, warnings: string[]): CycleResult {
  const { charge, discharge } = detail;
  const sentDirection = cell.type === 'half' ? -1 : cell.type === 'full' ? 1 : null;
  let complete = charge !== null && discharge !== null;
  if (!complete) {
    const missing = charge === null ? 1 : -1;
    warnings.push(message.cycleMissingHalf(detail.index, message.halfCycleName(cell.type, missing)));
  }
  for (const half of [charge, discharge]) {
    if (half === null) continue;
    const role = sentDirection === null || half.direction === sentDirection ? 'sent' : 'returned';
    const onCutoff = half.endReason === 'voltageCutoff' || half.endReason === 'constantVoltage';
    if (mustEndOnCutoff(cell.type, half, role) && !onCutoff) {
      complete = false;
      warnings.push(
        message.halfNotOnCutoff(
          detail.index,
          message.halfCycleName(cell.type, half.direction),
          half.endVoltage_V,
          half.endReason === 'endOfRecord',
        ),
      );
    }
  }
  const chargeCapacity_mAh = charge?.capacity_mAh ?? null;
  const dischargeCapacity_mAh = discharge?.capacity_mAh ?? null;
  const perGram = (capacity: number | null): number | null =>
    capacity === null || cell.activeMassMg === null || !(cell.activeMassMg > 0)
      ? null
      : capacity / (cell.activeMassMg / 1000);
  const perArea = (capacity: number | null): number | null =>
    capacity === null || cell.areaCm2 === null || !(cell.areaCm2 > 0) ? null : capacity / cell.areaCm2;
  const meanVoltage = (half: HalfCycle | null): number | null =>
    half === null || half.energy_mWh === null || !(half.capacity_mAh > 0)
      ? null
      : half.energy_mWh / half.capacity_mAh;
  const chargeEnergy_mWh = charge?.energy_mWh ?? null;
  const dischargeEnergy_mWh = discharge?.energy_mWh ?? null;
  const energyEfficiency =
    cell.type === 'full' &&
    complete &&
    chargeEnergy_mWh !== null &&
    dischargeEnergy_mWh !== null &&
    chargeEnergy_mWh > 0
      ? dischargeEnergy_mWh / chargeEnergy_mWh
      : null;
  return {
    index: detail.index,
    chargeCapacity_mAh,
    dischargeCapacity_mAh,
    coulombicEfficiency: complete
      ? coulombicEfficiency(cell.type, chargeCapacity_mAh, dischargeCapacity_mAh)
      : null,
    chargeSpecificCapacity_mAh_g: perGram(chargeCapacity_mAh),
    dischargeSpecificCapacity_mAh_g: perGram(dischargeCapacity_mAh),
    complete,
    chargeEnergy_mWh,
    dischargeEnergy_mWh,
    energyEfficiency,
    meanChargeVoltage_V: meanVoltage(charge),
    meanDischargeVoltage_V: meanVoltage(discharge),
    chargeCapacityDensity_mAh_cm2: perArea(chargeCapacity_mAh),
    dischargeCapacityDensity_mAh_cm2: perArea(dischargeCapacity_mAh),
    chargeEndReason: charge?.endReason ?? null,
    dischargeEndReason: discharge?.endReason ?? null,
  };
}

/**
 * The instrument's cycle counter and ours may differ by convention (an instrument counts from
 * its first charge; a half cell's cycle starts with plating). Any difference in the count is
 * reported, as information, with both numbers.
 */
function crossCheckCycles(series: CanonicalSeries, details: CycleDetail[], type: CellType): DataIssue[] {
  const cycleIndex = series.cycleIndex;
  if (cycleIndex === null || details.length === 0) return [];
  const seen = new Set<number>();
  for (const detail of details) {
    for (const half of [detail.charge, detail.discharge]) {
      if (half === null) continue;
      for (const step of half.steps) {
        seen.add(cycleIndex[step.firstRow]!);
        seen.add(cycleIndex[step.lastRow]!);
      }
    }
  }
  if (seen.size === details.length) return [];
  return [
    {
      code: 'cycle_disagreement',
      severity: 'info',
      message: message.cycleDisagreement(message.cycleCountDiffers(details.length, seen.size, type)),
      location: { file: series.provenance.file, column: 'cycleIndex' },
    },
  ];
}
