/**
 * Column ids of the `.mpr` data module: the name EC-Lab gives the column in its text export and how
 * each value is stored. Ids and types as galvani's `BioLogic.py` documents them (`echemdata/galvani`,
 * `VMPdata_colID_dtype_map` and `VMPdata_colID_flag_map`), with the newer ids yadg lists
 * (`dgbowl/yadg`, `eclab/common/mpr_columns.py`).
 */

export type BinaryType = 'f64' | 'f32' | 'u32' | 'u16' | 'u8';

export const binaryTypeBytes: Record<BinaryType, number> = { f64: 8, f32: 4, u32: 4, u16: 2, u8: 1 };

export interface BinaryColumn {
  name: string;
  type: BinaryType;
}

/**
 * Flag ids share one byte per record, placed where the first flag id appears; each reads its bits.
 * `mode` is two bits (1 CC, 2 CV, 3 rest); the others one bit each.
 */
export const FLAG_COLUMNS: ReadonlyMap<number, { name: string; mask: number; shift: number }> = new Map([
  [1, { name: 'mode', mask: 0x03, shift: 0 }],
  [2, { name: 'ox/red', mask: 0x04, shift: 2 }],
  [3, { name: 'error', mask: 0x08, shift: 3 }],
  [21, { name: 'control changes', mask: 0x10, shift: 4 }],
  [31, { name: 'Ns changes', mask: 0x20, shift: 5 }],
  [65, { name: 'counter inc.', mask: 0x80, shift: 7 }],
]);

const f64 = (name: string): BinaryColumn => ({ name, type: 'f64' });
const f32 = (name: string): BinaryColumn => ({ name, type: 'f32' });

export const DATA_COLUMNS: ReadonlyMap<number, BinaryColumn> = new Map<number, BinaryColumn>([
  [4, f64('time/s')],
  [5, f32('control/V/mA')],
  [6, f32('Ewe/V')],
  [7, f64('dq/mA.h')],
  [8, f32('I/mA')],
  [9, f32('Ece/V')],
  [11, f64('<I>/mA')],
  [13, f64('(Q-Qo)/mA.h')],
  [16, f32('Analog IN 1/V')],
  [17, f32('Analog IN 2/V')],
  [19, f32('control/V')],
  [20, f32('control/mA')],
  [23, f64('dQ/mA.h')],
  [24, f64('cycle number')],
  [26, f32('Rapp/Ohm')],
  [27, f32('Ewe-Ece/V')],
  [32, f32('freq/Hz')],
  [33, f32('|Ewe|/V')],
  [34, f32('|I|/A')],
  [35, f32('Phase(Z)/deg')],
  [36, f32('|Z|/Ohm')],
  [37, f32('Re(Z)/Ohm')],
  [38, f32('-Im(Z)/Ohm')],
  [39, { name: 'I Range', type: 'u16' }],
  [69, f32('R/Ohm')],
  [70, f32('P/W')],
  [74, f64('|Energy|/W.h')],
  [75, f32('Analog OUT/V')],
  [76, f32('<I>/mA')],
  [77, f32('<Ewe>/V')],
  [78, f32('Cs-2/µF-2')],
  [96, f32('|Ece|/V')],
  [98, f32('Phase(Zce)/deg')],
  [99, f32('|Zce|/Ohm')],
  [100, f32('Re(Zce)/Ohm')],
  [101, f32('-Im(Zce)/Ohm')],
  [123, f64('Energy charge/W.h')],
  [124, f64('Energy discharge/W.h')],
  [125, f64('Capacitance charge/µF')],
  [126, f64('Capacitance discharge/µF')],
  [131, { name: 'Ns', type: 'u16' }],
  [163, f32('|Estack|/V')],
  [168, f32('Rcmp/Ohm')],
  [169, f32('Cs/µF')],
  [172, f32('Cp/µF')],
  [173, f32('Cp-2/µF-2')],
  [174, f32('<Ewe>/V')],
  [178, f32('(Q-Qo)/C')],
  [179, f32('dQ/C')],
  [182, f64('step time/s')],
  [430, f32('Phase(Zwe-ce)/deg')],
  [431, f32('|Zwe-ce|/Ohm')],
  [432, f32('Re(Zwe-ce)/Ohm')],
  [433, f32('-Im(Zwe-ce)/Ohm')],
  [434, f32('(Q-Qo)/C')],
  [435, f32('dQ/C')],
  [438, f64('step time/s')],
  [441, f32('<Ecv>/V')],
  [462, f32('Temperature/°C')],
  [467, f64('Q charge/discharge/mA.h')],
  [468, { name: 'half cycle', type: 'u32' }],
  [469, { name: 'z cycle', type: 'u32' }],
  [471, f32('<Ece>/V')],
  [473, f32('THD Ewe/%')],
  [474, f32('THD I/%')],
  [475, f32('THD Ece/%')],
  [476, f32('NSD Ewe/%')],
  [477, f32('NSD I/%')],
  [478, f32('NSD Ece/%')],
  [479, f32('NSR Ewe/%')],
  [480, f32('NSR I/%')],
  [481, f32('NSR Ece/%')],
  [486, f32('|Ewe h2|/V')],
  [487, f32('|Ewe h3|/V')],
  [488, f32('|Ewe h4|/V')],
  [489, f32('|Ewe h5|/V')],
  [490, f32('|Ewe h6|/V')],
  [491, f32('|Ewe h7|/V')],
  [492, f32('|I h2|/A')],
  [493, f32('|I h3|/A')],
  [494, f32('|I h4|/A')],
  [495, f32('|I h5|/A')],
  [496, f32('|I h6|/A')],
  [497, f32('|I h7|/A')],
  [498, f32('|Ece h2|/V')],
  [499, f32('|Ece h3|/V')],
  [500, f32('|Ece h4|/V')],
  [501, f32('|Ece h5|/V')],
  [502, f32('|Ece h6|/V')],
  [503, f32('|Ece h7|/V')],
  [505, f32('Rdc/Ohm')],
  [509, { name: 'Acir/Dcir Control', type: 'u8' }],
]);
