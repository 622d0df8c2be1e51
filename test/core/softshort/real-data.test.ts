/**
 * Every real cycling file in the shared corpus (other people's healthy cells, many chemistries and
 * cyclers) raises no soft short, read through the reader catalogue and analysed both as a full
 * cell (charge first) and as a half cell (discharge first).
 */
import { expect, it } from 'vitest';
import { analyzeCycling } from '../../../lib/core/cycling/analyze-cycling.ts';
import { allReaders } from '../../../lib/core/readers/catalog.ts';
import { readSeries } from '../../../lib/core/readers/detect.ts';
import { detectSoftShorts } from '../../../lib/core/softshort/index.ts';
import { describeRealData, realDataSource } from '../../support/real-data.ts';

/** The corpus files holding a current and a voltage (SOURCES.md); spectra and summaries are not cycling. */
const cyclingFiles = [
  'NewareNDA/TestFile.nda',
  'NewareNDA/new_nda_file.nda',
  'NewareNDA/2-1-6_61[07005012].nda',
  'PyProBE/Sample_data_biologic_CA1.txt',
  'PyProBE/sample_data_novonix.csv',
  'battery-data-format/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv',
  'battery-data-format/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv',
  'battery-data-toolkit/arbin_example.csv',
  'battery-data-toolkit/p492-13-raw.csv',
  'beep/2017-05-09_test-TC-contact_CH33.csv',
  'beep/FastCharge_000025_CH8.csv',
  'beep/PredictionDiagnostics_000151_test.052',
  'beep/test_Nova_Form-CH01-01_short.csv',
  'cellpy/20160805_test001_45_cc_01.res',
  'cellpy/20260302_IFE_BTS85_2_9_8_1.ndax',
  'cellpy/maccor_001.txt',
  'cellpy/neware_uio.csv',
  'cellpy/nw_regular_export_ife_example.csv',
  'dataset-cycling-with-strain-monitoring-for-samsung-30Q-cell/charge_1_1.lvm',
  'navani/arbin_example.res',
  'navani/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx',
  'navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr',
  'navani/test.ndax',
  'yadg/gcpl.issue_149.mpr',
  'yadg/gcpl.pr_182.1.mpr',
];

describeRealData('real cycling files raise no soft short', () => {
  for (const file of cyclingFiles) {
    it(`${file}: no event as a full or a half cell`, async () => {
      const series = await readSeries(await realDataSource(file), allReaders);
      expect(series.current_A).not.toBeNull();
      for (const type of ['full', 'half'] as const) {
        const cycling = analyzeCycling(series, {
          type,
          areaCm2: null,
          activeMassMg: null,
          referenceOffset_V: 0,
        });
        const result = detectSoftShorts({ series, cycles: cycling.cycles, pressure_MPa: null });
        expect(result.events, `${type} cell`).toEqual([]);
      }
    });
  }
});
