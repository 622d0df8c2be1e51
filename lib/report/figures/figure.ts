/** A figure as the report uses it: its file name (figures/<name>.svg) and its filled Vega-Lite spec. */
import type { Json } from '../templates.ts';

export interface BuiltFigure {
  name: string;
  spec: Json;
}
