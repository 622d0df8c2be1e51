/**
 * The whole content of a source in one buffer, for binary readers that seek. When the size is
 * known the chunks are copied once into a buffer of that size: a file source's `bytes()` may read
 * the file into one buffer and copy it into another (two buffers of the file's size at the peak,
 * and the copy's time), which for a large `.mpr` is as much memory as the columns it holds.
 */
import type { ByteSource } from './source.ts';

export async function readWhole(source: ByteSource): Promise<Uint8Array> {
  if (source.size === null) return source.bytes();
  let whole = new Uint8Array(source.size);
  let filled = 0;
  for await (const chunk of source.chunks()) {
    if (filled + chunk.byteLength > whole.length) {
      // The content grew since its size was taken: keep all of it.
      const grown = new Uint8Array(Math.max(filled + chunk.byteLength, whole.length * 2));
      grown.set(whole.subarray(0, filled));
      whole = grown;
    }
    whole.set(chunk, filled);
    filled += chunk.byteLength;
  }
  return filled === whole.length ? whole : whole.subarray(0, filled);
}
