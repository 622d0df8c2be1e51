/**
 * Every figure of the report, by name, in the order the report places them. A builder returns
 * null when the job has no data for its figure; the report then prints the figure's "missing"
 * note instead.
 */
import type { Wording } from '../wording.ts';
import { bode } from './bode.ts';
import type { FigureContext } from './context.ts';
import { cyclingSummary } from './cycling-summary.ts';
import { differential } from './differential.ts';
import { drt } from './drt.ts';
import type { BuiltFigure } from './figure.ts';
import { fullCellProfiles } from './full-cell-profiles.ts';
import { halfCellProfiles } from './half-cell-profiles.ts';
import { lsv } from './lsv.ts';
import { nyquist } from './nyquist.ts';
import { ocv } from './ocv.ts';
import { pressure } from './pressure.ts';
import { softShort } from './soft-short.ts';

export type FigureBuilder = (context: FigureContext, wording: Wording) => BuiltFigure | null;

export const figureBuilders: Readonly<Record<string, FigureBuilder>> = {
  'half-cell-profiles': halfCellProfiles,
  nyquist,
  ocv,
  'full-cell-profiles': fullCellProfiles,
  'cycling-summary': cyclingSummary,
  pressure,
  'soft-short': softShort,
  lsv,
  differential,
  bode,
  drt,
};
