/**
 * Growable typed columns. Readers size them once from the file size and the first lines'
 * length, so memory follows the canonical columns and not the file's text; without a hint
 * they grow by half again each time.
 */

type NumericArray = Float64Array | Int32Array | Uint8Array;
type NumericArrayConstructor<T extends NumericArray> = { new (length: number): T };

/** Slack above which `finish` copies to a right-sized array instead of returning a view. */
const MAX_SLACK = 0.25;

class ColumnBuilder<T extends NumericArray> {
  protected values: T;
  protected filled = 0;
  private readonly make: NumericArrayConstructor<T>;

  constructor(make: NumericArrayConstructor<T>, capacity = 1024) {
    this.make = make;
    this.values = new make(Math.max(16, Math.ceil(capacity)));
  }

  get length(): number {
    return this.filled;
  }

  /** Appends one value; the subclasses repeat this body on purpose (see `Float64ColumnBuilder.push`). */
  push(value: number): void {
    if (this.filled === this.values.length) this.grow(this.filled + 1);
    this.values[this.filled++] = value;
  }

  /** Value at a row already pushed. */
  at(row: number): number {
    return this.values[row]!;
  }

  set(row: number, value: number): void {
    this.values[row] = value;
  }

  /** Raises the capacity to at least `capacity` rows (a better estimate arrived). */
  reserve(capacity: number): void {
    if (capacity > this.values.length) this.grow(capacity);
  }

  /** Drops rows from `length` on (a truncated last record). */
  truncate(length: number): void {
    this.filled = Math.min(this.filled, length);
  }

  finish(): T {
    const capacity = this.values.length;
    if (capacity - this.filled <= capacity * MAX_SLACK) return this.values.subarray(0, this.filled) as T;
    return this.values.slice(0, this.filled) as T;
  }

  protected grow(minimum: number): void {
    const next = new this.make(Math.max(minimum, Math.ceil(this.values.length * 1.5)));
    // Copy only the rows written: the zero pages of unused capacity are never touched, so they cost
    // address space but no resident memory.
    next.set(this.values.subarray(0, this.filled));
    this.values = next;
  }
}

export class Float64ColumnBuilder extends ColumnBuilder<Float64Array> {
  constructor(capacity?: number) {
    super(Float64Array, capacity);
  }

  /**
   * The scanners' per-value call. Its own method (not the base class's) so V8's feedback for the
   * store sees only Float64Array and the call inlines into the scan loop; the shared one is
   * polymorphic over the three element kinds and several times slower.
   */
  override push(value: number): void {
    if (this.filled === this.values.length) this.grow(this.filled + 1);
    this.values[this.filled++] = value;
  }
}

export class Int32ColumnBuilder extends ColumnBuilder<Int32Array> {
  constructor(capacity?: number) {
    super(Int32Array, capacity);
  }

  /** The scanners' per-value call for integer columns: its own method for the reason `Float64ColumnBuilder.push` gives. */
  override push(value: number): void {
    if (this.filled === this.values.length) this.grow(this.filled + 1);
    this.values[this.filled++] = value;
  }
}

export class Uint8ColumnBuilder extends ColumnBuilder<Uint8Array> {
  constructor(capacity?: number) {
    super(Uint8Array, capacity);
  }
}

export type AnyColumnBuilder = Float64ColumnBuilder | Int32ColumnBuilder | Uint8ColumnBuilder;
