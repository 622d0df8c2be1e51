/**
 * Writes Arbin MITS Pro Excel exports (.xlsx) of the Arbin model (`arbin-csv.ts`): a `Global_Info`
 * sheet (channel, start date-time as an Excel serial, software version) and the channel's data
 * sheets with the columns MITS Pro writes, the date-time as an Excel serial.
 */
import { type TestCell, type WriteOptions, writeXlsx } from '../core/readers/xlsx/write-xlsx.ts';
import { type ArbinModelRow, defaultArbinModel } from './arbin-csv.ts';

export const ARBIN_XLSX_HEADER = [
  'Date_Time',
  'Test_Time(s)',
  'Step_Time(s)',
  'Step_Index',
  'Cycle_Index',
  'Voltage(V)',
  'Current(A)',
  'Charge_Capacity(Ah)',
  'Discharge_Capacity(Ah)',
  'Internal Resistance(Ohm)',
];

/** A channel sheet's rows: the header, then one row per model row (no internal resistance). */
export function arbinXlsxDataRows(rows: readonly ArbinModelRow[]): TestCell[][] {
  return [
    ARBIN_XLSX_HEADER,
    ...rows.map((row) => [
      (defaultArbinModel.startUnix_s + row.time_s) / 86400 + 25569,
      row.time_s,
      row.stepTime_s,
      row.stepIndex,
      row.cycleIndex,
      row.voltage_V,
      row.current_A,
      row.chargeCapacity_Ah,
      row.dischargeCapacity_Ah,
      null,
    ]),
  ];
}

/** The `Global_Info` sheet of channel 5. */
export const arbinXlsxGlobalInfo: TestCell[][] = [
  [null, null, null, 'TEST REPORT'],
  [],
  [],
  ['Channel', 'Start DateTime', 'Schedule File Name', 'Creator', 'Comments', 'Software Version'],
  [5, 45244.925925925927, 'model.sdu', 'test', null, 'PV7.0 Build: 180508USB'],
];

/** A workbook of `Global_Info` and one `Channel_5_1` sheet holding every row. */
export function writeArbinXlsx(rows: readonly ArbinModelRow[], options: WriteOptions = {}): Uint8Array {
  return writeXlsx(
    [
      { name: 'Global_Info', rows: arbinXlsxGlobalInfo },
      { name: 'Channel_5_1', rows: arbinXlsxDataRows(rows) },
    ],
    options,
  );
}
