/**
 * Text detectors refuse a binary head (a NUL byte in its first 4 KB) before splitting it into
 * lines and fields: every binary file passes through them on its way to its own reader.
 */
import { describe, expect, it } from 'vitest';
import { allReaders } from '../../../../lib/core/readers/catalog.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { looksBinary } from '../../../../lib/core/readers/text/decode.ts';

const table = new TextEncoder().encode(
  'Test Time (s),Voltage (V),Current (A),Pressure (MPa)\n0,3.5,0.001,1.2\n1,3.6,0.001,1.3\n',
);

function withPrefix(prefix: number[]): Uint8Array {
  const bytes = new Uint8Array(prefix.length + table.length);
  bytes.set(prefix);
  bytes.set(table, prefix.length);
  return bytes;
}

async function scores(bytes: Uint8Array): Promise<Record<string, number>> {
  const probe = await probeOf(bytesSource('file', bytes));
  const detectors = allReaders.filter((reader) => ['delimited-text', 'pressure-log'].includes(reader.format));
  return Object.fromEntries(detectors.map((reader) => [reader.format, reader.detect(probe)]));
}

describe('binary heads', () => {
  it('looksBinary sees a NUL byte in the first 4 KB, and only there', () => {
    const late = new Uint8Array(5000).fill(65);
    late[4500] = 0;
    expect(looksBinary(withPrefix([0x42, 0x00]))).toBe(true);
    expect(looksBinary(table)).toBe(false);
    expect(looksBinary(late)).toBe(false);
  });

  it('the generic table reader claims the text, and refuses it behind a binary prefix', async () => {
    expect((await scores(table))['delimited-text']).toBeGreaterThan(0);
    expect(await scores(withPrefix([0x1f, 0x00, 0x0a]))).toEqual({ 'delimited-text': 0, 'pressure-log': 0 });
  });
});
