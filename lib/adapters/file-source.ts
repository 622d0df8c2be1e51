/** A `ByteSource` over a file on disk: the CLI's and the local platform's way into the readers. */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { type ByteSource, HEAD_BYTES } from '../core/readers/source.ts';

const CHUNK_BYTES = 4 << 20;

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
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    bytes: async () => {
      const buffer = await readFile(path);
      // A plain Uint8Array view of the same memory: no second copy of the file.
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    chunks: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Uint8Array>,
  };
}
