/**
 * Text blocks a section places beside its figures (templates/report/layout.json names them):
 * the per-cycle stack-pressure table with the voltage–pressure coupling, and the soft-short
 * findings and events. Each says whether the job has anything for it, so an empty section can
 * be left out.
 */
import type { Analysis } from '../../core/analysis.ts';
import { message } from '../../core/messages.ts';
import type { CellResult } from '../../core/results.ts';
import { MISSING } from '../format.ts';
import { softShortFinding } from '../summary.ts';
import { fillText, type Wording } from '../wording.ts';
import type { ReportWriter, TableColumn } from './writer.ts';

export interface TextBlock {
  has(analysis: Analysis): boolean;
  write(writer: ReportWriter, cells: readonly CellResult[], wording: Wording): void;
}

const withPressure = (cells: readonly CellResult[]) => cells.filter((cell) => cell.pressure !== null);
const withSoftShorts = (cells: readonly CellResult[]) => cells.filter((cell) => cell.softShorts.length > 0);
const fixed = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined ? MISSING : value.toFixed(digits).replace(/^-/, '−');

function rightAligned(headers: readonly string[], shares: readonly number[], leftColumns = 0): TableColumn[] {
  return headers.map((header, index) => ({
    header,
    width: shares[index]!,
    align: index < leftColumns ? 'left' : 'right',
  }));
}

function cellHeading(cell: CellResult, wording: Wording): string {
  return fillText(wording.pressureSection.cellHeading, {
    cell: cell.id,
    group: cell.group,
    temperature: cell.temperatureC,
  });
}

/** A lag in the unit that reads best: s below 2 min, min below 2 h, else h. */
function formatLag(lag_s: number): string {
  const size = Math.abs(lag_s);
  if (size < 120) return `${size.toFixed(0)} s`;
  if (size < 7200) return `${(size / 60).toFixed(0)} min`;
  return `${(size / 3600).toFixed(1)} h`;
}

function couplingSentence(pressure: NonNullable<CellResult['pressure']>, wording: Wording): string {
  const text = wording.pressureSection;
  const parts = [fillText(text.correlation, { correlation: fixed(pressure.voltageCorrelation, 2) })];
  // A lag that rounds to 0 s says nothing beyond the r over the test.
  if (pressure.lag_s !== null && pressure.lagCorrelation !== null && Math.round(pressure.lag_s) !== 0)
    parts.push(
      fillText(text.lag, {
        correlation: fixed(pressure.lagCorrelation, 2),
        lag: formatLag(pressure.lag_s),
        direction: pressure.lag_s >= 0 ? text.lagBehind : text.lagAhead,
      }),
    );
  const charges = pressure.chargeCorrelations.flatMap((entry) =>
    entry.correlation === null ? [] : [entry.correlation],
  );
  if (charges.length > 0) {
    const low = fixed(Math.min(...charges), 2);
    const high = fixed(Math.max(...charges), 2);
    parts.push(fillText(text.chargeRange, { range: low === high ? low : `${low}–${high}` }));
  }
  parts.push(fillText(text.maxChange, { value: fixed(pressure.maxChange_MPa, 3) }));
  return parts.join('');
}

const pressureCycles: TextBlock = {
  has: (analysis) => withPressure(analysis.results.cells).length > 0,
  write(writer, cells, wording) {
    const text = wording.pressureSection;
    for (const cell of withPressure(cells)) {
      const pressure = cell.pressure!;
      writer.subsection(cellHeading(cell, wording), false, 60);
      writer.paragraph(couplingSentence(pressure, wording), { size: writer.layout.fontSizes.caption });
      if (pressure.cycles.length === 0) continue;
      const chargeCorrelation = new Map(
        pressure.chargeCorrelations.map((entry) => [entry.cycle, entry.correlation]),
      );
      writer.table(
        rightAligned(text.columns, [0.08, 0.14, 0.15, 0.13, 0.12, 0.13, 0.12, 0.13]),
        pressure.cycles.map((cycle) => ({
          cells: [
            String(cycle.cycle),
            fixed(cycle.chargeRise_MPa, 3),
            fixed(cycle.dischargeFall_MPa, 3),
            fixed(cycle.residual_MPa, 3),
            fixed(cycle.chargeLithium_um, 2),
            fixed(cycle.dischargeLithium_um, 2),
            fixed(cycle.residualLithium_um, 2),
            fixed(chargeCorrelation.get(cycle.cycle), 3),
          ],
        })),
      );
    }
  },
};

const softShortFindings: TextBlock = {
  has: (analysis) =>
    withPressure(analysis.results.cells).length > 0 || withSoftShorts(analysis.results.cells).length > 0,
  write(writer, cells, wording) {
    const shorted = withSoftShorts(cells);
    if (shorted.length === 0) writer.paragraph(wording.findings.noSoftShorts);
    for (const cell of shorted) writer.paragraph(softShortFinding(cell, wording)!);
  },
};

const softShortEvents: TextBlock = {
  has: (analysis) => withSoftShorts(analysis.results.cells).length > 0,
  write(writer, cells, wording) {
    const text = wording.softShortSection;
    for (const cell of withSoftShorts(cells)) {
      writer.subsection(fillText(text.eventsHeading, { cell: cell.id }), false, 60);
      writer.table(
        rightAligned(text.columns, [0.07, 0.13, 0.07, 0.09, 0.09, 0.13, 0.42], 0).map((column, index) =>
          index >= 5 ? { ...column, align: 'left' as const } : column,
        ),
        [...cell.softShorts]
          .sort((a, b) => a.start_s - b.start_s)
          .map((entry) => ({
            cells: [
              String(entry.cycle),
              `${(entry.start_s / 3600).toFixed(2)}–${(entry.end_s / 3600).toFixed(2)}`,
              entry.stage ?? MISSING,
              fixed(entry.magnitude_mV, 1),
              fixed(entry.magnitude_MPa, 3),
              text.confidence[entry.confidence],
              entry.evidenceCodes.map((code) => message.softShortEvidenceName(code)).join('; '),
            ],
          })),
      );
    }
  },
};

export const textBlocks: Readonly<Record<string, TextBlock>> = {
  pressureCycles,
  softShortFindings,
  softShortEvents,
};
