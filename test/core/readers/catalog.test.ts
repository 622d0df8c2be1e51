/**
 * Format detection across the whole catalogue: every real instrument file is claimed by the
 * reader of its own format (not by a generic one), and files that are not time series or
 * spectra (summaries, metadata) are refused with a typed error.
 */
import { expect, it } from 'vitest';
import { UnknownFormatError } from '../../../lib/core/errors.ts';
import { allReaders } from '../../../lib/core/readers/catalog.ts';
import { detectReader, probeOf } from '../../../lib/core/readers/detect.ts';
import { bytesSource } from '../../../lib/core/readers/source.ts';
import { cyclingModel, plainDialect, writeGenericCsv } from '../../generators/generic-csv.ts';
import { describeRealData, realDataSource } from '../../support/real-data.ts';

const expectedFormat: Record<string, string> = {
  'NewareNDA/123456789012_Unit27_Example_Data_File.ndax': 'neware-ndax',
  'NewareNDA/2-1-6_61[07005012].nda': 'neware-nda',
  'NewareNDA/TestFile.nda': 'neware-nda',
  'NewareNDA/new_nda_file.nda': 'neware-nda',
  'PyProBE/Sample_data_biologic_CA1.txt': 'biologic-mpt',
  'PyProBE/Sample_data_biologic_no_header.mpt': 'biologic-mpt',
  'PyProBE/Sample_data_biologic_timestamped.txt': 'biologic-mpt',
  'PyProBE/sample_data_arbin.csv': 'arbin-csv',
  'PyProBE/sample_data_basytec.txt': 'delimited-text',
  'PyProBE/sample_data_maccor.csv': 'maccor-text',
  'PyProBE/sample_data_novonix.csv': 'delimited-text',
  'battery-data-format/GCPL-0.mpr': 'biologic-mpr',
  'battery-data-format/PEIS-0.mpr': 'biologic-mpr',
  'battery-data-format/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv': 'bdf-csv',
  'battery-data-format/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv': 'delimited-text',
  'battery-data-format/filetype14-0.ndax': 'neware-ndax',
  'battery-data-format/mits7-0.res.gz': 'arbin-res',
  'battery-data-toolkit/arbin_example.csv': 'arbin-csv',
  'battery-data-toolkit/maccor_example.001': 'maccor-text',
  'battery-data-toolkit/maccor_example.002': 'maccor-text',
  'battery-data-toolkit/p492-13-raw.csv': 'delimited-text',
  'beep/2017-05-09_test-TC-contact_CH33.csv': 'arbin-csv',
  'beep/FastCharge_000025_CH8.csv': 'arbin-csv',
  'beep/PredictionDiagnostics_000151_test.052': 'maccor-text',
  'beep/maccor_test_file_4267-66-6519.EDA0001.041': 'maccor-text',
  'beep/test_Nova_Form-CH01-01_short.csv': 'delimited-text',
  'cellpy/20160805_test001_45_cc_01.res': 'arbin-res',
  'cellpy/20260302_IFE_BTS85_2_9_8_1.ndax': 'neware-ndax',
  'cellpy/maccor_001.txt': 'maccor-text',
  'cellpy/neware_uio.csv': 'neware-csv',
  'cellpy/nw_regular_export_ife_example.csv': 'neware-csv',
  'dataset-cycling-with-strain-monitoring-for-samsung-30Q-cell/POTENTIOSTATIC_EIS_TestRun_Cell_1.DTA':
    'gamry-dta',
  'dataset-cycling-with-strain-monitoring-for-samsung-30Q-cell/charge_1_1.lvm': 'delimited-text',
  'dataset-cycling-with-strain-monitoring-for-samsung-30Q-cell/discharge_1_1.lvm': 'delimited-text',
  'gamry-parser/eispot_data.dta': 'gamry-dta',
  'impedance.py/exampleData.csv': 'impedance-csv',
  'impedance.py/exampleDataBioLogic.mpt': 'biologic-mpt',
  'impedance.py/exampleDataGamry.DTA': 'gamry-dta',
  'impedance.py/exampleDataGamryABORT.DTA': 'gamry-dta',
  'impedance.py/exampleDataVersaStudio.par': 'versastudio-par',
  'impedance.py/exampleDataZPlot.z': 'zview-z',
  'navani/00_test_01_OCV_C01.mpr': 'biologic-mpr',
  'navani/00_test_04_MB_C01.mpr': 'biologic-mpr',
  'navani/arbin_example.res': 'arbin-res',
  'navani/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx': 'arbin-xlsx',
  'navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr': 'biologic-mpr',
  'navani/test.ndax': 'neware-ndax',
  'pyDRTtools/LIB_data.txt': 'impedance-csv',
  'pyDRTtools/data_1.csv': 'impedance-csv',
  'yadg/gcpl.issue_149.mpr': 'biologic-mpr',
  'yadg/gcpl.issue_149.mpt': 'biologic-mpt',
  'yadg/gcpl.pr_182.1.mpr': 'biologic-mpr',
  'yadg/gcpl.pr_182.1.mpt': 'biologic-mpt',
  'yadg/geis.issue_149.mpr': 'biologic-mpr',
  'yadg/geis.issue_149.mpt': 'biologic-mpt',
  'yadg/mb.issue_95.de.mpt': 'biologic-mpt',
  'yadg/mb.issue_95.mpr': 'biologic-mpr',
  'yadg/mb.issue_95.mpt': 'biologic-mpt',
  'yadg/peis.mpr': 'biologic-mpr',
  'yadg/peis.mpt': 'biologic-mpt',
};

const notData = [
  'battery-data-toolkit/p492-13-summary.csv',
  'beep/FastCharge_000025_CH8_Metadata.csv',
  'beep/test_Nova_Form-CH01-01_short_metadata.csv',
  'dataset-cycling-with-strain-monitoring-for-samsung-30Q-cell/cell1_capacity_summary.lvm',
];

it('leaves a plain cycler CSV (time, voltage, current, cycle, step) to the generic reader', async () => {
  const text = writeGenericCsv(cyclingModel(), plainDialect);
  const reader = detectReader(
    await probeOf(bytesSource('cycling.csv', new TextEncoder().encode(text))),
    allReaders,
  );
  expect(reader.format).toBe('delimited-text');
});

describeRealData('format detection over every real file', () => {
  for (const [file, format] of Object.entries(expectedFormat)) {
    it(`${file} is read as ${format}`, async () => {
      const reader = detectReader(await probeOf(await realDataSource(file)), allReaders);
      expect(reader.format).toBe(format);
    });
  }

  for (const file of notData) {
    it(`${file} (a summary or metadata table) is refused with a typed error`, async () => {
      const probe = await probeOf(await realDataSource(file));
      expect(() => detectReader(probe, allReaders)).toThrow(UnknownFormatError);
    });
  }
});
