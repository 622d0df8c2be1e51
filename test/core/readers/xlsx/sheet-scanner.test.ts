import { describe, expect, it } from 'vitest';
import { NumberFormatKind } from '../../../../lib/core/readers/xlsx/number-formats.ts';
import { CellKind, type CellValue } from '../../../../lib/core/readers/xlsx/row.ts';
import { type SheetContext, scanSheet } from '../../../../lib/core/readers/xlsx/sheet-scanner.ts';

const encoder = new TextEncoder();
const sharedStrings = ['Voltage(V)', 'CC Chg', 'a & b'];

/**
 * A sheet in the shapes writers produce: Excel's usual cells (`r` first, a style, 17 digits),
 * shared and inline strings, a formula, booleans, errors, empty cells, cells without `r` or with
 * `r` after other attributes, a prefixed cell, a comment and odd spacing. Each number's expected
 * value is `Number` of the text written, each string the text before escaping.
 */
const SHEET = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
  '<dimension ref="A1:F5"/><sheetData>',
  '<row r="1" spans="1:4"><c r="A1" s="13" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Time &amp; date</t></is></c>',
  '<c r="C1" t="str"><f>A1&amp;"x"</f><v>Voltage(V)x</v></c><c r="D1" t="s"><v>2</v></c></row>',
  '<row r="2" spans="1:6" x14ac:dyDescent="0.25"><c r="A2" s="17"><v>44123.480400253473</v></c>',
  '<c r="B2" s="1"><v>1.0009999999999999</v></c><c r="C2" s="1"/><c r="D2" s="1"><v>-3.1280517578125E-4</v></c>',
  '<c r="E2" s="1" t="b"><v>1</v></c><c r="F2" t="e"><v>#DIV/0!</v></c></row>',
  '<row r="3"><c><v>7</v></c><c><v>8.5</v></c><c s="2" r="E3" t="n"><v>12345678901234567890</v></c></row>',
  '<row r="4"><x:c r="B4"><x:v>2.5</x:v></x:c><!-- a comment --><c r="C4" s="1" t="s"><v>1</v></c>',
  '<c r="D4"><v> 42 </v></c><c r="E4"><v></v></c><c\nr="F4"\ns="1"><v>6.02214076E+23</v></c></row>',
  '<row spans="1:1"><c r="A5"><v>1e-7</v></c></row>',
  '</sheetData><pageMargins left="0.7"/></worksheet>',
].join('');

const EXPECTED: { rowNumber: number; values: CellValue[] }[] = [
  { rowNumber: 1, values: ['Voltage(V)', 'Time & date', 'Voltage(V)x', 'a & b'] },
  {
    rowNumber: 2,
    values: [
      Number('44123.480400253473'),
      Number('1.0009999999999999'),
      null,
      Number('-3.1280517578125E-4'),
      true,
      '#DIV/0!',
    ],
  },
  { rowNumber: 3, values: [7, 8.5, null, null, Number('12345678901234567890')] },
  { rowNumber: 4, values: [null, 2.5, 'CC Chg', 42, null, Number('6.02214076E+23')] },
  { rowNumber: 5, values: [Number('1e-7')] },
];

/**
 * Format kinds by style index for SHEET: 1 and 2 (the `s="2"` written before `r`) and 13 are
 * times, 17 a date; 0, the style of a cell without `s`, is a plain number.
 */
const { number: N, dateTime: D, duration: T } = NumberFormatKind;
const FORMAT_KINDS = new Uint8Array(18);
FORMAT_KINDS.set([T, T], 1);
FORMAT_KINDS[13] = T;
FORMAT_KINDS[17] = D;

/** The format kind of each cell of SHEET: its style's for a numeric cell, a plain number for any other. */
const EXPECTED_FORMATS: number[][] = [
  [N, N, N, N],
  [D, T, N, T, N, N],
  [N, N, N, N, T],
  [N, N, N, N, N, T],
  [N],
];

async function* piecesOf(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.slice(start, cut);
    start = cut;
  }
}

/** The rows of the sheet, each chunk scanned as it comes so that every cut reaches the scanner. */
async function rowsOf(
  chunks: AsyncIterable<Uint8Array>,
  stopAfter = Number.POSITIVE_INFINITY,
): Promise<{ rowNumber: number; values: CellValue[] }[]> {
  const rows: { rowNumber: number; values: CellValue[] }[] = [];
  await scanSheet(
    chunks,
    { sharedStrings: () => sharedStrings, cellFormatKinds: () => new Uint8Array(0) },
    (row) => {
      rows.push({ rowNumber: row.rowNumber, values: row.values() });
      return rows.length < stopAfter;
    },
    1,
  );
  return rows;
}

