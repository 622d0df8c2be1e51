/**
 * The bytes of the last cell of a text column, to tell whether the next cell repeats it: step
 * names, states and the date of a date-time run unchanged for thousands of rows, so a byte
 * comparison replaces decoding and parsing each one.
 */
const KEPT_BYTES = 64;

export class RepeatedCell {
  readonly #bytes = new Uint8Array(KEPT_BYTES);
  /** -1 when nothing is kept (no cell yet, or the last one was too long to keep). */
  #length = -1;

  /** Whether `bytes[start, end)` equals the remembered cell. */
  matches(bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (length !== this.#length) return false;
    for (let index = 0; index < length; index++)
      if (bytes[start + index] !== this.#bytes[index]) return false;
    return true;
  }

  remember(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length > KEPT_BYTES) {
      this.#length = -1;
      return;
    }
    this.#bytes.set(bytes.subarray(start, end));
    this.#length = length;
  }
}
