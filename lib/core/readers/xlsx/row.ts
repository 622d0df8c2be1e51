/**
 * One row of a sheet as the scanner fills it: cell kinds, numbers, texts and the style of each
 * numeric cell, by 0-based column.
 */
import { NumberFormatKind, type NumberFormatKindCode } from './number-formats.ts';

/** What a cell holds. */
export const CellKind = { empty: 0, number: 1, string: 2, boolean: 3, error: 4 } as const;
export type CellKindCode = (typeof CellKind)[keyof typeof CellKind];

export type CellValue = number | string | boolean | null;

/**
 * One row of a sheet while it is being visited. The view is reused for the next row: copy what
 * you keep (`values()` returns a fresh array).
 */
export interface SheetRow {
  /** 1-based row number as the sheet numbers it (`<row r="…">`). */
  readonly rowNumber: number;
  /** Number of columns up to the last cell holding a value (its 0-based column index + 1). */
  readonly width: number;
  kind(column: number): CellKindCode;
  /** The number in a numeric cell; NaN for any other cell. */
  numberAt(column: number): number;
  /** The text of a string or error cell, a number or boolean written out, '' when empty. */
  textAt(column: number): string;
  /**
   * What the number of a numeric cell means by its style's number format: a plain number, a
   * calendar date (an Excel serial) or a time or duration (days). `number` for any other cell.
   */
  formatKind(column: number): NumberFormatKindCode;
  values(): CellValue[];
}

const NO_FORMATS = new Uint8Array(0);

/**
 * The reused row: typed arrays for kinds, numbers and styles, so a numeric cell costs three
 * stores. `cellFormatKinds` gives the kind of each `cellXfs` entry of the workbook's styles; it
 * is asked for only when a caller first wants a cell's format kind.
 */
export class RowBuffer implements SheetRow {
  rowNumber = 0;
  width = 0;
  #kinds = new Uint8Array(16);
  #numbers = new Float64Array(16);
  /** The `s` attribute (a `cellXfs` index) of each numeric cell; written with its number. */
  #styles = new Int32Array(16);
  #texts: (string | null)[] = new Array(16).fill(null);
  readonly #cellFormatKinds: () => Uint8Array;
  #formatKinds: Uint8Array | null = null;

  constructor(cellFormatKinds: () => Uint8Array = () => NO_FORMATS) {
    this.#cellFormatKinds = cellFormatKinds;
  }

  reset(rowNumber: number): void {
    // Plain loops: a row is a few cells, shorter than a native fill call costs.
    const kinds = this.#kinds;
    const texts = this.#texts;
    for (let column = 0; column < this.width; column++) {
      kinds[column] = CellKind.empty;
      texts[column] = null;
    }
    this.rowNumber = rowNumber;
    this.width = 0;
  }

  /** A numeric cell; `style` is its `s` attribute (0 when it has none). */
  setNumber(column: number, value: number, style: number): void {
    if (column >= this.width) this.#widen(column);
    this.#kinds[column] = CellKind.number;
    this.#numbers[column] = value;
    this.#styles[column] = style;
  }

  setText(column: number, kind: CellKindCode, text: string): void {
    if (column >= this.width) this.#widen(column);
    this.#kinds[column] = kind;
    this.#texts[column] = text;
  }

  setBoolean(column: number, value: boolean): void {
    if (column >= this.width) this.#widen(column);
    this.#kinds[column] = CellKind.boolean;
    this.#numbers[column] = value ? 1 : 0;
  }

  kind(column: number): CellKindCode {
    return column < this.width ? (this.#kinds[column] as CellKindCode) : CellKind.empty;
  }

  numberAt(column: number): number {
    return column < this.width && this.#kinds[column] === CellKind.number
      ? this.#numbers[column]!
      : Number.NaN;
  }

  formatKind(column: number): NumberFormatKindCode {
    if (column >= this.width || this.#kinds[column] !== CellKind.number) return NumberFormatKind.number;
    this.#formatKinds ??= this.#cellFormatKinds();
    // A style the styles part does not list (or a workbook without one) leaves the number plain.
    return (this.#formatKinds[this.#styles[column]!] ?? NumberFormatKind.number) as NumberFormatKindCode;
  }

  textAt(column: number): string {
    switch (this.kind(column)) {
      case CellKind.number:
        return String(this.#numbers[column]);
      case CellKind.boolean:
        return this.#numbers[column] === 1 ? 'TRUE' : 'FALSE';
      case CellKind.string:
      case CellKind.error:
        return this.#texts[column] ?? '';
      default:
        return '';
    }
  }

  values(): CellValue[] {
    const values: CellValue[] = [];
    for (let column = 0; column < this.width; column++) {
      const kind = this.#kinds[column];
      if (kind === CellKind.number) values.push(this.#numbers[column]!);
      else if (kind === CellKind.boolean) values.push(this.#numbers[column] === 1);
      else if (kind === CellKind.string || kind === CellKind.error) values.push(this.#texts[column] ?? '');
      else values.push(null);
    }
    return values;
  }

  /** Makes `column` the last one, growing the arrays when it lies beyond them. */
  #widen(column: number): void {
    if (column >= this.#kinds.length) {
      const capacity = Math.max(column + 1, this.#kinds.length * 2);
      const kinds = new Uint8Array(capacity);
      kinds.set(this.#kinds);
      const numbers = new Float64Array(capacity);
      numbers.set(this.#numbers);
      const styles = new Int32Array(capacity);
      styles.set(this.#styles);
      this.#kinds = kinds;
      this.#numbers = numbers;
      this.#styles = styles;
      while (this.#texts.length < capacity) this.#texts.push(null);
    }
    this.width = column + 1;
  }
}
