/** Generic XLSX reading for instrument readers (Arbin, Neware …): sheets, rows, Excel dates. */
export { looksLikeXlsx, sheetNamesFromHead } from './detect.ts';
export { excelSerialToEpochMs, excelSerialToIso, isoFromEpochMs } from './excel-date.ts';
export {
  CellKind,
  type CellKindCode,
  type CellValue,
  forEachTableRow,
  listSheets,
  NumberFormatKind,
  type NumberFormatKindCode,
  openWorkbook,
  readSheet,
  type Sheet,
  type SheetRow,
  type Workbook,
} from './workbook.ts';
