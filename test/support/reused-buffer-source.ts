/**
 * A source that hands out its chunks the way `fileSource` does, through one buffer refilled for
 * every chunk, and poisons that buffer before each refill: a reader that keeps a chunk's bytes
 * without copying them reads 0xEE garbage instead of the file.
 */
import type { ByteSource } from '../../lib/core/readers/source.ts';
import { bytesSource } from '../../lib/core/readers/source.ts';

const POISON = 0xee;

export function reusedBufferSource(name: string, content: Uint8Array, chunkBytes: number): ByteSource {
  const plain = bytesSource(name, content);
  return {
    ...plain,
    chunks: async function* () {
      const buffer = new Uint8Array(chunkBytes);
      for (let offset = 0; offset < content.byteLength; offset += chunkBytes) {
        buffer.fill(POISON);
        const piece = content.subarray(offset, Math.min(offset + chunkBytes, content.byteLength));
        buffer.set(piece);
        yield buffer.subarray(0, piece.length);
      }
      buffer.fill(POISON);
    },
  };
}
