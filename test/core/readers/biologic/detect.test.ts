import { describe, expect, it } from 'vitest';
import { biologicMprReader, biologicMptReader } from '../../../../lib/core/readers/biologic/index.ts';
import type { DetectionProbe } from '../../../../lib/core/readers/reader.ts';
import { biologicModel, writeBiologicMpt } from '../../../generators/biologic-mpt.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

function probe(name: string, head: Uint8Array): DetectionProbe {
  return { name, head, headText: new TextDecoder('latin1').decode(head), size: head.length };
}

const text = (content: string): Uint8Array => new TextEncoder().encode(content);
const model = biologicModel({ cycles: 1, pointsPerStep: 4 });

describe('BioLogic detection', () => {
  it('recognises an .mpt by its "EC-Lab ASCII FILE" line, whatever the file name', () => {
    const head = writeBiologicMpt(model, { locale: 'en' });

    expect(biologicMptReader.detect(probe('upload.bin', head))).toBeGreaterThanOrEqual(0.9);
    expect(biologicMprReader.detect(probe('upload.bin', head))).toBe(0);
  });

  it('recognises a BT-Lab export by its "BT-Lab ASCII FILE" line', () => {
    expect(
      biologicMptReader.detect(probe('a.txt', text('BT-Lab ASCII FILE\r\nNb header lines : 3\r\n'))),
    ).toBe(0.99);
  });

  it('recognises an export without preamble by its EC-Lab column header', () => {
    const head = writeBiologicMpt(model, { locale: 'en', withoutPreamble: true });

    expect(biologicMptReader.detect(probe('data.txt', head))).toBe(0.9);
  });

  it('scores a plain CSV, and a table with time/s but no EC-Lab voltage column, 0', () => {
    const csv = text('time/s,Ewe/V\n0,3.4\n');
    const otherTable = text('time/s\tPressure/bar\n0\t1.0\n');

    expect(biologicMptReader.detect(probe('a.csv', csv))).toBe(0);
    expect(biologicMptReader.detect(probe('a.txt', otherTable))).toBe(0);
    expect(biologicMprReader.detect(probe('a.csv', csv))).toBe(0);
  });
});

describeRealData('BioLogic detection of real files', () => {
  it('recognises an .mpr by its magic and not as text', async () => {
    const head = await (await realDataSource('yadg/peis.mpr')).head();

    expect(biologicMprReader.detect(probe('x', head))).toBe(0.99);
    expect(biologicMptReader.detect(probe('x', head))).toBe(0);
  });

  it('recognises the header-less PyProBE export (UTF-8) as an .mpt', async () => {
    const head = await (await realDataSource('PyProBE/Sample_data_biologic_no_header.mpt')).head();

    expect(biologicMptReader.detect(probe('x', head))).toBe(0.9);
  });
});
