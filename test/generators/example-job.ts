/**
 * The bundled example job (`templates/example-job/`): the LBHI paper's cells (DESIGN §4) made by
 * the models in `lbhi-model.ts` and written the way instruments write them — half cells and OCV
 * as BioLogic .mpt, full cells as Battery Data Format CSV, impedance as a plain spectrum table, a
 * stack-pressure log from its own logger with its own clock. Deterministic: the same bytes every
 * run, so a test can hold the committed folder to this generator.
 *
 * Regenerate with `npx tsx test/generators/write-example-job.ts`.
 */

import { writeBdfCsv } from '../../lib/core/readers/bdf/index.ts';
import type { CanonicalSeries } from '../../lib/core/series.ts';
import { type BiologicModel, writeBiologicMpt } from './biologic-mpt.ts';
import { generateSpectrum, logFrequencies } from './eis.ts';
import {
  AREA_CM2,
  fullCellExperiment,
  type Group,
  halfCellExperiment,
  LI_IN_OFFSET_V,
  NCA_MASS_MG,
  ocvExperiment,
} from './lbhi-model.ts';
import { softShortCell } from './softshort-cell.ts';
import { defaultLogger, writeSoftShortPressureLog } from './softshort-pressure-log.ts';

export interface ExampleFile {
  path: string;
  content: Uint8Array;
}

const encoder = new TextEncoder();

/** Acquisition start of every example file: the EC-Lab header and the BDF unix time use it. */
const START = { year: 2025, month: 3, day: 3, hour: 9, minute: 30, second: 0, ms: 0 };
const START_MS = Date.UTC(START.year, START.month - 1, START.day, START.hour, START.minute, START.second);

function mpt(series: CanonicalSeries): Uint8Array {
  const cycleIndex = series.cycleIndex;
  const model: BiologicModel = {
    time_s: Array.from(series.time_s),
    voltage_V: Array.from(series.voltage_V!),
    current_A: Array.from(series.current_A!),
    // EC-Lab counts cycles from 0.
    cycle: cycleIndex
      ? Array.from(cycleIndex, (cycle) => Math.max(0, cycle - 1))
      : Array(series.rows).fill(0),
    start: START,
  };
  return writeBiologicMpt(model, { locale: 'en' });
}

async function bdf(series: CanonicalSeries): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of writeBdfCsv({
    ...series,
    startTime: new Date(START_MS).toISOString(),
    startTimeZoneKnown: true,
  })) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Li plated per mAh/cm² raises the stack by ≈ 4.85 µm; the stiff cell frame turns that into pressure. */
const PRESSURE_PER_MAH_CM2_MPA = 0.12;
const STACK_PRESSURE_MPA = 15;
/** The pressure logger started 95 s after the cycler and its clock runs 12 s fast. */
const LOGGER_START_DELAY_S = 95;
const LOGGER_CLOCK_FAST_S = 12;
const LOGGER_INTERVAL_S = 30;

/** A stack-pressure log following the Li inventory on the Cu (charge in minus charge out). */
function pressureLog(series: CanonicalSeries): Uint8Array {
  const current = series.current_A!;
  const lines = ['Timestamp,Stack pressure (MPa)'];
  let row = 0;
  let charge_mAh = 0;
  const end_s = series.time_s[series.rows - 1]!;
  for (let t = LOGGER_START_DELAY_S; t <= end_s; t += LOGGER_INTERVAL_S) {
    while (row + 1 < series.rows && series.time_s[row + 1]! <= t) {
      charge_mAh +=
        (0.5 * (current[row]! + current[row + 1]!) * (series.time_s[row + 1]! - series.time_s[row]!)) / 3.6;
      row++;
    }
    const pressure_MPa = STACK_PRESSURE_MPA + (PRESSURE_PER_MAH_CM2_MPA * Math.max(0, charge_mAh)) / AREA_CM2;
    const stamp = new Date(START_MS + (t + LOGGER_CLOCK_FAST_S) * 1000)
      .toISOString()
      .replace('T', ' ')
      .replace('Z', '+00:00');
    lines.push(`${stamp},${pressure_MPa.toFixed(5)}`);
  }
  return encoder.encode(`${lines.join('\n')}\n`);
}

/** Impedance after 4 h of plating (DESIGN §4): three arcs without the interlayer, two with it. */
const spectra: Record<Group, { circuit: string; arcs: [number, number][]; r0: number }> = {
  // [R (Ω), characteristic frequency (Hz)] per arc; n = 0.9.
  LPSCl: {
    circuit: 'R0-p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)',
    r0: 18,
    arcs: [
      [55, 150e3],
      [140, 6e3],
      [420, 60],
    ],
  },
  LBHI: {
    circuit: 'R0-p(R1,CPE1)-p(R2,CPE2)',
    r0: 22,
    arcs: [
      [85, 90e3],
      [110, 4e3],
    ],
  },
};
const CPE_EXPONENT = 0.9;

