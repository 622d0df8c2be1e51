/**
 * Writes Neware BTS Excel exports (.xlsx) from a known cycling model, so the reader can be checked
 * against the model's own numbers.
 *
 * Layouts: BTS 8.x (`unit`, `test`, `cycle`, `step`, `record` sheets in English; `单位`, `测试`,
 * `循环`, `工步`, `记录` in Chinese) and BTS 7.x (`Info`, `Cycle_1_1_1`, `Statis_1_1_1`,
 * `Detail_1_1_1`). The records are split over several record sheets after `rowsPerSheet` rows, as
 * BTSDA does past Excel's row limit. Durations are `h:mm:ss.mmm` text, or Excel time cells (a
 * number of days in a time format); the record date is text or an Excel serial.
 *
 * Model (the one of `neware-csv.ts`): each cycle runs the given steps; a step holds a constant
 * current (mA, negative on discharge) for its duration, recorded every `interval_s`; voltage
 * rises linearly with the charge moved in the step (3.6 V + 0.2 V per mAh, sign by direction).
 * Neware's capacity counters restart at every step; its cycle sheet holds, per cycle, the sum
 * over steps of each step's final charge and discharge counters.
 */
import {
  type FormattedNumber,
  type TestCell,
  type TestSheet,
  writeXlsx,
} from '../core/readers/xlsx/write-xlsx.ts';
import {
  formatDuration,
  type NewareCsvExpectation,
  type NewareModelStep,
  type NewareModelStepType,
} from './neware-csv.ts';

export interface NewareXlsxOptions {
  layout: 'bts8' | 'bts7';
  /** Header and sheet language of a BTS 8 export (BTS 7 exports are written in English). */
  language: 'en' | 'zh';
  cycles: number;
  steps: readonly NewareModelStep[];
  /** Record interval, s: a multiple of 0.5 keeps every time exact in binary. */
  interval_s: number;
  /** How the record date is written: `YYYY-MM-DD hh:mm:ss` text or an Excel serial number. */
  dateStyle: 'text' | 'serial';
  /** Records per record sheet; the rest continue on the next record sheet. */
  rowsPerSheet: number;
  /** Whether a continuation record sheet repeats the header row. */
  repeatHeader: boolean;
  /** Wall-clock time of the first record, whole seconds. */
  start: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  /**
   * When given, durations are Excel time cells: the number of days (seconds / 86 400) shown in
   * this number format, a format code such as `[h]:mm:ss.000` or a built-in id such as 21
   * (`h:mm:ss`). Otherwise they are `h:mm:ss.mmm` text.
   */
  durationFormat?: string | number;
}

/** What a reader must return: the model's values exactly as written in the cells, plus the cycle sheet. */
export interface NewareXlsxExpectation extends NewareCsvExpectation {
  /** The cycle sheet's totals, from the model. */
  cycles: { cycle: number; chargeCapacity_Ah: number; dischargeCapacity_Ah: number }[];
}

interface Vocabulary {
  sheets: { info: string[]; cycle: string; step: string; record: string[] };
  record: string[];
  cycle: string[];
  step: string[];
  stepName: (type: NewareModelStepType) => string;
}

const englishStepNames: Record<NewareModelStepType, string> = {
  Rest: 'Rest',
  'CC Chg': 'CC Chg',
  'CC DChg': 'CC DChg',
  'CV Chg': 'CV Chg',
};

const chineseStepNames: Record<NewareModelStepType, string> = {
  Rest: '搁置',
  'CC Chg': '恒流充电',
  'CC DChg': '恒流放电',
  'CV Chg': '恒压充电',
};

const recordSheetNames = (base: string, count: number, separator: string) =>
  Array.from({ length: count }, (_, part) => (part === 0 ? base : `${base}${separator}${part + 1}`));

