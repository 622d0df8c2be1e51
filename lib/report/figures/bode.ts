/** Appendix figure: Bode plots (|Z| and −phase vs frequency), one panel per spectrum. */
import { figureTemplate } from '../templates.ts';
import type { Wording } from '../wording.ts';
import { drawn, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';
import { spectraInOrder } from './spectra.ts';

export function bode(context: FigureContext, wording: Wording): BuiltFigure | null {
  const placed = spectraInOrder(context, wording);
  if (placed.length === 0) return null;
  const rows: Row[] = [];
  for (const { cell, spectrum, panel } of placed) {
    spectrum.frequency_Hz.forEach((frequency, index) => {
      const real = spectrum.zReal_Ohm[index]!;
      const imag = spectrum.zImag_Ohm[index]!;
      rows.push({
        kind: 'measured',
        panel,
        group: cell.group,
        frequency_Hz: drawn(frequency),
        modulus_Ohm: drawn(Math.hypot(real, imag)),
        minusPhase_deg: drawn((-Math.atan2(imag, real) * 180) / Math.PI),
      });
    });
  }
  const spec = completeSpec(
    figureTemplate('bode'),
    {
      panelOrder: placed.map((entry) => entry.panel),
      groupDomain: context.groupDomain,
      groupColours: context.groupColours,
      secondaryColour: context.theme.secondaryColour,
    },
    { bode: rows },
    context.theme.config,
  );
  return { name: 'bode', spec };
}
