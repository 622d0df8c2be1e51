import { describe, expect, it } from 'vitest';
import { ReaderError, TruncatedFileError } from '../../../../lib/core/errors.ts';
import { message } from '../../../../lib/core/messages.ts';
import {
  CellKind,
  type CellValue,
  excelSerialToIso,
  forEachTableRow,
  listSheets,
  NumberFormatKind,
  openWorkbook,
  readSheet,
  sheetNamesFromHead,
} from '../../../../lib/core/readers/xlsx/index.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';
import { type TestCell, writeXlsx } from './write-xlsx.ts';

const mixedRows: TestCell[][] = [
  ['Name', 'Value', 'Flag', 'Note'],
  ['a & <b>', 1.5, true, null],
  ['ünïcödé', -2.5e-7, false, { empty: true }],
  ['x', 44123.480400253473, { error: '#DIV/0!' }, 'last'],
];
const mixedValues: CellValue[][] = [
  ['Name', 'Value', 'Flag', 'Note'],
  ['a & <b>', 1.5, true],
  ['ünïcödé', -2.5e-7, false],
  ['x', 44123.480400253473, '#DIV/0!', 'last'],
];

describe('xlsx workbook reading', () => {
  it('lists sheets in workbook order', () => {
    // Prepare
    const bytes = writeXlsx([
      { name: 'Global_Info', rows: [['a']] },
      { name: 'Channel_1_1', rows: [[1]] },
    ]);
    // Act
    const names = listSheets(bytes);
    // Assess
    expect(names).toEqual(['Global_Info', 'Channel_1_1']);
  });

  it.each([
    ['shared strings', {}],
    ['inline strings', { inlineStrings: true }],
    ['a namespace prefix', { prefix: 'x' }],
    ['cells without references', { omitCellReferences: true }],
  ])('gives numbers as numbers and resolves strings with %s', async (_, options) => {
    // Prepare
    const bytes = writeXlsx([{ name: 'Data', rows: mixedRows }], options);
    // Act
    const values = await readSheet(bytes, 'Data').rowsAsValues();
    // Assess
    expect(values).toEqual(mixedValues);
  });

  it('tells the kind of each cell and keeps dates as Excel serials', async () => {
    // Prepare
    const sheet = readSheet(writeXlsx([{ name: 'Data', rows: mixedRows }]), 'Data');
    const kinds: number[][] = [];
    let serial = Number.NaN;
    // Act
    await sheet.forEachRow((row) => {
      kinds.push([0, 1, 2, 3].map((column) => row.kind(column)));
      if (row.rowNumber === 4) serial = row.numberAt(1);
      return undefined;
    });
    // Assess
    expect(kinds[1]).toEqual([CellKind.string, CellKind.number, CellKind.boolean, CellKind.empty]);
    expect(kinds[3]).toEqual([CellKind.string, CellKind.number, CellKind.error, CellKind.string]);
    expect(serial).toBe(44123.480400253473);
    expect(excelSerialToIso(serial)).toBe('2020-10-19T11:31:46.582');
  });

  it.each([
    ['as written', {}],
    ['written as Excel does (s="1" on plain cells)', { excelStyle: true }],
    ['with a namespace prefix', { prefix: 'x' }],
  ])("tells a number's format kind from its cell style's number format, %s", async (_, options) => {
    // Prepare: ten seconds as a custom elapsed time, a date (built-in 14), an hour (built-in 21 h:mm:ss),
    // a number with decimals, an unstyled number and a text.
    const row: TestCell[] = [
      { number: 10 / 86_400, format: '[h]:mm:ss.000' },
      { number: 45_000.25, format: 14 },
      { number: 1 / 24, format: 21 },
      { number: 3.5, format: '0.00' },
      7,
      'text',
    ];
    const sheet = readSheet(writeXlsx([{ name: 'Data', rows: [row] }], options), 'Data');
    const formats: number[] = [];
    const numbers: number[] = [];
    // Act
    await sheet.forEachRow((cells) => {
      for (let column = 0; column < cells.width; column++) {
        formats.push(cells.formatKind(column));
        numbers.push(cells.numberAt(column));
      }
      return undefined;
    });
    // Assess
    const { number, dateTime, duration } = NumberFormatKind;
    expect(formats).toEqual([duration, dateTime, duration, number, number, number]);
    expect(numbers.slice(0, 5)).toEqual([10 / 86_400, 45_000.25, 1 / 24, 3.5, 7]);
  });

  it('gives every number of a workbook without a styles part the plain-number kind', async () => {
    // Prepare: cells naming styles 1 and 21 that no styles part defines.
    const bytes = writeXlsx([
      {
        name: 'Data',
        rows: [
          [
            { number: 0.5, style: 1 },
            { number: 0.25, style: 21 },
          ],
        ],
      },
    ]);
    const formats: number[] = [];
    // Act
    await readSheet(bytes, 'Data').forEachRow((row) => {
      formats.push(row.formatKind(0), row.formatKind(1));
      return undefined;
    });
    // Assess
    expect(formats).toEqual([NumberFormatKind.number, NumberFormatKind.number]);
  });

  it('streams a large sheet across decompression chunks without losing or repeating a row', async () => {
    // Prepare: ~2 MB of sheet XML, ~400 KB compressed: inflated in more than one 256 KB slice.
    const rows: TestCell[][] = [['Index', 'Square', 'Label']];
    for (let index = 0; index < 20_000; index++)
      rows.push([index, index * index * 1e-3, `row ${index % 97}`]);
    const sheet = readSheet(writeXlsx([{ name: 'Big', rows }]), 'Big');
    let header: string[] = [];
    let count = 0;
    let mismatches = 0;
    // Act
    await forEachTableRow(
      sheet,
      (names) => {
        header = names;
      },
      (row) => {
        if (
          row.numberAt(0) !== count ||
          row.numberAt(1) !== count * count * 1e-3 ||
          row.textAt(2) !== `row ${count % 97}`
        ) {
          mismatches++;
        }
        count++;
        return undefined;
      },
    );
    // Assess
    expect(header).toEqual(['Index', 'Square', 'Label']);
    expect(count).toBe(20_000);
    expect(mismatches).toBe(0);
  });

  it('stops early when the visitor says so', async () => {
    // Prepare
    const sheet = readSheet(writeXlsx([{ name: 'Data', rows: mixedRows }]), 'Data');
    let visited = 0;
    // Act
    await sheet.forEachRow(() => {
      visited++;
      return visited < 2;
    });
    // Assess
    expect(visited).toBe(2);
  });

  it('sees the sheet names from the first bytes, as a format detector does', () => {
    // Prepare
    const bytes = writeXlsx([
      { name: 'Global_Info', rows: [['a']] },
      { name: 'Channel_3_1', rows: [[1]] },
    ]);
    // Act
    const names = sheetNamesFromHead(bytes.subarray(0, 2048));
    // Assess
    expect(names).toEqual(['Global_Info', 'Channel_3_1']);
  });

  it('names the sheets present when asked for one that is not there', () => {
    // Prepare
    const workbook = openWorkbook(writeXlsx([{ name: 'Only', rows: [[1]] }]), 'book.xlsx');
    // Act
    const act = () => workbook.sheet('Missing');
    // Assess
    expect(act).toThrow(ReaderError);
    expect(act).toThrow(message.sheetNotFound('book.xlsx', 'Missing', ['Only']));
  });

  it('calls a file that is not a zip archive not a workbook', () => {
    // Prepare
    const bytes = new TextEncoder().encode('Data_Point,Test_Time\n1,2\n');
    // Act
    const act = () => openWorkbook(bytes, 'plain.csv');
    // Assess
    expect(act).toThrow(message.notAZipArchive('plain.csv'));
  });

  it('calls a workbook cut short truncated', () => {
    // Prepare
    const bytes = writeXlsx([{ name: 'Data', rows: mixedRows }]);
    // Act
    const act = () => openWorkbook(bytes.subarray(0, bytes.length - 30), 'cut.xlsx');
    // Assess
    expect(act).toThrow(TruncatedFileError);
  });
});

