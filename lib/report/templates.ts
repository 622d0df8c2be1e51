/**
 * Reads the report's templates (data, not code): figure specs from `templates/figures/*.vl.json`
 * and layout and wording from `templates/report/*.json`. The only file reading of templates
 * happens here; everything downstream works on the parsed values.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const templatesRoot = fileURLToPath(new URL('../../templates/', import.meta.url));

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const cache = new Map<string, Json>();

function readJson(relativePath: string): Json {
  let value = cache.get(relativePath);
  if (value === undefined) {
    value = JSON.parse(readFileSync(`${templatesRoot}${relativePath}`, 'utf8')) as Json;
    cache.set(relativePath, value);
  }
  return structuredClone(value);
}

/** A figure template, `templates/figures/<name>.vl.json`. */
export function figureTemplate(name: string): Json {
  return readJson(`figures/${name}.vl.json`);
}

/** `templates/figures/theme.json`: palette and the Vega-Lite config every figure shares. */
export function figureTheme(): FigureTheme {
  return readJson('figures/theme.json') as unknown as FigureTheme;
}

/** `templates/report/<name>.json`. */
export function reportTemplate<T>(name: string): T {
  return readJson(`report/${name}.json`) as unknown as T;
}

export interface FigureTheme {
  groupColours: string[];
  secondaryColour: string;
  /** Points a curve keeps per panel after downsampling for drawing (≈ 2 per pixel column). */
  drawnPointsPerPanel: number;
  /** Pixels a curve's extent is taken to span when dropping points that lie on a line (see drawnRows). */
  simplifyResolution_px: number;
  /** Fills of soft-short stages I–IV. */
  stageColours: string[];
  /** Shorted charges, in cycle order (spread over the list when fewer); the last healthy charge takes `healthyCycleColour`. */
  cycleColours: string[];
  healthyCycleColour: string;
  config: Json;
}
