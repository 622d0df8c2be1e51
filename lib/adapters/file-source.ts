/** A `ByteSource` over a file on disk: the CLI's and the local platform's way into the readers. */
import { open, readFile, stat } from 'node:fs/promises';
import { type ByteSource, HEAD_BYTES } from '../core/readers/source.ts';

/**
 * Size of each of the two reused read buffers: fresh buffers per chunk cost a page fault per 4 KB
 * and halve the throughput of every streaming reader. Small enough to stay in the CPU's L2 cache
 * while the reader walks it.
 */
const CHUNK_BYTES = 512 << 10;

/** `name` defaults to the path; pass the job-relative path so messages name what the user uploaded. */
export async function fileSource(path: string, name: string = path): Promise<ByteSource> {
  const { size } = await stat(path);
  return {
    name,
    size,
    head: async () => {
      const handle = await open(path, 'r');
      try {
        const buffer = new Uint8Array(Math.min(HEAD_BYTES, size));
        return buffer.subarray(0, await readFully(handle, buffer, 0));
      } finally {
        await handle.close();
      }
    },
    bytes: async () => {
      const buffer = await readFile(path);
      // A plain Uint8Array view of the same memory: no second copy of the file.
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    chunks: () => readChunks(path),
  };
}

/**
 * The file in order through two reused buffers: while the reader decodes one, the next chunk is
 * already being read into the other (on libuv's thread pool, so on the other core). A buffer is
 * refilled only once the reader has asked for the chunk after it, as `ByteSource.chunks` promises.
 */
async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    yield* chunksOf(handle);
  } finally {
    await handle.close();
  }
}

/** What `chunksOf` needs of an open file: positioned reads. */
export interface PositionedReader {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** The chunks of an open file, read ahead into two reused buffers (see `readChunks`). */
export async function* chunksOf(file: PositionedReader): AsyncGenerator<Uint8Array> {
  const buffers = [new Uint8Array(CHUNK_BYTES), new Uint8Array(CHUNK_BYTES)] as const;
  let position = 0;
  // Each chunk is filled whole (see `readFully`), so the next one, already asked for at
  // `position`, starts where this one ends.
  const readInto = async (buffer: Uint8Array): Promise<Uint8Array> => {
    const at = position;
    position += buffer.length;
    return buffer.subarray(0, await readFully(file, buffer, at));
  };
  let pending: Promise<Uint8Array> | null = readInto(buffers[0]);
  try {
    for (let next = 1; ; next ^= 1) {
      const chunk: Uint8Array = await pending;
      pending = null;
      if (chunk.length === 0) return;
      pending = readInto(buffers[next]!);
      yield chunk;
    }
  } finally {
    // A reader that stops early leaves one read in flight: it must land before the file closes.
    await pending?.catch(() => undefined);
  }
}

/**
 * Fills `buffer` from byte `at` of the file and returns how many bytes it holds: fewer only at the
 * end of the file. A read may return fewer bytes than asked before the end (network file systems
 * do), so it loops.
 */
async function readFully(file: PositionedReader, buffer: Uint8Array, at: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, at + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
