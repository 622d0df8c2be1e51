/**
 * A forward-only cursor over a source's chunks, so the `.mpr` reader can walk the modules and decode
 * the records as the bytes arrive instead of holding the whole file beside its columns. `take` hands
 * out copies (its bytes are kept: module headers, the LOG); `piece` hands out a view of the chunk,
 * valid until the cursor moves on, for decoding in place.
 */

const NO_BYTES = new Uint8Array(0);

export class ByteCursor {
  private chunk: Uint8Array = NO_BYTES;
  /** Read position inside `chunk`. */
  private at = 0;
  /** Absolute offset of `chunk[0]` in the stream. */
  private chunkOffset = 0;

  constructor(private readonly chunks: AsyncIterator<Uint8Array>) {}

  static of(chunks: AsyncIterable<Uint8Array>): ByteCursor {
    return new ByteCursor(chunks[Symbol.asyncIterator]());
  }

  /** Absolute offset of the next byte. */
  get offset(): number {
    return this.chunkOffset + this.at;
  }

  /** True when the stream holds no more bytes. */
  async atEnd(): Promise<boolean> {
    return !(await this.ensureBytes());
  }

  /** A copy of the next `count` bytes; fewer only when the stream ends first. */
  async take(count: number): Promise<Uint8Array> {
    if (this.chunk.length - this.at >= count) return this.advance(count).slice();
    const out = new Uint8Array(count);
    let filled = 0;
    while (filled < count && (await this.ensureBytes())) {
      const piece = this.advance(Math.min(count - filled, this.chunk.length - this.at));
      out.set(piece, filled);
      filled += piece.length;
    }
    return filled === count ? out : out.subarray(0, filled);
  }

  /**
   * The next at most `count` bytes that lie in one chunk, without a copy (valid until the cursor
   * moves on); empty at the end of the stream.
   */
  async piece(count: number): Promise<Uint8Array> {
    if (!(await this.ensureBytes())) return NO_BYTES;
    return this.advance(Math.min(count, this.chunk.length - this.at));
  }

  /** Skips `count` bytes; returns how many there were. */
  async skip(count: number): Promise<number> {
    let skipped = 0;
    while (skipped < count) {
      const piece = await this.piece(count - skipped);
      if (piece.length === 0) break;
      skipped += piece.length;
    }
    return skipped;
  }

  private advance(count: number): Uint8Array {
    const piece = this.chunk.subarray(this.at, this.at + count);
    this.at += count;
    return piece;
  }

  /** Moves to the next non-empty chunk when the current one is used up; false at the end. */
  private async ensureBytes(): Promise<boolean> {
    while (this.at === this.chunk.length) {
      const next = await this.chunks.next();
      if (next.done) return false;
      this.chunkOffset += this.chunk.length;
      this.chunk = plainBytes(next.value);
      this.at = 0;
    }
    return true;
  }
}

/**
 * A plain `Uint8Array` view of a chunk: streams hand out Node `Buffer`s, and decoding loops that see
 * both a `Buffer` and a `Uint8Array` lose their optimised code.
 */
function plainBytes(chunk: Uint8Array): Uint8Array {
  return chunk.constructor === Uint8Array
    ? chunk
    : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