/** The format kind of every cell of every row, each chunk scanned as it comes. */
async function formatsOf(chunks: AsyncIterable<Uint8Array>): Promise<number[][]> {
  const formats: number[][] = [];
  await scanSheet(
    chunks,
    { sharedStrings: () => sharedStrings, cellFormatKinds: () => FORMAT_KINDS },
    (row) => {
      formats.push(Array.from({ length: row.width }, (_, column) => row.formatKind(column)));
      return undefined;
    },
    1,
  );
  return formats;
}

describe('xlsx sheet scanning', () => {
  it('reads every cell shape as the text written says', async () => {
    // Act
    const rows = await rowsOf(piecesOf(encoder.encode(SHEET), []));
    // Assess
    expect(rows).toEqual(EXPECTED);
  });

  it('gives the same rows wherever the inflated XML is cut in two', async () => {
    // Prepare
    const bytes = encoder.encode(SHEET);
    const differing: number[] = [];
    // Act
    for (let cut = 1; cut < bytes.length; cut++) {
      const rows = await rowsOf(piecesOf(bytes, [cut]));
      if (JSON.stringify(rows) !== JSON.stringify(EXPECTED)) differing.push(cut);
    }
    // Assess
    expect(differing).toEqual([]);
  });

  it('gives the same rows when the XML arrives one byte at a time', async () => {
    // Prepare
    const bytes = encoder.encode(SHEET);
    const cuts = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
    // Act
    const rows = await rowsOf(piecesOf(bytes, cuts));
    // Assess
    expect(rows).toEqual(EXPECTED);
  });

  it('reads a row longer than a scan batch whole, from small chunks', async () => {
    // Prepare: one row of 20,000 cells (~700 KB), handed over in 1000-byte chunks.
    const cells = Array.from({ length: 20_000 }, (_, index) => `<c><v>${index * 0.25}</v></c>`).join('');
    const bytes = encoder.encode(
      `<worksheet><sheetData><row r="1">${cells}</row><row r="2"/></sheetData></worksheet>`,
    );
    const cuts = Array.from({ length: Math.floor(bytes.length / 1000) }, (_, index) => (index + 1) * 1000);
    const widths: number[] = [];
    let wrong = 0;
    // Act
    await scanSheet(
      piecesOf(bytes, cuts),
      { sharedStrings: () => [], cellFormatKinds: () => new Uint8Array(0) },
      (row) => {
        widths.push(row.width);
        for (let column = 0; column < row.width; column++) {
          if (row.kind(column) !== CellKind.number || row.numberAt(column) !== column * 0.25) wrong++;
        }
        return undefined;
      },
      1,
    );
    // Assess
    expect(widths).toEqual([20_000, 0]);
    expect(wrong).toBe(0);
  });

  it("tells each numeric cell's format kind by its style, in the usual cell and any other spelling", async () => {
    // Act
    const formats = await formatsOf(piecesOf(encoder.encode(SHEET), []));
    // Assess
    expect(formats).toEqual(EXPECTED_FORMATS);
  });

  it('gives the same format kinds wherever the inflated XML is cut in two', async () => {
    // Prepare
    const bytes = encoder.encode(SHEET);
    const differing: number[] = [];
    // Act
    for (let cut = 1; cut < bytes.length; cut++) {
      const formats = await formatsOf(piecesOf(bytes, [cut]));
      if (JSON.stringify(formats) !== JSON.stringify(EXPECTED_FORMATS)) differing.push(cut);
    }
    // Assess
    expect(differing).toEqual([]);
  });

  it('reads the styles only when a format kind is first asked for, and then once', async () => {
    // Prepare
    let loads = 0;
    const context: SheetContext = {
      sharedStrings: () => sharedStrings,
      cellFormatKinds: () => {
        loads++;
        return FORMAT_KINDS;
      },
    };
    const loadsBeforeAsking: number[] = [];
    // Act
    await scanSheet(piecesOf(encoder.encode(SHEET), []), context, (row) => {
      loadsBeforeAsking.push(loads);
      if (row.rowNumber >= 2) row.formatKind(0);
      return undefined;
    });
    // Assess
    expect(loadsBeforeAsking).toEqual([0, 0, 1, 1, 1]);
    expect(loads).toBe(1);
  });

  it('stops at the row where the visitor says so', async () => {
    // Act
    const rows = await rowsOf(piecesOf(encoder.encode(SHEET), [300, 600]), 2);
    // Assess
    expect(rows.map((row) => row.rowNumber)).toEqual([1, 2]);
  });
});
