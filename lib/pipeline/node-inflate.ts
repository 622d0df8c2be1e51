/**
 * Raw-deflate inflation by Node's zlib with 1 MB outputs, for the readers' zip parts (XLSX sheets,
 * `.ndax` data): `DecompressionStream` hands out 16 KB outputs, each a round trip to the thread
 * pool, and so inflates a worksheet several times slower.
 */
import { createInflateRaw } from 'node:zlib';
import type { ReadOptions } from '../core/readers/reader.ts';
import type { RawInflater } from '../core/readers/zip.ts';

const OUTPUT_CHUNK_BYTES = 1 << 20;

export const nodeInflateRaw: RawInflater = async function* (compressed) {
  const inflater = createInflateRaw({ chunkSize: OUTPUT_CHUNK_BYTES });
  inflater.end(compressed);
  // Leaving the loop early destroys the stream, which frees zlib's state.
  for await (const chunk of inflater as AsyncIterable<Buffer>) {
    // A plain Uint8Array view (not a Buffer subclass) keeps the scanners' byte loads monomorphic.
    yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
};

/** What every Node caller (the CLI, the bench) passes the readers besides a file's own options. */
export const nodeReadOptions: ReadOptions = { inflateRaw: nodeInflateRaw };
