/**
 * Arbin `.res` databases with known contents, written through the Jet page writer: the tables
 * and column types MITS Pro writes (Global_Table, Version_Table, Channel_Normal_Table,
 * Auxiliary_Table, Aux_Global_Data_Table), filled from plain arrays.
 */
import {
  buildJetDatabase,
  type JetCell,
  type JetDatabaseOptions,
  type JetTableSpec,
} from './jet-database.ts';

export interface ArbinNormalPoint {
  testId?: number;
  dataPoint: number;
  time_s: number;
  current_A: number;
  voltage_V: number | null;
  cycle?: number;
}

export interface ArbinAuxPoint {
  dataPoint: number;
  dataType: number;
  auxIndex: number;
  x: number;
}

export interface ArbinAuxDefinition {
  dataType: number;
  auxIndex: number;
  nickname: string;
  unit: string;
}

/** Excel serial of 2024-01-02 03:04:05 (local wall clock, as Arbin writes it). */
export const ARBIN_START_SERIAL = 45293 + (3 * 3600 + 4 * 60 + 5) / 86400;

/** `options.usageMapType` 1 (bitmap pages, as large real files have) for more than ≈ 10 000 points. */
export function buildArbinRes(
  content: {
    points: ArbinNormalPoint[];
    aux?: ArbinAuxPoint[];
    auxDefinitions?: ArbinAuxDefinition[];
    testId?: number;
  },
  options: JetDatabaseOptions = {},
): Uint8Array {
  const testId = content.testId ?? 1;
  const tables: JetTableSpec[] = [
    {
      name: 'Global_Table',
      columns: [
        { name: 'Test_ID', kind: 'long' },
        { name: 'Test_Name', kind: 'text' },
        { name: 'Channel_Index', kind: 'integer' },
        { name: 'Start_DateTime', kind: 'double' },
        { name: 'Schedule_File_Name', kind: 'text' },
        { name: 'Software_Version', kind: 'text' },
      ],
      rows: [[testId, 'generated-cell', 4, ARBIN_START_SERIAL, 'gen.sdu', '8.00 Build: 1']],
    },
    {
      name: 'Version_Table',
      columns: [{ name: 'Version_Schema_Field', kind: 'text' }],
      rows: [['Results File 5.26']],
    },
    {
      name: 'Channel_Normal_Table',
      columns: [
        { name: 'Test_ID', kind: 'long' },
        { name: 'Data_Point', kind: 'long' },
        { name: 'Test_Time', kind: 'double' },
        { name: 'DateTime', kind: 'double' },
        { name: 'Step_Index', kind: 'integer' },
        { name: 'Cycle_Index', kind: 'integer' },
        { name: 'Current', kind: 'float' },
        { name: 'Voltage', kind: 'float' },
        { name: 'Charge_Capacity', kind: 'double' },
        { name: 'Discharge_Capacity', kind: 'double' },
      ],
      rows: content.points.map((point): JetCell[] => [
        point.testId ?? testId,
        point.dataPoint,
        point.time_s,
        ARBIN_START_SERIAL + point.time_s / 86400,
        1,
        point.cycle ?? 1,
        point.current_A,
        point.voltage_V,
        0,
        0,
      ]),
    },
    {
      name: 'Auxiliary_Table',
      columns: [
        { name: 'Test_ID', kind: 'long' },
        { name: 'Data_Point', kind: 'long' },
        { name: 'Auxiliary_Index', kind: 'integer' },
        { name: 'Data_Type', kind: 'integer' },
        { name: 'X', kind: 'float' },
      ],
      rows: (content.aux ?? []).map((aux) => [testId, aux.dataPoint, aux.auxIndex, aux.dataType, aux.x]),
    },
    {
      name: 'Aux_Global_Data_Table',
      columns: [
        { name: 'Channel_Index', kind: 'integer' },
        { name: 'Auxiliary_Index', kind: 'integer' },
        { name: 'Data_Type', kind: 'integer' },
        { name: 'Nickname', kind: 'text' },
        { name: 'Unit', kind: 'text' },
      ],
      rows: (content.auxDefinitions ?? []).map((definition) => [
        4,
        definition.auxIndex,
        definition.dataType,
        definition.nickname,
        definition.unit,
      ]),
    },
  ];
  return buildJetDatabase(tables, options);
}
