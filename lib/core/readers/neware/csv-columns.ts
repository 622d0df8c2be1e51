/**
 * Column vocabulary of Neware BTS CSV exports (BTS 7.x `Record ID`, `Cycle ID`, `Time(h:min:s.ms)`;
 * BTS 8.x `DataPoint`, `Cycle Index`, `Total Time`; Chinese `循环序号`, `工步类型`, `电压(V)`…), and
 * the text of the cells that are not plain numbers: durations and step names.
 */
import { splitHeaderUnit, type UnitInfo } from '../../units.ts';

export type NewareColumnRole =
  | 'record'
  | 'cycle'
  | 'step'
  | 'stepNumber'
  | 'stepType'
  | 'stepTime'
  | 'totalTime'
  | 'voltage'
  | 'current'
  | 'capacity'
  | 'chargeCapacity'
  | 'dischargeCapacity'
  | 'date';

const namesByRole: Record<NewareColumnRole, readonly string[]> = {
  record: ['record id', 'record index', 'record', 'datapoint', 'data point', '数据序号', '记录序号'],
  cycle: ['cycle id', 'cycle index', 'cycle', '循环序号', '循环号'],
  step: ['step id', 'step index', '工步序号', '工步号'],
  stepNumber: ['step number'],
  stepType: ['step type', 'step name', 'status', '工步类型', '工步名称', '状态'],
  stepTime: ['time', 'step time', 'relative time', '时间', '相对时间', '工步时间'],
  totalTime: ['total time', 'cumulative time', 'test time', '总时间', '累计时间'],
  voltage: ['voltage', '电压'],
  current: ['current', '电流'],
  capacity: ['capacity', 'cap.', '容量'],
  chargeCapacity: ['chg. cap.', 'charge capacity', 'capacitance_chg', '充电容量'],
  dischargeCapacity: ['dchg. cap.', 'discharge capacity', 'capacitance_dchg', '放电容量'],
  date: ['realtime', 'date', 'absolute time', 'system time', '绝对时间', '实际时间', '日期', '系统时间'],
};

const roleByName = new Map<string, NewareColumnRole>();
for (const [role, names] of Object.entries(namesByRole)) {
  for (const name of names) roleByName.set(name, role as NewareColumnRole);
}

export interface NewareColumn {
  /** Header as written. */
  header: string;
  role: NewareColumnRole | null;
  unit: UnitInfo | null;
  unitText: string | null;
}

/** Recognises one header cell: `Current(mA)`, `Time(h:min:s.ms)`, `电压(V)`, `Chg. Cap.(Ah)`. */
export function classifyHeader(header: string): NewareColumn {
  const text = header.trim().replace(/^"|"$/g, '');
  const { name, unit, unitText } = splitHeaderUnit(text);
  // Units Neware writes that are not physical units: `(h:min:s.ms)`, `(?)`.
  const bare = unit ? name : text.replace(/\s*\([^()]*\)\s*$/, '');
  const role = roleByName.get(bare.trim().toLowerCase().replace(/\s+/g, ' ')) ?? null;
  return { header: text, role, unit, unitText };
}

/** Whether a header line names the columns of a flat Neware record table. */
export function isFlatHeader(columns: readonly NewareColumn[]): boolean {
  const roles = new Set(columns.map((column) => column.role));
  // A record number or a step-type column is what sets a Neware table apart from any cycler CSV
  // that happens to have time, voltage, current and a cycle column.
  return (
    roles.has('voltage') &&
    roles.has('current') &&
    (roles.has('cycle') || roles.has('step')) &&
    (roles.has('record') || roles.has('stepType')) &&
    (roles.has('stepType') || roles.has('stepTime') || roles.has('totalTime'))
  );
}

/** Whether a header line is the cycle level of a nested "regular export" (no record columns). */
export function isCycleHeader(columns: readonly NewareColumn[]): boolean {
  return columns[0]?.role === 'cycle' && columns.some((column) => column.role === 'chargeCapacity');
}

