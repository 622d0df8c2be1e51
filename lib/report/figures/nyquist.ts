/**
 * Figure: Nyquist plots, one square panel per spectrum with equal x and y spans (an arc stays a
 * semicircle), measured points, the fitted model as a line and a cross at each decade of
 * frequency (interpolated in log f on the fitted curve, else on the measured points).
 */
import type { SpectrumCurves } from '../../core/analysis.ts';
import { figureTemplate, type Json } from '../templates.ts';
import type { Wording } from '../wording.ts';
import { drawn, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { fillPlaceholders, type Row } from './fill.ts';
import { formatFrequency, spectraInOrder } from './spectra.ts';

/** Margin around the data, as a fraction of the larger span. */
const MARGIN = 0.05;

export function nyquist(context: FigureContext, wording: Wording): BuiltFigure | null {
  const placed = spectraInOrder(context, wording);
  if (placed.length === 0) return null;
  const panelTemplate = figureTemplate('nyquist-panel');
  const datasets: Record<string, Row[]> = {};
  const panels: Json[] = placed.map(({ cell, spectrum }, index) => {
    const dataName = `spectrum${index + 1}`;
    const rows = spectrumRows(spectrum, cell.group);
    const [domainX, domainY] = equalDomains(rows);
    datasets[dataName] = thinDecadeLabels(rows, domainX[1] - domainX[0]);
    return fillPlaceholders(panelTemplate, {
      title: [cell.id, spectrum.label],
      dataName,
      domainX,
      domainY,
      groupDomain: context.groupDomain,
      groupColours: context.groupColours,
      secondaryColour: context.theme.secondaryColour,
    });
  });
  const outer = fillPlaceholders(figureTemplate('nyquist'), { panels }) as Record<string, Json>;
  return { name: 'nyquist', spec: { ...outer, config: context.theme.config, datasets } };
}

function spectrumRows(spectrum: SpectrumCurves, group: string): Row[] {
  const rows: Row[] = spectrum.frequency_Hz.map((frequency, index) => ({
    kind: 'measured',
    group,
    frequency_Hz: drawn(frequency),
    zReal_Ohm: drawn(spectrum.zReal_Ohm[index]!),
    minusZImag_Ohm: drawn(-spectrum.zImag_Ohm[index]!),
  }));
  const fit = spectrum.fit;
  if (fit) {
    fit.frequency_Hz.forEach((_, index) => {
      rows.push({
        kind: 'fit',
        zReal_Ohm: drawn(fit.zReal_Ohm[index]!),
        minusZImag_Ohm: drawn(-fit.zImag_Ohm[index]!),
        order: index,
      });
    });
  }
  const reference = fit ?? spectrum;
  for (const decade of decadesWithin(reference.frequency_Hz)) {
    const point = interpolateAtFrequency(reference, decade);
    if (point)
      rows.push({
        kind: 'decade',
        text: formatFrequency(decade),
        zReal_Ohm: drawn(point.zReal_Ohm),
        minusZImag_Ohm: drawn(-point.zImag_Ohm),
      });
  }
  return rows;
}

/** Closest distance between two labelled decade markers, as a fraction of the panel's span. */
const MIN_LABEL_SPACING = 0.2;

/**
 * Keeps every decade cross but blanks labels that would sit on top of the last labelled one
 * (the high-frequency decades bunch up near the origin).
 */
function thinDecadeLabels(rows: Row[], span: number): Row[] {
  let last: { x: number; y: number } | null = null;
  return rows.map((row) => {
    if (row.kind !== 'decade') return row;
    const x = row.zReal_Ohm as number;
    const y = row.minusZImag_Ohm as number;
    if (last && Math.hypot(x - last.x, y - last.y) < MIN_LABEL_SPACING * span) return { ...row, text: '' };
    last = { x, y };
    return row;
  });
}

/** Powers of ten inside the measured frequency range. */
export function decadesWithin(frequency_Hz: readonly number[]): number[] {
  const positive = frequency_Hz.filter((value) => value > 0);
  if (positive.length === 0) return [];
  const low = Math.ceil(Math.log10(Math.min(...positive)) - 1e-9);
  const high = Math.floor(Math.log10(Math.max(...positive)) + 1e-9);
  const decades: number[] = [];
  for (let exponent = high; exponent >= low; exponent--) decades.push(10 ** exponent);
  return decades;
}

/** Z at `frequency_Hz`, linear in log f between the two neighbouring points (any sweep order). */
export function interpolateAtFrequency(
  curve: { frequency_Hz: readonly number[]; zReal_Ohm: readonly number[]; zImag_Ohm: readonly number[] },
  frequency_Hz: number,
): { zReal_Ohm: number; zImag_Ohm: number } | null {
  const target = Math.log10(frequency_Hz);
  for (let i = 1; i < curve.frequency_Hz.length; i++) {
    const a = Math.log10(curve.frequency_Hz[i - 1]!);
    const b = Math.log10(curve.frequency_Hz[i]!);
    if ((target - a) * (target - b) > 0 || a === b) continue;
    const t = (target - a) / (b - a);
    return {
      zReal_Ohm: curve.zReal_Ohm[i - 1]! + t * (curve.zReal_Ohm[i]! - curve.zReal_Ohm[i - 1]!),
      zImag_Ohm: curve.zImag_Ohm[i - 1]! + t * (curve.zImag_Ohm[i]! - curve.zImag_Ohm[i - 1]!),
    };
  }
  return null;
}

/** x and y domains of the same span (the larger data span plus a margin), y starting at ≤ 0. */
export function equalDomains(rows: Row[]): [[number, number], [number, number]] {
  const xs = rows.map((row) => row.zReal_Ohm).filter((value): value is number => typeof value === 'number');
  const ys = rows
    .map((row) => row.minusZImag_Ohm)
    .filter((value): value is number => typeof value === 'number');
  const xLow = Math.min(...xs);
  const yLow = Math.min(0, ...ys);
  const dataSpan = Math.max(Math.max(...xs) - xLow, Math.max(...ys) - yLow) || 1;
  const span = dataSpan * (1 + 2 * MARGIN);
  const x0 = xLow - dataSpan * MARGIN;
  const y0 = yLow - dataSpan * MARGIN;
  const round = (value: number) => Number(value.toPrecision(6));
  const roundedSpan = round(span);
  return [
    [round(x0), round(x0) + roundedSpan],
    [round(y0), round(y0) + roundedSpan],
  ];
}