function spectrumTable(group: Group): Uint8Array {
  const { circuit, arcs, r0 } = spectra[group];
  const parameters: Record<string, number> = { R0: r0 };
  arcs.forEach(([resistance, frequency], index) => {
    parameters[`R${index + 1}`] = resistance;
    // f = 1 / (2π (R Q)^(1/n))  ⇒  Q = (2π f)^(−n) / R
    parameters[`CPE${index + 1}_0`] = (2 * Math.PI * frequency) ** -CPE_EXPONENT / resistance;
    parameters[`CPE${index + 1}_1`] = CPE_EXPONENT;
  });
  const spectrum = generateSpectrum({
    circuit,
    parameters,
    frequency_Hz: logFrequencies(1e6, 0.1, 71),
    noise: 0.003,
    seed: group === 'LBHI' ? 3 : 4,
  });
  const lines = ['freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm'];
  for (let i = 0; i < spectrum.frequency_Hz.length; i++) {
    lines.push(
      `${spectrum.frequency_Hz[i]!.toPrecision(8)},${spectrum.zReal_Ohm[i]!.toPrecision(8)},${(-spectrum.zImag_Ohm[i]!).toPrecision(8)}`,
    );
  }
  return encoder.encode(`${lines.join('\n')}\n`);
}

const temperatures = [25, 60, 100] as const;

export async function exampleJob(): Promise<ExampleFile[]> {
  const files: ExampleFile[] = [];
  const cells: unknown[] = [];
  const halfCells: [Group, string][] = [
    ['LPSCl', 'cu-lpscl-liin'],
    ['LBHI', 'cu-lbhi-lpscl-liin'],
  ];
  for (const [group, id] of halfCells) {
    const { series } = halfCellExperiment(group, { cycles: 3, interval_s: 20, instrumentColumns: true });
    const { series: ocv } = ocvExperiment(group, { restInterval_s: 1800 });
    files.push({ path: `${id}/cycling.mpt`, content: mpt(series) });
    files.push({ path: `${id}/ocv.mpt`, content: mpt(ocv) });
    files.push({ path: `${id}/eis-after-plating-4h.csv`, content: spectrumTable(group) });
    cells.push({
      id,
      group,
      type: 'half',
      areaCm2: AREA_CM2,
      activeMassMg: null,
      temperatureC: 25,
      stackPressureMPa: 0,
      referenceElectrode: { name: 'Li-In', offsetV: LI_IN_OFFSET_V },
      files: [
        { path: `${id}/cycling.mpt`, kind: 'cycling' },
        { path: `${id}/ocv.mpt`, kind: 'ocv' },
        {
          path: `${id}/eis-after-plating-4h.csv`,
          kind: 'eis',
          label: 'after 4 h plating',
          circuit: spectra[group].circuit,
        },
      ],
    });
  }
  for (const group of ['LPSCl', 'LBHI'] as const) {
    for (const temperatureC of temperatures) {
      const id = `nca-${group.toLowerCase()}-cu-${temperatureC}c`;
      const cellFiles: unknown[] = [{ path: `${id}/cycling.bdf.csv`, kind: 'cycling' }];
      if (group === 'LBHI' && temperatureC === 60) {
        // The paper's 60 °C LBHI cell: soft shorts from cycle 7, the 10th charge never completes.
        const { series, truth } = softShortCell({ cycles: 10, firstShortCycle: 7 });
        files.push({ path: `${id}/cycling.bdf.csv`, content: await bdf(series) });
        const end_s = series.time_s[series.rows - 1]!;
        files.push({
          path: `${id}/pressure.csv`,
          content: encoder.encode(writeSoftShortPressureLog(truth, end_s)),
        });
        cellFiles.push({
          path: `${id}/pressure.csv`,
          kind: 'pressure',
          clockOffset_s: -defaultLogger.clockFast_s,
        });
      } else {
        const { series } = fullCellExperiment(group, temperatureC, {
          cycles: 6,
          interval_s: 120,
          instrumentColumns: true,
        });
        files.push({ path: `${id}/cycling.bdf.csv`, content: await bdf(series) });
        if (temperatureC === 60) {
          files.push({ path: `${id}/pressure.csv`, content: pressureLog(series) });
          cellFiles.push({
            path: `${id}/pressure.csv`,
            kind: 'pressure',
            clockOffset_s: -LOGGER_CLOCK_FAST_S,
          });
        }
      }
      cells.push({
        id,
        group,
        type: 'full',
        areaCm2: AREA_CM2,
        activeMassMg: NCA_MASS_MG,
        temperatureC,
        stackPressureMPa: STACK_PRESSURE_MPA,
        files: cellFiles,
      });
    }
  }
  const manifest = {
    version: 1,
    title: 'LBHI interlayer vs bare LPSCl (example from the cellreport model)',
    notify: ['lab@example.org'],
    baseline: 'LPSCl',
    cells,
  };
  files.push({ path: 'job.json', content: encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`) });
  return files;
}
