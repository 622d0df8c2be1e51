/**
 * The canonical series: one columnar shape for every instrument.
 *
 * Every reader turns its bytes into this. Columns are typed arrays of equal length `rows`,
 * SI units in the field names. Sign convention: `current_A` is positive for charge /
 * oxidation at the working electrode, whatever the instrument wrote.
 */
import type { DataIssue } from './issues.ts';

/** What the instrument said a step was doing. Codes are stable: they are stored in `stepType`. */
export const StepType = {
  unknown: 0,
  rest: 1,
  constantCurrentCharge: 2,
  constantCurrentDischarge: 3,
  constantVoltageCharge: 4,
  constantVoltageDischarge: 5,
  ocv: 6,
  impedance: 7,
  pulse: 8,
  constantPower: 9,
  sweep: 10,
} as const;
export type StepTypeCode = (typeof StepType)[keyof typeof StepType];

/** Physical quantity of an auxiliary channel; the unit of its values is fixed per quantity. */
export type AuxQuantity = 'pressure' | 'force' | 'strain' | 'temperature' | 'voltage' | 'other';

/** The unit every value of an auxiliary quantity is stored in. */
export const auxUnit: Record<AuxQuantity, string> = {
  pressure: 'Pa',
  force: 'N',
  strain: '1',
  temperature: 'degC',
  voltage: 'V',
  other: '',
};

export interface AuxChannel {
  /** Name as the instrument called it, e.g. `T1`, `Pressure_Psi`, `hoop strain`. */
  name: string;
  quantity: AuxQuantity;
  /** Values in `auxUnit[quantity]`. */
  values: Float64Array;
}

/**
 * Impedance columns of a spectrum-bearing file (PEIS/GEIS, Maccor EIS, Gamry ZCURVE …).
 * Z = zReal_Ohm + j·zImag_Ohm: a capacitive arc has negative `zImag_Ohm`.
 */
export interface ImpedanceColumns {
  frequency_Hz: Float64Array;
  zReal_Ohm: Float64Array;
  zImag_Ohm: Float64Array;
}

/** How one source column became one canonical column: the audit trail of a read. */
export interface ColumnMapping {
  /** Column header (or binary column id/name) in the source file. */
  source: string;
  /** Canonical field, e.g. `current_A`, or `aux:T1`. */
  target: string;
  /** BDF label of the target quantity, e.g. `Current / A`, when one exists. */
  bdfLabel: string | null;
  /** Unit found in the source, as written (`mA`, `h`, `psi`), or null when none was stated. */
  sourceUnit: string | null;
  /** Multiplier applied to reach the canonical unit (offsets, like °F, are not used here). */
  scale: number;
}

export interface Provenance {
  /** File name as given by the caller (a path relative to the job, or a bare name). */
  file: string;
  /** Detected format id, e.g. `biologic-mpt`, `arbin-res`, `neware-nda`. */
  format: string;
  /** Format or instrument software version when the file states it, e.g. `EC-Lab 11.50`, `nda v130`. */
  formatVersion: string | null;
  /** Instrument or software name when known, e.g. `BioLogic EC-Lab`, `Arbin MITS Pro`. */
  instrument: string | null;
  columns: ColumnMapping[];
  /** Size of the source in bytes. */
  bytes: number;
}

export interface CanonicalSeries {
  rows: number;
  /** Seconds since the test started, as the instrument counts it (not shifted to the first row); non-decreasing. */
  time_s: Float64Array;
  /** Cell voltage as measured (working vs counter/reference), V. Null when the file has none (a pressure log). */
  voltage_V: Float64Array | null;
  /** Positive = charge / oxidation at the working electrode. Null when the file has none (OCV, pressure log). */
  current_A: Float64Array | null;
  /**
   * Absolute time of `time_s = 0` as ISO 8601. It carries an offset (`Z` or `+02:00`) only when the file
   * states the time zone; a local wall-clock time without zone has no suffix, and `startTimeZoneKnown` is false.
   */
  startTime: string | null;
  startTimeZoneKnown: boolean;
  /** Instrument step number, as the instrument counted (1-based where it is). */
  stepIndex: Int32Array | null;
  /** Instrument cycle number, as the instrument counted. */
  cycleIndex: Int32Array | null;
  /** `StepType` codes per row, where the instrument states the step's mode. */
  stepType: Uint8Array | null;
  temperature_C: Float64Array | null;
  /** Instrument charge / discharge capacity counters, Ah, as the instrument accumulated them (they may reset per step or cycle). */
  chargeCapacity_Ah: Float64Array | null;
  dischargeCapacity_Ah: Float64Array | null;
  /** Impedance columns when the file holds spectra. */
  impedance: ImpedanceColumns | null;
  aux: AuxChannel[];
  provenance: Provenance;
  issues: DataIssue[];
}

/** BDF (Battery Data Format) labels of the canonical columns: the vocabulary for mapping and export. */
export const bdfLabel = {
  time_s: 'Test Time / s',
  unixTime_s: 'Unix Time / s',
  voltage_V: 'Voltage / V',
  current_A: 'Current / A',
  stepIndex: 'Step Count / 1',
  cycleIndex: 'Cycle Count / 1',
  temperature_C: 'Ambient Temperature / degC',
  chargeCapacity_Ah: 'Charging Capacity / Ah',
  dischargeCapacity_Ah: 'Discharging Capacity / Ah',
  pressure: 'Applied Pressure / Pa',
} as const;

/** Fields a reader may leave out; `emptySeries` fills them so readers only set what they have. */
export function emptySeries(provenance: Provenance): CanonicalSeries {
  return {
    rows: 0,
    time_s: new Float64Array(0),
    voltage_V: null,
    current_A: null,
    startTime: null,
    startTimeZoneKnown: false,
    stepIndex: null,
    cycleIndex: null,
    stepType: null,
    temperature_C: null,
    chargeCapacity_Ah: null,
    dischargeCapacity_Ah: null,
    impedance: null,
    aux: [],
    provenance,
    issues: [],
  };
}

/** Bytes held by the typed-array columns of a series (what memory should follow when reading). */
export function columnBytes(series: CanonicalSeries): number {
  const arrays: (ArrayBufferView | null)[] = [
    series.time_s,
    series.voltage_V,
    series.current_A,
    series.stepIndex,
    series.cycleIndex,
    series.stepType,
    series.temperature_C,
    series.chargeCapacity_Ah,
    series.dischargeCapacity_Ah,
    series.impedance?.frequency_Hz ?? null,
    series.impedance?.zReal_Ohm ?? null,
    series.impedance?.zImag_Ohm ?? null,
    ...series.aux.map((channel) => channel.values),
  ];
  return arrays.reduce((sum, array) => sum + (array?.byteLength ?? 0), 0);
}
