/** Appendix figure: distribution of relaxation times, one panel per spectrum that has one. */
import { figureTemplate } from '../templates.ts';
import type { Wording } from '../wording.ts';
import { drawn, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';
import { spectraInOrder } from './spectra.ts';

export function drt(context: FigureContext, wording: Wording): BuiltFigure | null {
  const placed = spectraInOrder(context, wording).filter((entry) => entry.spectrum.drt !== null);
  if (placed.length === 0) return null;
  const rows: Row[] = [];
  for (const { cell, spectrum, panel } of placed) {
    const { tau_s, gamma_Ohm } = spectrum.drt!;
    // A DRT has a few hundred log-spaced points at most: drawn as is (linear-x bucketing would
    // merge its short time constants).
    tau_s.forEach((tau, index) => {
      rows.push({
        panel,
        group: cell.group,
        tau_s: drawn(tau),
        gamma_Ohm: drawn(gamma_Ohm[index]!),
        order: index,
      });
    });
  }
  const spec = completeSpec(
    figureTemplate('drt'),
    {
      panelOrder: placed.map((entry) => entry.panel),
      groupDomain: context.groupDomain,
      groupColours: context.groupColours,
    },
    { drt: rows },
    context.theme.config,
  );
  return { name: 'drt', spec };
}
