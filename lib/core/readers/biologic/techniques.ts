/**
 * EC-Lab techniques: the name a `.mpt` header prints on its fourth line, the id byte that opens the
 * settings module of an `.mpr` (ids as yadg's `eclab/techniques.py` documents them), and what kind of
 * experiment each one is, which decides how a row's mode becomes a `StepType`.
 */

/** What a technique does to the cell. */
export type TechniqueKind = 'cycling' | 'impedance' | 'ocv' | 'sweep';

export interface Technique {
  /** EC-Lab's short name, e.g. `GCPL`. */
  code: string;
  kind: TechniqueKind;
}

interface TechniqueEntry extends Technique {
  /** Full names as `.mpt` headers print them. */
  names: readonly string[];
  /** Ids of the technique byte at the start of an `.mpr` settings module. */
  mprIds: readonly number[];
}

const TECHNIQUES: readonly TechniqueEntry[] = [
  {
    code: 'GCPL',
    kind: 'cycling',
    names: ['Galvanostatic Cycling with Potential Limitation'],
    mprIds: [0x04, 0x77],
  },
  { code: 'MB', kind: 'cycling', names: ['Modulo Bat'], mprIds: [0x7f] },
  { code: 'OCV', kind: 'ocv', names: ['Open Circuit Voltage'], mprIds: [0x0b] },
  {
    code: 'CA',
    kind: 'cycling',
    names: ['Chronoamperometry / Chronocoulometry', 'Chronoamperometry'],
    mprIds: [0x18],
  },
  { code: 'CP', kind: 'cycling', names: ['Chronopotentiometry'], mprIds: [0x19] },
  { code: 'CV', kind: 'sweep', names: ['Cyclic Voltammetry'], mprIds: [0x06, 0x30] },
  { code: 'CVA', kind: 'sweep', names: ['Cyclic Voltammetry Advanced'], mprIds: [0x33] },
  { code: 'LSV', kind: 'sweep', names: ['Linear Sweep Voltammetry'], mprIds: [0x6c] },
  {
    code: 'PEIS',
    kind: 'impedance',
    names: ['Potentio Electrochemical Impedance Spectroscopy'],
    mprIds: [0x1d],
  },
  {
    code: 'GEIS',
    kind: 'impedance',
    names: ['Galvano Electrochemical Impedance Spectroscopy'],
    mprIds: [0x1e],
  },
  { code: 'WAIT', kind: 'ocv', names: ['Wait'], mprIds: [0x1c] },
];

/** The technique a `.mpt` header line names, or null. */
export function techniqueByName(line: string): Technique | null {
  const text = line.trim().toLowerCase();
  const entry = TECHNIQUES.find((technique) => technique.names.some((name) => name.toLowerCase() === text));
  return entry ? { code: entry.code, kind: entry.kind } : null;
}

/** The technique of an `.mpr` settings module's first byte, or null. */
export function techniqueByMprId(id: number): Technique | null {
  const entry = TECHNIQUES.find((technique) => technique.mprIds.includes(id));
  return entry ? { code: entry.code, kind: entry.kind } : null;
}
