import { describe, expect, it } from 'vitest';
import { message } from '../../../../lib/core/messages.ts';
import {
  createDelimitedReader,
  genericDelimitedReader,
} from '../../../../lib/core/readers/delimited/index.ts';
import { classifyState } from '../../../../lib/core/readers/delimited/state.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { StepType } from '../../../../lib/core/series.ts';
import {
  cyclingModel,
  type GenericCsvDialect,
  plainDialect,
  writeGenericCsv,
} from '../../../generators/generic-csv.ts';

const model = cyclingModel({ cycles: 2, rowsPerStep: 12 });
const encode = (text: string) => new TextEncoder().encode(text);

function expectRelative(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let row = 0; row < expected.length; row++) {
    const tolerance = 1e-12 * Math.max(Math.abs(expected[row]!), 1e-300);
    expect(Math.abs(actual[row]! - expected[row]!)).toBeLessThanOrEqual(tolerance);
  }
}

async function readText(text: string, name = 'gen.csv') {
  return genericDelimitedReader.read(bytesSource(name, encode(text), 500), {});
}

const dialects: [string, Partial<GenericCsvDialect>][] = [
  ['plain csv in A, V, s', {}],
  ['mA, mV and hours', { currentUnit: 'mA', voltageUnit: 'mV', timeUnit: 'h' }],
  ['minutes after 4 preamble lines, tab separated', { timeUnit: 'min', preambleLines: 4, delimiter: '\t' }],
  ['";" with decimal comma', { delimiter: ';', decimalComma: true }],
  ['every line in quotes', { quoteLines: true }],
];

describe('generic delimited text from a known model reads back exactly', () => {
  for (const [name, overrides] of dialects) {
    it(name, async () => {
      const text = writeGenericCsv(model, { ...plainDialect, ...overrides });

      const series = await readText(text);

      expect(series.rows).toBe(model.time_s.length);
      expectRelative(series.time_s, model.time_s);
      expectRelative(series.voltage_V!, model.voltage_V);
      expectRelative(series.current_A!, model.current_A);
      expectRelative(series.temperature_C!, model.temperature_C);
      expect(Array.from(series.cycleIndex!)).toEqual(model.cycle);
      expect(Array.from(series.stepIndex!)).toEqual(model.step);
    });
  }

  it('a decimal-comma file says so in its issues', async () => {
    const series = await readText(
      writeGenericCsv(model, { ...plainDialect, delimiter: ';', decimalComma: true }),
    );

    expect(series.issues.map((issue) => issue.message)).toContain(message.decimalComma());
  });

  it('milliseconds under a seconds header are recognised from the wall clock', async () => {
    const text = writeGenericCsv(model, { ...plainDialect, timeUnit: 'ms-as-s', dateTime: true });

    const series = await readText(text);

    expectRelative(series.time_s, model.time_s);
    expect(
      series.issues.some(
        (issue) => issue.code === 'unit_guessed' && issue.location.column === 'Test Time (s)',
      ),
    ).toBe(true);
    expect(series.startTime).toBe('2021-03-04T05:06:07');
  });

  it('a date-time as the only time column gives time from the wall clock', async () => {
    const text = writeGenericCsv(model, { ...plainDialect, dateTime: true }).replace(
      'Test Time (s)',
      'Elapsed',
    );

    const series = await readText(text);

    expectRelative(series.time_s, model.time_s);
    expect(series.startTime).toBe('2021-03-04T05:06:07');
  });

  it('a state column turns written magnitudes into signed current', async () => {
    const series = await readText(writeGenericCsv(model, { ...plainDialect, stateColumn: true }));

    expectRelative(series.current_A!, model.current_A);
    expect(series.issues.some((issue) => issue.code === 'sign_convention')).toBe(true);
  });

  it('a state column gives each row the step type of its own text, runs of repeats and changes alike', async () => {
    // Prepare: repeated states, a quoted one, and one longer than the repeat check keeps
    const longRest = `rest ${'x'.repeat(70)}`;
    const states = ['CC_Chg', 'CC_Chg', '"CC_DChg"', '"CC_DChg"', 'Rest', longRest, longRest, 'CC_Chg'];
    const lines = states.map((state, row) => `${row},3.5,${row % 2 ? 0.001 : -0.001},${state}`);
    // Act
    const series = await readText(['Test Time (s),Voltage (V),Current (A),State', ...lines].join('\n'));
    // Assess
    expect(Array.from(series.stepType!)).toEqual(
      states.map((state) => classifyState(state.replace(/^"|"$/g, ''))),
    );
    expect(Array.from(series.stepType!)).toEqual([
      StepType.constantCurrentCharge,
      StepType.constantCurrentCharge,
      StepType.constantCurrentDischarge,
      StepType.constantCurrentDischarge,
      StepType.rest,
      StepType.rest,
      StepType.rest,
      StepType.constantCurrentCharge,
    ]);
  });

  it('a header without units reads canonical units and says which were guessed', async () => {
    const series = await readText('time,voltage,current\n0,3.1,0.001\n1,3.2,0.001\n');

    const guessed = series.issues
      .filter((issue) => issue.code === 'unit_guessed')
      .map((issue) => issue.location.column);
    expect(guessed).toEqual(['time', 'voltage', 'current']);
    expect(Array.from(series.voltage_V!)).toEqual([3.1, 3.2]);
  });

  it('a headerless table is refused without a hint and read with one', async () => {
    const text = '0\t3.1\t0.5\n1\t3.2\t0.5\n';
    const hinted = createDelimitedReader({
      columns: ['t (s)', 'Ewe (V)', 'I (mA)'],
      description: 'the test columns',
    });

    await expect(readText(text, 'plain.txt')).rejects.toThrow(
      message.headerNotFound('plain.txt', 'a header line naming time and voltage or current columns'),
    );
    const series = await hinted.read(bytesSource('plain.txt', encode(text)), {});
    expect(Array.from(series.current_A!)).toEqual([0.0005, 0.0005]);
  });

  it('scores low so that vendor readers win', async () => {
    const probe = await probeOf(bytesSource('gen.csv', encode(writeGenericCsv(model, plainDialect))));

    expect(genericDelimitedReader.detect(probe)).toBe(0.2);
  });
});
