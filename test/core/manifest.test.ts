import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../lib/core/errors.ts';
import { parseManifest } from '../../lib/core/manifest.ts';

const valid = {
  version: 1,
  title: 'LBHI interlayer vs bare LPSCl',
  notify: ['someone@example.org'],
  baseline: 'LPSCl',
  cells: [
    {
      id: 'cu-lpscl-liin',
      group: 'LPSCl',
      type: 'half',
      areaCm2: 0.785,
      temperatureC: 25,
      referenceElectrode: { name: 'Li-In', offsetV: 0.62 },
      files: [{ path: 'cu-lpscl-liin/cycling.mpt', kind: 'cycling' }],
    },
  ],
};

function problemsOf(input: unknown): { field: string; expected: string }[] {
  try {
    parseManifest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).details as { field: string; expected: string }[];
  }
  throw new Error('expected the manifest to be refused');
}

describe('job manifest v1', () => {
  it('accepts the DESIGN example and fills the defaults', () => {
    const manifest = parseManifest(JSON.stringify(valid));
    expect(manifest.cells[0]!.activeMassMg).toBeNull();
    expect(manifest.cells[0]!.stackPressureMPa).toBeNull();
    expect(manifest.cells[0]!.referenceElectrode.offsetV).toBe(0.62);
  });

  it('defaults the reference electrode to Li (0 V) when none is given', () => {
    const { referenceElectrode, ...cell } = valid.cells[0]!;
    const manifest = parseManifest({ ...valid, cells: [cell] });
    expect(manifest.cells[0]!.referenceElectrode).toEqual({ name: 'Li', offsetV: 0 });
  });

  it('refuses a typo in a key, naming the field', () => {
    const problems = problemsOf({ ...valid, cells: [{ ...valid.cells[0], areaCm: 0.785 }] });
    expect(problems).toContainEqual({ field: 'cells[0]', expected: expect.stringContaining('"areaCm"') });
  });

  it('refuses an unknown file kind, listing the kinds', () => {
    const cell = { ...valid.cells[0], files: [{ path: 'a.mpt', kind: 'cyclng' }] };
    const problems = problemsOf({ ...valid, cells: [cell] });
    expect(problems[0]!.field).toBe('cells[0].files[0].kind');
    expect(problems[0]!.expected).toContain('"cycling"');
  });

  it('refuses paths that leave the job folder', () => {
    for (const path of ['../other/job.json', '/etc/passwd', 'a/../../b', 'C:/x.mpt', 'a\\b.mpt']) {
      const cell = { ...valid.cells[0], files: [{ path, kind: 'cycling' }] };
      expect(problemsOf({ ...valid, cells: [cell] })[0]!.field).toBe('cells[0].files[0].path');
    }
  });

  it('refuses a baseline that names no group, and duplicated cell ids', () => {
    const problems = problemsOf({ ...valid, baseline: 'LBHI', cells: [valid.cells[0], valid.cells[0]] });
    expect(problems.map((problem) => problem.field).sort()).toEqual([
      'baseline',
      'cells[1].files[0].path',
      'cells[1].id',
    ]);
  });

  it('reports every problem at once, with a message naming the source file', () => {
    try {
      parseManifest({ version: 2, title: '', cells: [] }, 'uploads/x/job.json');
      expect.unreachable();
    } catch (error) {
      const problems = (error as ManifestError).details as { field: string }[];
      expect(problems.map((problem) => problem.field)).toEqual(
        expect.arrayContaining(['version', 'title', 'baseline', 'cells']),
      );
      expect((error as Error).message).toMatch(/^uploads\/x\/job\.json is not a valid job manifest/);
    }
  });

  it('tells a wrong type from a missing value', () => {
    const { areaCm2, ...withoutArea } = valid.cells[0]!;
    const missing = problemsOf({ ...valid, cells: [withoutArea] });
    const wrongType = problemsOf({ ...valid, cells: [{ ...valid.cells[0], areaCm2: '0.785' }] });
    expect(missing).toContainEqual({
      field: 'cells[0].areaCm2',
      expected: 'a value (number); it is missing',
    });
    expect(wrongType).toContainEqual({ field: 'cells[0].areaCm2', expected: 'a number' });
  });

  it('says so when the text is not JSON', () => {
    expect(() => parseManifest('{"version": 1,')).toThrow(/job\.json is not valid JSON/);
  });
});
