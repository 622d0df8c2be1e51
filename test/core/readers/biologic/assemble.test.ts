import { describe, expect, it } from 'vitest';
import { IssueSink } from '../../../../lib/core/issues.ts';
import { assembleSeries, type RawColumn } from '../../../../lib/core/readers/biologic/assemble.ts';
import { classifyColumn } from '../../../../lib/core/readers/biologic/columns.ts';
import type { TechniqueKind } from '../../../../lib/core/readers/biologic/techniques.ts';
import { StepType } from '../../../../lib/core/series.ts';

function column(name: string, values: Float64Array | Int32Array | Uint8Array): RawColumn {
  const classified = classifyColumn(name);
  if (classified.kind !== 'used') throw new Error(`${name} is not a used column`);
  return { name, source: name, use: classified.use, values };
}

/** Rows of every mode (0–3) × ox/red (0, 1, and 2, which leaves the sign of the current to decide). */
const modes = [1, 1, 1, 1, 2, 2, 2, 3, 3, 0, 4];
const oxRed = [1, 0, 2, 2, 1, 0, 2, 1, 0, 1, 1];
const current_mA = [1, -1, 2, -2, 0.1, -0.1, 0, 0, 0, 1, 1];

function stepTypes(kind: TechniqueKind): number[] {
  const rows = modes.length;
  const series = assembleSeries({
    file: 'cell.mpr',
    format: 'biologic-mpr',
    formatVersion: null,
    instrument: null,
    bytes: 0,
    technique: { code: kind, kind },
    start: null,
    rows,
    columns: [
      column(
        'time/s',
        Float64Array.from(modes, (_, row) => row),
      ),
      column('I/mA', Float64Array.from(current_mA)),
      column('mode', Uint8Array.from(modes)),
      column('ox/red', Uint8Array.from(oxRed)),
    ],
    allNames: [],
    issues: new IssueSink(),
  });
  return Array.from(series.stepType!);
}

describe('EC-Lab step types from mode, ox/red and the current', () => {
  it('tells CC and CV charge and discharge by ox/red, else by the sign of the current, and rest by mode 3', () => {
    const { constantCurrentCharge: ccC, constantCurrentDischarge: ccD, unknown } = StepType;
    const { constantVoltageCharge: cvC, constantVoltageDischarge: cvD, rest } = StepType;
    expect(stepTypes('cycling')).toEqual([
      ccC,
      ccD,
      ccC,
      ccD,
      cvC,
      cvD,
      unknown,
      rest,
      rest,
      unknown,
      unknown,
    ]);
  });

  it('makes mode 3 open circuit in an OCV technique', () => {
    expect(stepTypes('ocv').slice(7, 9)).toEqual([StepType.ocv, StepType.ocv]);
  });

  it('makes every CV row a sweep in a sweep technique (CV, LSV), whatever its direction', () => {
    expect(stepTypes('sweep').slice(4, 7)).toEqual([StepType.sweep, StepType.sweep, StepType.sweep]);
    expect(stepTypes('sweep').slice(0, 2)).toEqual([
      StepType.constantCurrentCharge,
      StepType.constantCurrentDischarge,
    ]);
  });
});
