/**
 * Two reads of the same file compared exactly: every typed array bit for bit (NaNs and signed
 * zeros included, one digest per array rather than an element-by-element deep equality), and
 * everything else (provenance, issues, start time) deeply.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';

export function expectSameSeries(actual: unknown, expected: unknown, context: string): void {
  expect(bytesOfArrays(actual), context).toEqual(bytesOfArrays(expected));
  expect(withoutArrays(actual), context).toEqual(withoutArrays(expected));
}

/** Every typed array of the value (by path) as one hex digest of its bytes. */
function bytesOfArrays(value: unknown, path = '', out: Record<string, string> = {}): Record<string, string> {
  if (ArrayBuffer.isView(value)) {
    out[path] = createHash('sha256')
      .update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
      .digest('hex');
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) bytesOfArrays(inner, `${path}.${key}`, out);
  }
  return out;
}

function withoutArrays(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as Float64Array).length})`;
  if (Array.isArray(value)) return value.map(withoutArrays);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutArrays(inner)]));
  return value;
}