function vocabularyOf(options: NewareXlsxOptions, recordSheets: number): Vocabulary {
  if (options.layout === 'bts7') {
    return {
      sheets: {
        info: ['Info'],
        cycle: 'Cycle_1_1_1',
        step: 'Statis_1_1_1',
        record: recordSheetNames('Detail_1_1_1', recordSheets, '_'),
      },
      record: [
        'Record Index',
        'Status',
        'JumpTo',
        'Cycle',
        'Step',
        'Cur(mA)',
        'Voltage(V)',
        'CapaCity(mAh)',
        'Energy(mWh)',
        'Relative Time(h:min:s.ms)',
        'Absolute Time',
      ],
      cycle: ['Cycle', 'Cap_Chg(mAh)', 'Cap_DChg(mAh)', 'Efficiency(%)'],
      step: ['Channel', 'CyCle', 'Step', 'Raw Step ID', 'Status', 'CapaCity(mAh)'],
      stepName: (type) => type.replace(' ', '_'),
    };
  }
  if (options.language === 'zh') {
    return {
      sheets: {
        info: ['单位', '测试'],
        cycle: '循环',
        step: '工步',
        record: recordSheetNames('记录', recordSheets, '_'),
      },
      record: [
        '数据序号',
        '循环号',
        '工步号',
        '工步类型',
        '时间',
        '总时间',
        '电流(A)',
        '电压(V)',
        '容量(Ah)',
        '比容量(mAh/g)',
        '充电容量(Ah)',
        '充电比容量(mAh/g)',
        '放电容量(Ah)',
        '放电比容量(mAh/g)',
        '能量(Wh)',
        '日期',
        '功率(W)',
      ],
      cycle: ['循环号', '充电容量(Ah)', '放电容量(Ah)', '充放电效率(%)', '充电能量(Wh)', '放电能量(Wh)'],
      step: ['循环号', '工步号', '工步序号', '工步类型', '工步时间', '起始日期', '结束日期', '容量(Ah)'],
      stepName: (type) => chineseStepNames[type],
    };
  }
  return {
    sheets: {
      info: ['unit', 'test'],
      cycle: 'cycle',
      step: 'step',
      record: recordSheetNames('record', recordSheets, '_'),
    },
    record: [
      'DataPoint',
      'Cycle Index',
      'Step Index',
      'Step Type',
      'Time',
      'Total Time',
      'Current(A)',
      'Voltage(V)',
      'Capacity(Ah)',
      'Spec. Cap.(mAh/g)',
      'Chg. Cap.(Ah)',
      'Chg. Spec. Cap.(mAh/g)',
      'DChg. Cap.(Ah)',
      'DChg. Spec. Cap.(mAh/g)',
      'Energy(Wh)',
      'Date',
      'Power(W)',
    ],
    cycle: [
      'Cycle Index',
      'Chg. Cap.(Ah)',
      'DChg. Cap.(Ah)',
      'Chg.-DChg. Eff(%)',
      'Chg. Energy(Wh)',
      'DChg. Energy(Wh)',
    ],
    step: [
      'Cycle Index',
      'Step Index',
      'Step Number',
      'Step Type',
      'Step Time',
      'Oneset Date',
      'End Date',
      'Capacity(Ah)',
    ],
    stepName: (type) => englishStepNames[type],
  };
}

/** Active mass of the model cell, g: only for the specific-capacity distractor columns. */
const MASS_G = 0.01;