describeRealData('xlsx workbook reading of an Arbin MITS Pro export', () => {
  const file = 'navani/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx';

  it('lists its sheets and reads the Global_Info table', async () => {
    // Prepare
    const bytes = await (await realDataSource(file)).bytes();
    // Act
    const workbook = openWorkbook(bytes, file);
    const info = await workbook.sheet('Global_Info').rowsAsValues();
    // Assess
    expect(workbook.sheetNames).toEqual(['Global_Info', 'Channel_11_1']);
    expect(info[3]?.slice(0, 3)).toEqual(['Channel', 'Start DateTime', 'Schedule File Name']);
    expect(info[4]?.[0]).toBe(11);
    expect(info[4]?.[2]).toBe('Ben\\bs542_graphite_slow_rate.sdu');
  });

  it('streams the 4,526 data rows with the header Arbin wrote', async () => {
    // Prepare
    const bytes = await (await realDataSource(file)).bytes();
    let header: string[] = [];
    let rows = 0;
    let lastTime_s = Number.NaN;
    // Act
    await forEachTableRow(
      readSheet(bytes, 'Channel_11_1', file),
      (names) => {
        header = names;
      },
      (row) => {
        rows++;
        lastTime_s = row.numberAt(1);
        return undefined;
      },
    );
    // Assess
    expect(header.slice(0, 3)).toEqual(['Date_Time', 'Test_Time(s)', 'Step_Time(s)']);
    expect(rows).toBe(4526);
    expect(lastTime_s).toBe(1204815.8106799999);
  });

  it('tells the Date_Time column a date by its style, and the times and voltages plain numbers', async () => {
    // Prepare
    const bytes = await (await realDataSource(file)).bytes();
    const kindsOfFirstRow: number[] = [];
    // Act
    await forEachTableRow(
      readSheet(bytes, 'Channel_11_1', file),
      () => undefined,
      (row) => {
        for (let column = 0; column < 6; column++) kindsOfFirstRow.push(row.formatKind(column));
        return false;
      },
    );
    // Assess
    const { number, dateTime } = NumberFormatKind;
    expect(kindsOfFirstRow).toEqual([dateTime, number, number, number, number, number]);
  });
});