/**
 * Duration as Neware writes it, in seconds: `h:mm:ss`, `h:mm:ss.fff` (hours may exceed 24),
 * `d-hh:mm:ss(.fff)`, `mm:ss`, or plain seconds. NaN when the text is none of these. The text of a
 * cell (nested exports, XLSX) goes through the same byte parser as the flat CSV's fields.
 */
export function parseDuration(text: string): number {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return Number.NaN;
    bytes[i] = code;
  }
  return parseDurationBytes(bytes, 0, bytes.length);
}

const EXACT_POWERS_OF_TEN = Float64Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A duration from the bytes of a cell, without a string: the scanner's per-row path. The fraction
 * is its digits over 10^k, which equals `Number('0.ddd')` for up to 15 digits (both exact
 * operands, one correctly rounded division); a longer fraction is read by `Number()`.
 *
 * Neware's own cell, `h:mm:ss` or `h:mm:ss.fff` without padding, is read in one straight pass;
 * any other shape goes through the general loop, which gives the same value for it.
 */
export function parseDurationBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let hours = 0;
  let c = 0;
  while (i < end) {
    c = bytes[i]! - 48;
    if (c >>> 0 > 9) break;
    hours = hours * 10 + c;
    i++;
  }
  // `:mm:ss` after at least one digit of hours (`c` is the byte after the hours, less 48).
  if (i > start && c === COLON - 48 && end - i >= 6 && bytes[i + 3] === COLON) {
    const m1 = bytes[i + 1]! - 48;
    const m0 = bytes[i + 2]! - 48;
    const s1 = bytes[i + 4]! - 48;
    const s0 = bytes[i + 5]! - 48;
    if (m1 >>> 0 <= 9 && m0 >>> 0 <= 9 && s1 >>> 0 <= 9 && s0 >>> 0 <= 9) {
      const whole = (hours * 60 + m1 * 10 + m0) * 60 + s1 * 10 + s0;
      i += 6;
      if (i === end) return whole;
      if (bytes[i] === POINT && end - i - 1 <= 15) {
        let fraction = 0;
        let j = i + 1;
        for (; j < end; j++) {
          const digit = bytes[j]! - 48;
          if (digit >>> 0 > 9) break;
          fraction = fraction * 10 + digit;
        }
        if (j === end && j > i + 1) return whole + fraction / EXACT_POWERS_OF_TEN[end - i - 1]!;
      }
    }
  }
  return parseDurationGeneral(bytes, start, end);
}

const COLON = 58;
const POINT = 46;

/** Every shape `parseDuration` accepts, one byte at a time. */
function parseDurationGeneral(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && bytes[start]! <= 32) start++;
  while (end > start && bytes[end - 1]! <= 32) end--;
  let days = 0;
  let hasDays = false;
  let clock = 0;
  let field = 0;
  let fieldDigits = 0;
  let colons = 0;
  let fractionStart = -1;
  let fraction = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      if (fractionStart < 0) {
        field = field * 10 + (c - 48);
        fieldDigits++;
      } else {
        fraction = fraction * 10 + (c - 48);
      }
    } else if (fractionStart >= 0 || fieldDigits === 0) {
      return Number.NaN;
    } else if (c === 58 && colons < 2) {
      clock = clock * 60 + field;
      colons++;
      field = 0;
      fieldDigits = 0;
    } else if (c === 46) {
      fractionStart = i + 1;
    } else if (c === 45 && !hasDays && colons === 0) {
      hasDays = true;
      days = field;
      field = 0;
      fieldDigits = 0;
    } else {
      return Number.NaN;
    }
  }
  const fractionDigits = fractionStart < 0 ? 0 : end - fractionStart;
  if (fieldDigits === 0 || (hasDays && colons === 0) || fractionStart === end) return Number.NaN;
  const seconds =
    fractionDigits <= 15
      ? fraction / EXACT_POWERS_OF_TEN[fractionDigits]!
      : Number(`0.${String.fromCharCode(...bytes.subarray(fractionStart, end))}`);
  return days * 86400 + clock * 60 + field + seconds;
}
