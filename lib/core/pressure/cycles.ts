/**
 * Stack pressure per cycle beside the Li the capacities imply (DESIGN §4): how much the pressure
 * rose during the charge, fell during the discharge, and what stayed after the cycle (Li left on
 * the Cu of an anode-free cell), next to the thickness of dense Li those capacities make
 * (`lithium.ts`: 1 mAh/cm² ≈ 4.85 µm).
 */
import type { CellType, CycleDetail, HalfCycle } from '../cycling/cycles.ts';
import { lithiumThickness_um } from './lithium.ts';

export interface PressureCycle {
  cycle: number;
  /** P at the end of the charge − P at its start, MPa. */
  chargeRise_MPa: number | null;
  /** P at the start of the discharge − P at its end, MPa (positive when the pressure falls). */
  dischargeFall_MPa: number | null;
  /** P at the end of the cycle − P at its start, MPa: what the cycle left behind. */
  residual_MPa: number | null;
  /** Thickness of dense Li holding the charge / discharge capacity over the electrode area, µm. */
  chargeLithium_um: number | null;
  dischargeLithium_um: number | null;
  /** Li sent minus Li returned (the Coulombic loss) as a thickness, µm. */
  residualLithium_um: number | null;
}

/** Rows averaged at each end of a half, so one noisy logger sample does not set a cycle's value. */
const BOUNDARY_ROWS = 3;

export function pressureCycles(
  details: readonly CycleDetail[],
  pressure_MPa: Float64Array,
  cellType: CellType,
  areaCm2: number | null,
): PressureCycle[] {
  return details.map((detail) => {
    const { charge, discharge } = detail;
    const chargeStart = charge ? boundaryPressure(pressure_MPa, charge, 'start') : null;
    const chargeEnd = charge ? boundaryPressure(pressure_MPa, charge, 'end') : null;
    const dischargeStart = discharge ? boundaryPressure(pressure_MPa, discharge, 'start') : null;
    const dischargeEnd = discharge ? boundaryPressure(pressure_MPa, discharge, 'end') : null;
    const halves = [charge, discharge].filter((half): half is HalfCycle => half !== null);
    const first = halves.reduce<HalfCycle | null>(
      (a, b) => (a === null || b.firstRow < a.firstRow ? b : a),
      null,
    );
    const last = halves.reduce<HalfCycle | null>(
      (a, b) => (a === null || b.lastRow > a.lastRow ? b : a),
      null,
    );
    const cycleStart = first && halves.length === 2 ? boundaryPressure(pressure_MPa, first, 'start') : null;
    const cycleEnd = last && halves.length === 2 ? boundaryPressure(pressure_MPa, last, 'end') : null;
    const difference = (a: number | null, b: number | null): number | null =>
      a === null || b === null ? null : a - b;
    // Li is sent to the anode side by the charge of a full cell and by the plating (discharge) of a half cell.
    const sent = cellType === 'half' ? discharge : charge;
    const returned = cellType === 'half' ? charge : discharge;
    return {
      cycle: detail.index,
      chargeRise_MPa: difference(chargeEnd, chargeStart),
      dischargeFall_MPa: difference(dischargeStart, dischargeEnd),
      residual_MPa: difference(cycleEnd, cycleStart),
      chargeLithium_um: charge ? lithiumThickness_um(charge.capacity_mAh, areaCm2) : null,
      dischargeLithium_um: discharge ? lithiumThickness_um(discharge.capacity_mAh, areaCm2) : null,
      residualLithium_um:
        sent && returned ? lithiumThickness_um(sent.capacity_mAh - returned.capacity_mAh, areaCm2) : null,
    };
  });
}

/** Mean of the first (or last) few covered rows inside the half; null when none is covered. */
function boundaryPressure(pressure_MPa: Float64Array, half: HalfCycle, end: 'start' | 'end'): number | null {
  let sum = 0;
  let count = 0;
  const step = end === 'start' ? 1 : -1;
  for (
    let row = end === 'start' ? half.firstRow : half.lastRow;
    row >= half.firstRow && row <= half.lastRow && count < BOUNDARY_ROWS;
    row += step
  ) {
    const value = pressure_MPa[row]!;
    if (Number.isNaN(value)) {
      // A boundary value must sit at the boundary: stop at the first uncovered row after a covered one.
      if (count > 0) break;
      if (Math.abs(row - (end === 'start' ? half.firstRow : half.lastRow)) >= BOUNDARY_ROWS) break;
      continue;
    }
    sum += value;
    count++;
  }
  return count > 0 ? sum / count : null;
}
