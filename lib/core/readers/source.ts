/**
 * Where a reader's bytes come from. `lib/core` never touches the file system: the CLI and the
 * pipeline hand readers a `ByteSource` built from a file, an S3 object or a buffer.
 */

export interface ByteSource {
  /** File name or job-relative path, used in messages and provenance. */
  readonly name: string;
  /** Size in bytes when known up front (lets text readers size their columns once). */
  readonly size: number | null;
  /** The first bytes of the content (at least `HEAD_BYTES`, or all of it when shorter). */
  head(): Promise<Uint8Array>;
  /** The whole content in one buffer: for binary formats that seek. */
  bytes(): Promise<Uint8Array>;
  /**
   * The content as ordered chunks: for formats that stream. A chunk is valid only until the next
   * one is asked for (a file source reuses two buffers, refilling one while the consumer reads the
   * other, so reading never allocates): a consumer that keeps bytes across chunks copies them.
   */
  chunks(): AsyncIterable<Uint8Array>;
}

/** How much of the head a detector sees. */
export const HEAD_BYTES = 64 * 1024;

/** A source over bytes already in memory; `chunkSize` splits them as a stream would. */
export function bytesSource(name: string, content: Uint8Array, chunkSize = 1 << 20): ByteSource {
  return {
    name,
    size: content.byteLength,
    head: async () => content.subarray(0, HEAD_BYTES),
    bytes: async () => content,
    chunks: async function* () {
      for (let offset = 0; offset < content.byteLength; offset += chunkSize) {
        yield content.subarray(offset, Math.min(offset + chunkSize, content.byteLength));
      }
    },
  };
}
