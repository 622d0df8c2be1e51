/**
 * Fills a figure template: every string value `"{{name}}"` is replaced by `values[name]` (any
 * JSON: a number, an array, a whole sub-spec), the datasets go into the spec's top-level
 * `datasets` (the templates refer to them by name), and the theme's config is attached.
 * A placeholder without a value is a programming error and throws.
 */
import type { Json } from '../templates.ts';

const placeholder = /^\{\{(\w+)\}\}$/;

export function fillPlaceholders(template: Json, values: Readonly<Record<string, Json>>): Json {
  if (typeof template === 'string') {
    const match = placeholder.exec(template);
    if (!match) return template;
    const value = values[match[1]!];
    if (value === undefined) throw new Error(`figure template: no value for {{${match[1]}}}`);
    return value;
  }
  if (Array.isArray(template)) return template.map((item) => fillPlaceholders(item, values));
  if (template && typeof template === 'object') {
    const filled: Record<string, Json> = {};
    for (const [key, value] of Object.entries(template)) filled[key] = fillPlaceholders(value, values);
    return filled;
  }
  return template;
}

export type Row = Record<string, Json>;

export function completeSpec(
  template: Json,
  values: Readonly<Record<string, Json>>,
  datasets: Readonly<Record<string, Row[]>>,
  config: Json,
): Json {
  const filled = fillPlaceholders(template, values) as Record<string, Json>;
  return { ...filled, config, datasets: datasets as Record<string, Json> };
}

/** Rounds to `digits` significant digits so specs stay small and golden files stable. */
export function roundSignificant(value: number, digits = 5): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
