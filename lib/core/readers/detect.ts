/**
 * Format detection from content: every reader scores the probe and the best score wins. The
 * list of readers is passed in (see `catalog.ts`), never registered into global state.
 */
import { UnknownFormatError } from '../errors.ts';
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';
import type { DetectionProbe, Reader, ReadOptions } from './reader.ts';
import type { ByteSource } from './source.ts';
import { latin1Slice } from './text/decode.ts';

export async function probeOf(source: ByteSource): Promise<DetectionProbe> {
  const head = await source.head();
  return { name: source.name, head, headText: latin1Slice(head, 0, head.length), size: source.size };
}

/** The reader that recognises the probe best, or an `UnknownFormatError` saying what was seen. */
export function detectReader(probe: DetectionProbe, readers: readonly Reader[]): Reader {
  if (probe.head.length === 0) {
    throw new UnknownFormatError(message.emptyFile(probe.name), {
      location: { file: probe.name },
      expected: 'a non-empty instrument export',
    });
  }
  let best: Reader | null = null;
  let bestScore = 0;
  for (const reader of readers) {
    const score = reader.detect(probe);
    if (score > bestScore) {
      best = reader;
      bestScore = score;
    }
  }
  if (best === null) {
    throw new UnknownFormatError(message.unknownFormat(probe.name, describeHead(probe.head)), {
      location: { file: probe.name, byteOffset: 0 },
      expected: 'a supported instrument export',
    });
  }
  return best;
}

/** Detects the format of `source` and reads it. */
export async function readSeries(
  source: ByteSource,
  readers: readonly Reader[],
  options: ReadOptions = {},
): Promise<CanonicalSeries> {
  const reader = detectReader(await probeOf(source), readers);
  return reader.read(source, options);
}

function describeHead(head: Uint8Array): string {
  const printable = head
    .subarray(0, 64)
    .every((byte) => byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127));
  if (printable) {
    const firstLine = latin1Slice(head, 0, Math.min(head.length, 80)).split(/\r?\n/)[0] ?? '';
    return `it starts with "${firstLine}"`;
  }
  const hex = Array.from(head.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return `binary content starting with ${hex}`;
}
