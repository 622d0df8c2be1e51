/** The impedance spectra of a job in display order, each with its cell, and a frequency formatter. */
import type { SpectrumCurves } from '../../core/analysis.ts';
import type { CellResult } from '../../core/results.ts';
import { fillText, type Wording } from '../wording.ts';
import { displayOrder, type FigureContext } from './context.ts';

export interface PlacedSpectrum {
  cell: CellResult;
  spectrum: SpectrumCurves;
  panel: string;
}

export function spectraInOrder(context: FigureContext, wording: Wording): PlacedSpectrum[] {
  const placed: PlacedSpectrum[] = [];
  for (const cell of displayOrder(context, context.cells)) {
    for (const spectrum of context.curvesByCell.get(cell.id)?.spectra ?? []) {
      if (spectrum.frequency_Hz.length === 0) continue;
      placed.push({
        cell,
        spectrum,
        panel: fillText(wording.figureLabels.panelSpectrum, { cell: cell.id, label: spectrum.label }),
      });
    }
  }
  return placed;
}

const prefixes: [number, string][] = [
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
];

/** 1e5 → "100 kHz", 0.1 → "100 mHz". */
export function formatFrequency(frequency_Hz: number): string {
  const [factor, prefix] = prefixes.find(([factor]) => frequency_Hz >= factor * 0.999) ?? prefixes.at(-1)!;
  return `${Number((frequency_Hz / factor).toPrecision(3))} ${prefix}Hz`;
}
