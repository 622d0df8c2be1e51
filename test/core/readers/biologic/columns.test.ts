import { describe, expect, it } from 'vitest';
import { classifyColumn } from '../../../../lib/core/readers/biologic/columns.ts';
import { DATA_COLUMNS, FLAG_COLUMNS } from '../../../../lib/core/readers/biologic/mpr-columns.ts';

describe('EC-Lab column vocabulary', () => {
  it('gives every integer column of the .mpr table that it uses the unit factor 1 (the decoder scales floats only)', () => {
    const scaledIntegers = [...DATA_COLUMNS.values()].filter((column) => {
      const classified = classifyColumn(column.name);
      return column.type.startsWith('u') && classified.kind === 'used' && classified.use.scale !== 1;
    });

    expect(scaledIntegers).toEqual([]);
  });

  it('knows every name of the .mpr column-id table (used or deliberately ignored)', () => {
    const names = [...DATA_COLUMNS.values()].map((column) => column.name);
    names.push(...[...FLAG_COLUMNS.values()].map((flag) => flag.name));

    const unknown = names.filter((name) => classifyColumn(name).kind === 'unknown');

    expect(unknown).toEqual([]);
  });

  it('converts units to canonical ones: mA → A, mA.h → Ah, coulomb → Ah', () => {
    const use = (name: string) => {
      const classified = classifyColumn(name);
      return classified.kind === 'used' ? classified.use : null;
    };

    expect(use('I/mA')).toMatchObject({ role: 'current', scale: 1e-3 });
    expect(use('<I>/µA')).toMatchObject({ role: 'current', scale: 1e-6 });
    expect(use('Q charge/discharge/mA.h')).toMatchObject({ role: 'chargeDischarge', scale: 1e-3 });
    expect(use('(Q-Qo)/C')?.scale).toBeCloseTo(1 / 3600, 15);
    expect(use('Temperature/°C')).toMatchObject({ role: 'temperature', scale: 1 });
  });

  it('prefers Ewe over <Ewe> over Ecell for the voltage', () => {
    const rank = (name: string) => {
      const classified = classifyColumn(name);
      return classified.kind === 'used' ? classified.use.rank : null;
    };

    expect([rank('Ewe/V'), rank('<Ewe>/V'), rank('Ecell/V')]).toEqual([0, 1, 2]);
  });

  it('treats a known name with a unit of the wrong quantity as unknown', () => {
    expect(classifyColumn('I/V').kind).toBe('unknown');
    expect(classifyColumn('Mystery/xyz').kind).toBe('unknown');
  });
});
