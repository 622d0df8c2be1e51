import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../lib/core/analysis.ts';
import { renderReport } from '../../lib/report/index.ts';
import { FIXTURE_CREATION_DATE, lbhiAnalysisFixture } from '../generators/analysis-fixture.ts';
import { type ParsedPdf, parsePdf } from './pdf-text.ts';

const metrics = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../templates/report/wording.json'), 'utf8'),
).metrics as Record<string, { scale: number; decimals: number; unit: string }>;

let analysis: Analysis;
let compressed: Uint8Array;
let uncompressed: Uint8Array;
let parsed: ParsedPdf;
/** The PDF's text with line breaks as spaces (wrapped sentences read whole). */
let flatText: string;

beforeAll(async () => {
  analysis = lbhiAnalysisFixture();
  compressed = (await renderReport(analysis, { creationDate: FIXTURE_CREATION_DATE })).pdf;
  uncompressed = (await renderReport(analysis, { creationDate: FIXTURE_CREATION_DATE, compress: false })).pdf;
  parsed = parsePdf(uncompressed);
  flatText = parsed.text.replace(/\s+/g, ' ');
}, 120_000);

describe('the report PDF', () => {
  it('every comparison value in the summary equals report.json at the shown precision', () => {
    const summaryMetrics = Object.keys(metrics).filter(
      (metric) => metric !== 'firstCycleDischargeCapacity_mAh',
    );
    const entries = analysis.results.comparison.filter((entry) => summaryMetrics.includes(entry.metric));
    expect(entries.length).toBeGreaterThan(15);
    const summary = flatText.slice(flatText.indexOf('Summary'), flatText.indexOf('Findings'));
    for (const entry of entries) {
      const { scale, decimals } = metrics[entry.metric]!;
      const shown = (value: number) => (value * scale).toFixed(decimals).replace('-', '−');
      for (const side of [entry.baseline, ...entry.others]) {
        if (side.value !== null) expect(summary).toContain(shown(side.value));
      }
      for (const other of entry.others) {
        if (other.delta !== null && Number(shown(Math.abs(other.delta))) !== 0)
          expect(summary).toContain(`${other.delta > 0 ? '+' : '−'}${shown(Math.abs(other.delta))}`);
      }
    }
  });

  it('writes the findings from the numbers, as the paper reports them', () => {
    expect(flatText).toContain(
      'LBHI raises ICE from 70.3 % to 94.7 % (+24.4 points) in half cells at 25 °C.',
    );
    expect(flatText).toContain(
      'LBHI raises ICE from 20.1 % to 80.5 % (+60.4 points) in full cells at 100 °C.',
    );
    expect(flatText).toContain('Soft shorting from cycle 7 in nca-lbhi-cu-60');
    expect(flatText).toContain('The OCV of cu-lpscl-liin (LPSCl) rises from the plated-Li level after 72 h.');
  });

  it('has a title page, numbered pages, numbered figures and an outline entry per section', () => {
    expect(parsed.pages).toBe(18);
    expect(flatText).toContain(`page 2 of ${parsed.pages}`);
    expect(flatText).toContain('Figure 9.');
    expect(parsed.outline).toEqual(
      expect.arrayContaining([
        'Summary',
        'Half cells: plating and stripping',
        'Impedance',
        'Open-circuit voltage after plating',
        'Full cells: voltage profiles',
        'Cycling: efficiency and capacity',
        'Stack pressure',
        'Soft shorts',
        'Linear sweep voltammetry',
        'Appendix',
        'Impedance fits',
        'Differential voltage',
        'Data provenance',
      ]),
    );
  });

  it('states the soft shorts in words: first cycle, events, confidence, sizes, the charge that never completes', () => {
    // The model: a 60 mV stage-III fall plus the ±4 mV fluctuation (60.8 mV); ΔP follows the
    // voltage, 0.35 MPa per volt for a 0.36 mAh charge, scaled by each shorted charge's capacity
    // (0.31–0.33 mAh: 0.018–0.020 MPa; the never-completing 0.48 mAh charge of cycle 10: 0.029 MPa),
    // and cycle 10 has a second, voltage-only event.
    expect(flatText).toContain(
      'Soft shorting from cycle 7 in nca-lbhi-cu-60 (LBHI, 60 °C): 5 events in the charges of cycles 7–10; ' +
        '4 confirmed by the stack pressure, 1 from the voltage alone (lower confidence); ' +
        'voltage falls of 60.8 mV with pressure falls of 0.018–0.029 MPa; the charge of cycle 10 never completes.',
    );
    expect(flatText).toContain('Events of nca-lbhi-cu-60');
    expect(flatText).toContain('10 134.20–144.70 IV – – lower (voltage only) charge passes well beyond');
  });

  it('the pressure table shows each cycle as report.json has it, Li thickness from the capacity', () => {
    const cell = analysis.results.cells.find((entry) => entry.id === 'nca-lbhi-cu-60')!;
    const fixed = (value: number | null | undefined, digits: number) =>
      value === null || value === undefined ? '–' : value.toFixed(digits);
    const correlations = new Map(
      cell.pressure!.chargeCorrelations.map((entry) => [entry.cycle, entry.correlation]),
    );
    for (const cycle of cell.pressure!.cycles)
      expect(flatText).toContain(
        [
          cycle.cycle,
          fixed(cycle.chargeRise_MPa, 3),
          fixed(cycle.dischargeFall_MPa, 3),
          fixed(cycle.residual_MPa, 3),
          fixed(cycle.chargeLithium_um, 2),
          fixed(cycle.dischargeLithium_um, 2),
          fixed(cycle.residualLithium_um, 2),
          fixed(correlations.get(cycle.cycle), 3),
        ].join(' '),
      );
    // Independent truth: the first charge passes 0.36 mAh over 0.785 cm²; 1 mAh/cm² ≈ 4.85 µm of Li.
    expect(flatText).toContain(`1 0.350 0.273 0.077 ${((0.36 / 0.785) * 4.85).toFixed(2)}`);
    expect(flatText).toContain(
      'Voltage and ΔP: r = 0.66 over the test; r within each charge 1.00. Largest |ΔP| 0.536 MPa.',
    );
  });

  it('tables never split a word: codes, cell ids and headers stay whole', () => {
    for (const word of [
      'non_monotonic_time',
      'decimal_comma',
      'Severity',
      'nca-lbhi-cu-60',
      'cu-lbhi-lpscl-liin',
    ])
      expect(parsed.text.split('\n')).toContain(word);
  });

  it('embeds the DejaVu fonts and renders Unicode text (µ, Ω, ², Δ, ≤, –) as text', () => {
    expect(parsed.embeddedFonts.map((name) => name.split('+')[1])).toEqual([
      'DejaVuSans',
      'DejaVuSans-Bold',
      'DejaVuSansCondensed',
    ]);
    for (const glyph of ['µm', 'Ω', 'cm²', 'Δ vs baseline', '≤ 1.00 %', 'Kramers–Kronig'])
      expect(flatText).toContain(glyph);
  });

  it('the appendix shows EIS fits, data-quality issues and the provenance of every file', () => {
    expect(flatText).toContain('Kramers–Kronig: FAIL');
    expect(flatText).toContain('Time goes backwards at 3 row(s)');
    for (const cell of analysis.results.cells)
      for (const file of cell.files) expect(flatText).toContain(file.sha256);
    expect(flatText).toContain('differential.smoothingWindow_points');
  });

  it('stays under 5 MB, even with its streams uncompressed', () => {
    expect(uncompressed.length).toBeLessThan(5 * 1024 * 1024);
    expect(compressed.length).toBeLessThan(uncompressed.length);
  });

  it('a fixed creation date gives the same bytes twice', async () => {
    const again = await renderReport(lbhiAnalysisFixture(), {
      creationDate: FIXTURE_CREATION_DATE,
      compress: false,
    });
    expect(Buffer.from(again.pdf).equals(Buffer.from(uncompressed))).toBe(true);
  });

  it('the creation date is in the document metadata and on the title page', () => {
    expect(Buffer.from(uncompressed).toString('latin1')).toContain('(D:20250314093000Z)');
    expect(flatText).toContain('Report date 2025-03-14');
  });
});

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const pdftotext = hasPdftotext();
if (!pdftotext)
  console.warn(
    'pdftotext (poppler-utils) is not installed: the poppler cross-check of the PDF text is SKIPPED',
  );

describe.skipIf(!pdftotext)('the PDF read by poppler', () => {
  it('pdftotext finds the summary sentence and the Unicode symbols', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellreport-'));
    writeFileSync(join(dir, 'report.pdf'), compressed);
    const text = execFileSync('pdftotext', [join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('LBHI raises ICE from 70.3 % to 94.7 % (+24.4 points)');
    expect(text).toContain('Ω');
  });
});
