/**
 * How Neware BTSDA lays out an Excel export: which sheets hold what, and the few header names
 * of its Excel sheets that the CSV vocabulary (`csv-columns.ts`) does not already know.
 *
 * BTS 8.x: `unit`, `test`, `cycle`, `step`, `record` (Chinese `单位`, `测试`, `循环`, `工步`, `记录` /
 * `详细数据`); records beyond Excel's 1,048,576-row limit continue in further record sheets.
 * BTS 7.x: `Info`, `Cycle_<dev>_<unit>_<ch>`, `Statis_…`, `Detail_…` (plus `DetailVol_…` and
 * `DetailTemp_…` auxiliary sheets, not read here), Detail columns `Record Index, Status, JumpTo,
 * Cycle, Step, Cur(mA), Voltage(V), CapaCity(mAh), Energy(mWh), Relative Time(h:min:s.ms),
 * Absolute Time`. Sources: cellpy `neware_xlsx.py`, navani `neware.py`, and public scripts that
 * read BTS 7.6 Detail sheets.
 */
import { classifyHeader, type NewareColumn, type NewareColumnRole } from './csv-columns.ts';

/** A sheet name: a base name, then nothing but separators and part numbers (`record_2`, `Detail_67_1_1`). */
const namedLike = (bases: readonly string[]) => new RegExp(`^(?:${bases.join('|')})[\\s_\\-()\\d]*$`, 'i');

const RECORD_SHEET = namedLike(['record', '记录', '详细数据', '数据记录', 'detail']);
const CYCLE_SHEET = namedLike(['cycle', '循环', '循环层']);
const STEP_SHEET = namedLike(['step', 'statis', '工步', '工步层']);
const INFO_SHEET = namedLike(['test', 'unit', 'info', 'log', '测试', '单位', '测试信息', '日志']);
/** Arbin's Excel exports: a workbook holding any of these is never a Neware export. */
const ARBIN_SHEET = /^(?:global_info|channel[_-].+|statistics[_-].+)$/i;

/** Record sheets in workbook order: their rows are one record continued across sheets. */
export function recordSheetsOf(sheetNames: readonly string[]): string[] {
  return sheetNames.filter((name) => RECORD_SHEET.test(name.trim()));
}

/** The sheet of Neware's per-cycle totals, or null when the export has none. */
export function cycleSheetOf(sheetNames: readonly string[]): string | null {
  return sheetNames.find((name) => CYCLE_SHEET.test(name.trim())) ?? null;
}

/** Which BTS generation wrote the record sheets (BTS 7 names them `Detail_…`). */
export function exportGenerationOf(recordSheet: string): string {
  return /^detail/i.test(recordSheet.trim()) ? 'BTS 7.x Excel export' : 'BTS 8.x Excel export';
}

/**
 * Confidence that a workbook with these sheets is a Neware export: a record sheet beside the
 * cycle, step or info sheets Neware writes with it scores high; a lone record sheet is only
 * likely; any Arbin sheet, or no record sheet, scores 0.
 */
export function newareWorkbookScore(sheetNames: readonly string[]): number {
  const names = sheetNames.map((name) => name.trim());
  if (names.some((name) => ARBIN_SHEET.test(name))) return 0;
  if (recordSheetsOf(names).length === 0) return 0;
  const companions = names.filter(
    (name) => CYCLE_SHEET.test(name) || STEP_SHEET.test(name) || INFO_SHEET.test(name),
  );
  return companions.length > 0 ? 0.95 : 0.6;
}

/** BTS 7.x Detail-sheet names the CSV vocabulary lacks. */
const extraRoles = new Map<string, NewareColumnRole>([
  ['step', 'step'],
  ['steps', 'step'],
  ['步次', 'step'],
  ['循环', 'cycle'],
  ['cur', 'current'],
]);

/** Recognises one header cell of a Neware sheet: the CSV vocabulary, then the Excel-only names. */
export function classifyXlsxHeader(header: string): NewareColumn {
  const column = classifyHeader(header);
  if (column.role !== null) return column;
  const bare = (column.unit ? header.replace(/\s*[([][^()[\]]*[)\]]\s*$/, '') : header)
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  return { ...column, role: extraRoles.get(bare) ?? null };
}