/** The workbook's sheets (to tamper with in tests), its bytes, and what a reader must return. */
export function generateNewareXlsx(options: NewareXlsxOptions): {
  sheets: TestSheet[];
  bytes: Uint8Array;
  expected: NewareXlsxExpectation;
} {
  const expected: NewareXlsxExpectation = {
    rows: 0,
    time_s: [],
    voltage_V: [],
    current_A: [],
    chargeCapacity_Ah: [],
    dischargeCapacity_Ah: [],
    cycleIndex: [],
    stepIndex: [],
    stepType: [],
    startTime: wallClock(options.start, 0).toISOString().slice(0, 19),
    cycles: [],
  };
  const recordRows: TestCell[][] = [];
  const stepRows: TestCell[][] = [];
  let record = 0;
  let stepNumber = 0;
  let testTime_s = 0;
  const bts7 = options.layout === 'bts7';
  const vocabulary = vocabularyOf(options, 1);
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    const total = { charge_Ah: 0, discharge_Ah: 0 };
    for (const step of options.steps) {
      stepNumber++;
      const direction = Math.sign(step.current_mA);
      const samples = Math.round(step.duration_s / options.interval_s);
      let counter_Ah = 0;
      for (let k = 0; k <= samples; k++) {
        const stepTime_s = k * options.interval_s;
        const time_s = testTime_s + stepTime_s;
        counter_Ah = round((Math.abs(step.current_mA) * stepTime_s) / 3600 / 1000, 12);
        const voltage_V = round(3.6 + direction * 0.2 * counter_Ah * 1000, 4);
        const current_A = round(step.current_mA / 1000, 9);
        const charge_Ah = direction > 0 ? counter_Ah : 0;
        const discharge_Ah = direction < 0 ? counter_Ah : 0;
        const date = dateCell(options, time_s);
        record++;
        recordRows.push(
          bts7
            ? [
                record,
                vocabulary.stepName(step.type),
                0,
                cycle,
                stepNumber,
                step.current_mA,
                voltage_V,
                counter_Ah * 1000,
                round(counter_Ah * voltage_V * 1000, 9),
                durationCell(options, stepTime_s),
                date,
              ]
            : [
                record,
                cycle,
                stepNumber,
                vocabulary.stepName(step.type),
                durationCell(options, stepTime_s),
                durationCell(options, time_s),
                current_A,
                voltage_V,
                counter_Ah,
                (counter_Ah * 1000) / MASS_G,
                charge_Ah,
                (charge_Ah * 1000) / MASS_G,
                discharge_Ah,
                (discharge_Ah * 1000) / MASS_G,
                round(counter_Ah * voltage_V, 12),
                date,
                round(current_A * voltage_V, 12),
              ],
        );
        expected.time_s.push(time_s);
        expected.voltage_V.push(voltage_V);
        expected.current_A.push(bts7 ? step.current_mA * 1e-3 : current_A);
        expected.chargeCapacity_Ah.push(bts7 ? (direction > 0 ? counter_Ah * 1000 * 1e-3 : 0) : charge_Ah);
        expected.dischargeCapacity_Ah.push(
          bts7 ? (direction < 0 ? counter_Ah * 1000 * 1e-3 : 0) : discharge_Ah,
        );
        expected.cycleIndex.push(cycle);
        expected.stepIndex.push(stepNumber);
        expected.stepType.push(step.type);
      }
      if (direction > 0) total.charge_Ah += counter_Ah;
      if (direction < 0) total.discharge_Ah += counter_Ah;
      stepRows.push([
        cycle,
        stepNumber,
        options.steps.indexOf(step) + 1,
        vocabulary.stepName(step.type),
        durationCell(options, step.duration_s),
        dateCell(options, testTime_s),
        dateCell(options, testTime_s + step.duration_s),
        counter_Ah,
      ]);
      testTime_s += step.duration_s;
    }
    expected.cycles.push({
      cycle,
      chargeCapacity_Ah: total.charge_Ah,
      dischargeCapacity_Ah: total.discharge_Ah,
    });
  }
  expected.rows = record;

  const parts = Math.max(1, Math.ceil(recordRows.length / options.rowsPerSheet));
  const names = vocabularyOf(options, parts).sheets;
  const recordSheets: TestSheet[] = names.record.map((name, part) => {
    const rows = recordRows.slice(part * options.rowsPerSheet, (part + 1) * options.rowsPerSheet);
    return { name, rows: part === 0 || options.repeatHeader ? [vocabulary.record, ...rows] : rows };
  });
  const cycleRows: TestCell[][] = expected.cycles.map((cycle) => {
    const charge = bts7 ? cycle.chargeCapacity_Ah * 1000 : cycle.chargeCapacity_Ah;
    const discharge = bts7 ? cycle.dischargeCapacity_Ah * 1000 : cycle.dischargeCapacity_Ah;
    return [cycle.cycle, charge, discharge, charge > 0 ? round((100 * discharge) / charge, 4) : 0, 0, 0];
  });
  const infoSheets: TestSheet[] = names.info.map((name) => ({
    name,
    rows: [
      [name, 'BTS 8.0', null, 'Device', '240095-1-1'],
      ['Start Step ID', 1, null, 'Voltage Upper(V)', 4.5],
      ['Cycle Count', options.cycles, null, 'Voltage Lower(V)', 2.5],
    ],
  }));
  const sheets: TestSheet[] = [
    ...infoSheets,
    { name: names.cycle, rows: [vocabulary.cycle, ...cycleRows] },
    { name: names.step, rows: [vocabulary.step, ...stepRows] },
    ...recordSheets,
  ];
  return { sheets, bytes: writeXlsx(sheets), expected };
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

function wallClock(start: NewareXlsxOptions['start'], offset_s: number): Date {
  const ms =
    Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute, start.second) +
    offset_s * 1000;
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** A duration as `h:mm:ss.mmm` text, or as the Excel time cell of `durationFormat`. */
function durationCell(options: NewareXlsxOptions, duration_s: number): string | FormattedNumber {
  if (options.durationFormat === undefined) return formatDuration(duration_s, 'hms');
  return { number: duration_s / 86_400, format: options.durationFormat };
}

/** The record date as BTSDA writes it: whole-second wall-clock text, or the Excel serial of that time. */
function dateCell(options: NewareXlsxOptions, offset_s: number): TestCell {
  const date = wallClock(options.start, offset_s);
  if (options.dateStyle === 'serial') return 25569 + date.getTime() / 86_400_000;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
