import { describe, expect, it } from 'vitest';
import { NonNumericValueError, ReaderError } from '../../../../lib/core/errors.ts';
import { IssueSink } from '../../../../lib/core/issues.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { Float64ColumnBuilder, Int32ColumnBuilder } from '../../../../lib/core/readers/text/columns.ts';
import { type FieldSpec, scanDelimited } from '../../../../lib/core/readers/text/delimited.ts';

const encoder = new TextEncoder();

async function scan(
  text: string,
  options: { delimiter?: string; decimal?: string; chunkSize?: number; required?: boolean[] } = {},
) {
  const columns = [new Float64ColumnBuilder(), new Float64ColumnBuilder(), new Float64ColumnBuilder()];
  const required = options.required ?? [true, true, true];
  const labels: string[] = [];
  const fields: FieldSpec[] = [
    { kind: 'text', name: 'label', onValue: (value, row) => (labels[row] = value) },
    ...columns.map((column, index) => ({
      kind: 'number' as const,
      name: `c${index}`,
      column,
      scale: 1,
      required: required[index]!,
    })),
  ];
  const issues = new IssueSink();
  const bytes = encoder.encode(text);
  const result = await scanDelimited(bytesSource('t.csv', bytes, options.chunkSize ?? 7).chunks(), {
    file: 't.csv',
    delimiter: (options.delimiter ?? ',').charCodeAt(0),
    decimal: (options.decimal ?? '.').charCodeAt(0),
    dataOffset: 0,
    firstDataLine: 1,
    fields,
    issues,
  });
  return {
    result,
    labels,
    values: columns.map((column) => Array.from(column.finish())),
    issues: issues.list(),
  };
}

describe('scanDelimited', () => {
  it('reads the same numbers whatever the chunking, with LF or CRLF line ends', async () => {
    const text = 'a,1,2.5,-3e-3\r\nb,4,5,6\r\n\r\nc,7,8,9.25\n';
    for (const chunkSize of [1, 3, 7, 64, 1 << 20]) {
      const { result, labels, values } = await scan(text, { chunkSize });
      expect(result.rows).toBe(3);
      expect(labels).toEqual(['a', 'b', 'c']);
      expect(values).toEqual([
        [1, 4, 7],
        [2.5, 5, 8],
        [-0.003, 6, 9.25],
      ]);
    }
  });

  it('skips runs of unused fields and unused trailing fields, and still sees a line that ends inside a run', async () => {
    // Prepare: fields 1–3 and 5–6 are not read; the third line ends inside the first run.
    const time = new Float64ColumnBuilder();
    const voltage = new Float64ColumnBuilder();
    const skip: FieldSpec = { kind: 'skip' };
    const fields: FieldSpec[] = [
      { kind: 'number', name: 'time', column: time, scale: 1, required: true },
      skip,
      skip,
      skip,
      { kind: 'number', name: 'voltage', column: voltage, scale: 1, required: false },
      skip,
      skip,
    ];
    const text = '1\tx\ty\tz\t3.5\tu\tv\r\n2\t\t\t\t3.25\r\n3\tx\n4\tx\ty\tz\t3.75\tu\n';
    for (const chunkSize of [1, 5, 1 << 20]) {
      const issues = new IssueSink();
      time.truncate(0);
      voltage.truncate(0);

      // Act
      const result = await scanDelimited(bytesSource('t.tsv', encoder.encode(text), chunkSize).chunks(), {
        file: 't.tsv',
        delimiter: 9,
        decimal: 46,
        dataOffset: 0,
        firstDataLine: 1,
        fields,
        issues,
      });

      // Assess
      expect(result.rows).toBe(4);
      expect(Array.from(time.finish())).toEqual([1, 2, 3, 4]);
      expect(Array.from(voltage.finish())).toEqual([3.5, 3.25, Number.NaN, 3.75]);
    }
  });

  it('reads semicolon-separated decimal-comma tables', async () => {
    const { values } = await scan('x;1,5;2;3,25\ny;-0,5;1E-3;7\n', { delimiter: ';', decimal: ',' });
    expect(values).toEqual([
      [1.5, -0.5],
      [2, 0.001],
      [3.25, 7],
    ]);
  });

  it('drops an unterminated, incomplete last line with a truncated_record issue', async () => {
    const { result, values, issues } = await scan('a,1,2,3\nb,4,5');
    expect(result.rows).toBe(1);
    expect(values).toEqual([[1], [2], [3]]);
    expect(issues.map((issue) => issue.code)).toEqual(['truncated_record']);
  });

  it('names the line and column of a value that is not a number', async () => {
    const error = await scan('a,1,2,3\nb,4,five,6\n').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NonNumericValueError);
    expect((error as NonNumericValueError).location).toEqual({ file: 't.csv', line: 2, column: 'c1' });
    expect((error as Error).message).toContain('"five" is not a number');
  });

  it('refuses a short line in the middle of the data', async () => {
    const error = await scan('a,1,2,3\nb,4\nc,1,2,3\n').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReaderError);
    expect((error as ReaderError).location?.line).toBe(2);
  });

  it('reads empty optional cells as missing values, reported once', async () => {
    const { values, issues } = await scan('a,1,,3\nb,4,,6\nc,7,8,9,extra,fields\n', {
      required: [true, false, true],
    });
    expect(values[1]!.map((value) => (Number.isNaN(value) ? 'NaN' : value))).toEqual(['NaN', 'NaN', 8]);
    expect(values[2]).toEqual([3, 6, 9]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('missing_value');
  });

  it('reads integer fields into int32 columns, rounded, an empty optional cell as 0', async () => {
    // Prepare: EC-Lab writes its cycle number as a float (`2.000000000000000E+000`)
    const cycle = new Int32ColumnBuilder();
    const voltage = new Float64ColumnBuilder();
    const text = '1.000000000000000E+000\t3.5\n2.000000000000000E+000\t3.6\n\t3.7\n3\t3.8\n7';
    const issues = new IssueSink();
    // Act
    const result = await scanDelimited(bytesSource('t.mpt', encoder.encode(text), 5).chunks(), {
      file: 't.mpt',
      delimiter: 9,
      decimal: 46,
      dataOffset: 0,
      firstDataLine: 1,
      fields: [
        { kind: 'integer', name: 'cycle number', column: cycle, required: false },
        { kind: 'number', name: 'Ewe/V', column: voltage, scale: 1, required: true },
      ],
      issues,
    });
    // Assess: the unterminated, incomplete last line is rolled back in both columns
    expect(result.rows).toBe(4);
    expect(cycle.finish()).toEqual(Int32Array.from([1, 2, 0, 3]));
    expect(Array.from(voltage.finish())).toEqual([3.5, 3.6, 3.7, 3.8]);
    expect(issues.list().map((issue) => issue.code)).toEqual(['missing_value', 'truncated_record']);
  });

  it('refuses text in an integer field, naming line and column', async () => {
    // Prepare
    const fields: FieldSpec[] = [
      { kind: 'integer', name: 'Ns', column: new Int32ColumnBuilder(), required: false },
    ];
    // Act
    const error = await scanDelimited(bytesSource('t.mpt', encoder.encode('1\nx2\n')).chunks(), {
      file: 't.mpt',
      delimiter: 9,
      decimal: 46,
      dataOffset: 0,
      firstDataLine: 1,
      fields,
      issues: new IssueSink(),
    }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(NonNumericValueError);
    expect((error as NonNumericValueError).location).toEqual({ file: 't.mpt', line: 2, column: 'Ns' });
  });
});
