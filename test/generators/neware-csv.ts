/**
 * Writes Neware BTS flat CSV exports from a known cycling model, in English (BTS 7/8) or Chinese
 * headers, so a reader can be checked against the model's own numbers.
 *
 * Model: each cycle runs the given steps; a step holds a constant current (mA, negative on
 * discharge) for its duration; records every `interval_s`; voltage rises linearly with the charge
 * moved in the step (3.6 V + 0.2 V per mAh, sign by direction). Neware's capacity counters restart
 * at every step, and so do the written `Capacity`, `Chg. Cap.` and `DChg. Cap.` columns.
 */

export type NewareModelStepType = 'Rest' | 'CC Chg' | 'CC DChg' | 'CV Chg';

export interface NewareModelStep {
  type: NewareModelStepType;
  duration_s: number;
  current_mA: number;
}

export interface NewareCsvOptions {
  language: 'en' | 'zh';
  cycles: number;
  steps: readonly NewareModelStep[];
  /** Record interval, s: a multiple of 0.5 keeps every time exact in binary. */
  interval_s: number;
  /** `hms`: `h:mm:ss.sss`; `dhms`: `d-hh:mm:ss` (whole-second intervals only). */
  durationStyle: 'hms' | 'dhms';
  /** Wall-clock time of the first record, whole seconds. */
  start: { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** What a reader must return: the model's values as written (numbers parsed from the printed text). */
export interface NewareCsvExpectation {
  rows: number;
  time_s: number[];
  voltage_V: number[];
  current_A: number[];
  chargeCapacity_Ah: number[];
  dischargeCapacity_Ah: number[];
  cycleIndex: number[];
  stepIndex: number[];
  stepType: NewareModelStepType[];
  /** ISO wall-clock start, without zone. */
  startTime: string;
}

const englishHeader = [
  'Record ID',
  'Cycle ID',
  'Step ID',
  'Step Type',
  'Time(h:min:s.ms)',
  'Voltage(V)',
  'Current(mA)',
  'Capacity(mAh)',
  'Chg. Cap.(mAh)',
  'DChg. Cap.(mAh)',
  'Realtime',
  'Total Time',
];

const chineseHeader = [
  '数据序号',
  '循环序号',
  '工步序号',
  '工步类型',
  '时间',
  '电压(V)',
  '电流(mA)',
  '容量(mAh)',
  '充电容量(mAh)',
  '放电容量(mAh)',
  '绝对时间',
  '总时间',
];

const chineseStepNames: Record<NewareModelStepType, string> = {
  Rest: '搁置',
  'CC Chg': '恒流充电',
  'CC DChg': '恒流放电',
  'CV Chg': '恒压充电',
};

export function generateNewareFlatCsv(options: NewareCsvOptions): {
  text: string;
  expected: NewareCsvExpectation;
} {
  const header = options.language === 'en' ? englishHeader : chineseHeader;
  const lines = [header.join(',')];
  const expected: NewareCsvExpectation = {
    rows: 0,
    time_s: [],
    voltage_V: [],
    current_A: [],
    chargeCapacity_Ah: [],
    dischargeCapacity_Ah: [],
    cycleIndex: [],
    stepIndex: [],
    stepType: [],
    startTime: isoWallClock(options.start, 0),
  };
  let record = 0;
  let stepNumber = 0;
  let testTime_s = 0;
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    for (const step of options.steps) {
      stepNumber++;
      const samples = Math.round(step.duration_s / options.interval_s);
      for (let k = 0; k <= samples; k++) {
        const stepTime_s = k * options.interval_s;
        const time_s = testTime_s + stepTime_s;
        const counter_mAh = (Math.abs(step.current_mA) * stepTime_s) / 3600;
        const direction = Math.sign(step.current_mA);
        const voltageText = (3.6 + direction * 0.2 * counter_mAh).toFixed(4);
        const currentText = step.current_mA.toFixed(4);
        const capacityText = counter_mAh.toFixed(6);
        const chargeText = direction > 0 ? capacityText : '0.000000';
        const dischargeText = direction < 0 ? capacityText : '0.000000';
        record++;
        lines.push(
          [
            record,
            cycle,
            stepNumber,
            options.language === 'en' ? step.type : chineseStepNames[step.type],
            formatDuration(stepTime_s, options.durationStyle),
            voltageText,
            currentText,
            capacityText,
            chargeText,
            dischargeText,
            isoWallClock(options.start, time_s).replace('T', ' '),
            formatDuration(time_s, options.durationStyle),
          ].join(','),
        );
        expected.time_s.push(time_s);
        expected.voltage_V.push(Number(voltageText));
        expected.current_A.push(Number(currentText) * 1e-3);
        expected.chargeCapacity_Ah.push(Number(chargeText) * 1e-3);
        expected.dischargeCapacity_Ah.push(Number(dischargeText) * 1e-3);
        expected.cycleIndex.push(cycle);
        expected.stepIndex.push(stepNumber);
        expected.stepType.push(step.type);
      }
      testTime_s += step.duration_s;
    }
  }
  expected.rows = record;
  return { text: `${lines.join('\r\n')}\r\n`, expected };
}

/** `h:mm:ss.sss` (hours past 24 allowed) or `d-hh:mm:ss`. */
export function formatDuration(seconds: number, style: 'hms' | 'dhms'): string {
  const whole = Math.floor(seconds);
  const fraction = seconds - whole;
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = whole % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  if (style === 'dhms') return `${Math.floor(hours / 24)}-${two(hours % 24)}:${two(minutes)}:${two(secs)}`;
  return `${hours}:${two(minutes)}:${two(secs)}.${String(Math.round(fraction * 1000)).padStart(3, '0')}`;
}

function isoWallClock(start: NewareCsvOptions['start'], offset_s: number): string {
  const ms =
    Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute, start.second) +
    offset_s * 1000;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}
