/**
 * One experiment, three instruments' files: the LBHI half cell written as a BioLogic .mpt (German
 * locale), an Arbin CSV and a Battery Data Format CSV gives the same capacities and Coulombic
 * efficiencies as the model that made it.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCycling } from '../../../lib/core/cycling/analyze-cycling.ts';
import { writeBdfCsv } from '../../../lib/core/readers/bdf/index.ts';
import { allReaders } from '../../../lib/core/readers/catalog.ts';
import { readSeries } from '../../../lib/core/readers/detect.ts';
import { bytesSource } from '../../../lib/core/readers/source.ts';
import type { CanonicalSeries } from '../../../lib/core/series.ts';
import { type ArbinModelRow, defaultArbinModel, writeArbinCsv } from '../../generators/arbin-csv.ts';
import { writeBiologicMpt } from '../../generators/biologic-mpt.ts';
import { halfCellExperiment, LI_IN_OFFSET_V } from '../../generators/lbhi-model.ts';

const encoder = new TextEncoder();
const { series: model, truth } = halfCellExperiment('LPSCl', {
  cycles: 3,
  interval_s: 20,
  instrumentColumns: true,
});

function asMpt(series: CanonicalSeries): Uint8Array {
  return writeBiologicMpt(
    {
      time_s: Array.from(series.time_s),
      voltage_V: Array.from(series.voltage_V!),
      current_A: Array.from(series.current_A!),
      cycle: Array.from(series.cycleIndex!, (cycle) => cycle - 1),
      start: { year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5, ms: 0 },
    },
    { locale: 'de' },
  );
}

function asArbinCsv(series: CanonicalSeries): Uint8Array {
  const rows: ArbinModelRow[] = Array.from({ length: series.rows }, (_, row) => ({
    time_s: series.time_s[row]!,
    stepTime_s: 0,
    stepIndex: series.stepIndex![row]!,
    cycleIndex: series.cycleIndex![row]!,
    current_A: series.current_A![row]!,
    voltage_V: series.voltage_V![row]!,
    chargeCapacity_Ah: 0,
    dischargeCapacity_Ah: 0,
  }));
  return encoder.encode(writeArbinCsv(rows, 'mits-pro', defaultArbinModel));
}

async function asBdf(series: CanonicalSeries): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of writeBdfCsv(series)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function cesOf(name: string, bytes: Uint8Array) {
  const series = await readSeries(bytesSource(name, bytes), allReaders);
  const cell = {
    type: 'half' as const,
    areaCm2: 0.785,
    activeMassMg: null,
    referenceOffset_V: LI_IN_OFFSET_V,
  };
  return { format: series.provenance.format, cycles: analyzeCycling(series, cell).cycles.cycles };
}

describe('the same half cell from three formats', () => {
  it('gives the model’s CE within 0.5 points and capacities within 1 % from .mpt, Arbin CSV and BDF', async () => {
    const results = [
      await cesOf('cell.mpt', asMpt(model)),
      await cesOf('cell.csv', asArbinCsv(model)),
      await cesOf('cell.bdf.csv', await asBdf(model)),
    ];
    expect(results.map((result) => result.format)).toEqual(['biologic-mpt', 'arbin-csv', 'bdf-csv']);
    for (const { format, cycles } of results) {
      truth.cycles.forEach((expected, index) => {
        const cycle = cycles[index]!;
        expect(
          Math.abs(cycle.coulombicEfficiency! - expected.ce!),
          `${format} cycle ${expected.index}`,
        ).toBeLessThan(0.005);
        expect(
          Math.abs(cycle.dischargeCapacity_mAh! / expected.plating_mAh - 1),
          `${format} plating`,
        ).toBeLessThan(0.01);
      });
    }
    // And the three agree with each other far more closely than with the model.
    const first = results[0]!.cycles.map((cycle) => cycle.coulombicEfficiency!);
    for (const { cycles } of results.slice(1)) {
      cycles.forEach((cycle, index) => {
        expect(cycle.coulombicEfficiency!).toBeCloseTo(first[index]!, 6);
      });
    }
  });
});
