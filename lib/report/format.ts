/**
 * Number formatting for the report's text: a metric is scaled and rounded as its wording says
 * (templates/report/wording.json `metrics`), differences carry an explicit sign (+ or −, the
 * true minus sign) and null is an en dash.
 */
import type { MetricWording } from './wording.ts';

export const MISSING = '–';

/** The wording of a metric the templates do not name: the raw key, three significant digits. */
export function fallbackMetric(metric: string): MetricWording {
  return { label: metric, scale: 1, decimals: -3, unit: '', deltaUnit: '', finding: false };
}

/** A number at the metric's precision, without its unit (`decimals` < 0: that many significant digits). */
export function formatNumber(value: number, wording: Pick<MetricWording, 'scale' | 'decimals'>): string {
  const scaled = value * wording.scale;
  const text =
    wording.decimals >= 0
      ? scaled.toFixed(wording.decimals)
      : String(Number(scaled.toPrecision(-wording.decimals)));
  return text.replace(/^-/, '−').replace(/^−(0\.?0*)$/, '$1');
}

export function formatMetricValue(value: number | null, wording: MetricWording): string {
  return value === null ? MISSING : `${formatNumber(value, wording)}${wording.unit}`;
}

export function formatDelta(delta: number | null, wording: MetricWording): string {
  if (delta === null) return MISSING;
  const text = formatNumber(Math.abs(delta), wording);
  const zero = Number(text) === 0;
  return `${zero ? '±' : delta > 0 ? '+' : '−'}${text}${wording.deltaUnit}`;
}

/** Whether a difference rounds to zero at the metric's precision. */
export function roundsToZero(delta: number, wording: MetricWording): boolean {
  return Number(formatNumber(Math.abs(delta), wording)) === 0;
}

/** 1.234e-8 → "1.23·10⁻⁸"; plain notation between 0.01 and 10⁵. */
export function formatScientific(value: number | null, digits = 3): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  const magnitude = Math.abs(value);
  if (magnitude === 0 || (magnitude >= 0.01 && magnitude < 1e5))
    return String(Number(value.toPrecision(digits))).replace(/^-/, '−');
  const exponent = Math.floor(Math.log10(magnitude));
  const mantissa = Number((value / 10 ** exponent).toPrecision(digits));
  return `${String(mantissa).replace(/^-/, '−')}·10${superscript(exponent)}`;
}

const superscriptDigits: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

function superscript(exponent: number): string {
  return [...String(exponent)].map((character) => superscriptDigits[character] ?? character).join('');
}

/** An impedance.py unit string as typeset: `Ohm^-1 s^n` → `Ω⁻¹ sⁿ`. */
export function formatUnit(unit: string): string {
  return unit
    .replace(/Ohm/g, 'Ω')
    .replace(/\^-1\/2/g, '⁻½')
    .replace(/\^-1/g, '⁻¹')
    .replace(/\^n/g, 'ⁿ');
}
