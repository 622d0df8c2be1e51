/**
 * A job's analysis once its files are read: each cell's cycling, OCV, LSV and pressure files go
 * through their analyses, then the cells are compared. Pure: the series come in, `Analysis`
 * (report.json results + the curves the figures draw) goes out.
 */
import type { Analysis, CellCurves, SpectrumCurves } from '../analysis.ts';
import { ANALYSIS_VERSION } from '../analysis.ts';
import { cellMetricsOf } from '../compare/cell-metrics.ts';
import { compareCells } from '../compare/comparison.ts';
import type { CellMetrics } from '../compare/replicates.ts';
import { analyzeCycling, type CyclingAnalysis } from '../cycling/analyze-cycling.ts';
import { analyzeLsv, DEFAULT_LSV_THRESHOLD_mA_cm2, type LsvResult } from '../cycling/lsv.ts';
import { type OcvStabilityResult, ocvStability } from '../cycling/ocv.ts';
import { segmentSteps } from '../cycling/steps.ts';
import { splitSpectra } from '../eis/spectrum.ts';
import { type EisEntry, summarizeSpectrum } from '../eis/summary.ts';
import type { Manifest, ManifestCell, ManifestFile } from '../manifest.ts';
import { message } from '../messages.ts';
import { type CellResult, type FileResult, RESULTS_VERSION } from '../results.ts';
import type { CanonicalSeries } from '../series.ts';
import { cyclingCurves, lsvCurve, ocvCurve, pressureCurve } from './curves.ts';
import { type ResolvedKind, resolveKind } from './kinds.ts';
import {
  type PressureSummary,
  type SoftShortSummary,
  softShortCurves,
  summarizePressure,
  summarizeSoftShorts,
} from './pressure.ts';

export interface LoadedFile {
  cell: string;
  file: ManifestFile;
  series: CanonicalSeries;
  sha256: string;
}

export interface AnalyzeOptions {
  jobId: string;
  version: string;
}

/** Settings every analysis uses, printed in the report's appendix. */
const settings = {
  lsvThreshold_mA_cm2: DEFAULT_LSV_THRESHOLD_mA_cm2,
  capacityIntegration: 'trapezoidal, within each step',
  stepThreshold: 'derived from the data (see steps.ts)',
} as const;

export function analyzeManifest(
  manifest: Manifest,
  files: readonly LoadedFile[],
  options: AnalyzeOptions,
): Analysis {
  const cellResults: CellResult[] = [];
  const curves: CellCurves[] = [];
  const metrics: CellMetrics[] = [];
  manifest.cells.forEach((cell, cellIndex) => {
    const cellFiles = files.filter((loaded) => loaded.cell === cell.id);
    const { result, cellCurves, cycling, ocv } = analyzeCell(cell, cellIndex, cellFiles);
    cellResults.push(result);
    curves.push(cellCurves);
    metrics.push({
      id: cell.id,
      group: cell.group,
      type: cell.type,
      temperatureC: cell.temperatureC,
      metrics: cellMetricsOf(cycling, ocv),
    });
  });
  const { comparison, warnings } = compareCells(metrics, manifest.baseline);
  // A condition without a baseline concerns every cell of it: say so on each.
  for (const warning of warnings) for (const result of cellResults) result.warnings.push(warning);
  return {
    version: ANALYSIS_VERSION,
    results: {
      version: RESULTS_VERSION,
      jobId: options.jobId,
      title: manifest.title,
      generatedBy: { name: 'cellreport', version: options.version },
      cells: cellResults,
      comparison,
    },
    curves,
    settings,
  };
}

interface CellOutcome {
  result: CellResult;
  cellCurves: CellCurves;
  cycling: CyclingAnalysis | null;
  ocv: OcvStabilityResult | null;
}

function analyzeCell(cell: ManifestCell, cellIndex: number, files: readonly LoadedFile[]): CellOutcome {
  const warnings: string[] = [];
  const offset_V = cell.referenceElectrode.offsetV;
  const description = {
    type: cell.type,
    areaCm2: cell.areaCm2,
    activeMassMg: cell.activeMassMg,
    referenceOffset_V: offset_V,
  };
  const byKind = new Map<ResolvedKind, LoadedFile[]>();
  const fileResults: FileResult[] = [];
  for (const loaded of files) {
    const fileIndex = cell.files.indexOf(loaded.file);
    const kind = resolveKind(loaded, `cells[${cellIndex}].files[${fileIndex}]`);
    byKind.set(kind, [...(byKind.get(kind) ?? []), loaded]);
    fileResults.push(fileResultOf(loaded, kind));
  }

  const cyclingFiles = byKind.get('cycling') ?? [];
  if (cyclingFiles.length > 1)
    warnings.push(message.extraCyclingFiles(cyclingFiles[0]!.file.path, cyclingFiles.length - 1));
  const cyclingFile = cyclingFiles[0] ?? null;
  let cycling: CyclingAnalysis | null = null;
  if (cyclingFile) {
    cycling = analyzeCycling(cyclingFile.series, description);
    warnings.push(...cycling.warnings);
    const fileResult = fileResults.find((entry) => entry.path === cyclingFile.file.path)!;
    fileResult.issues.push(...cycling.issues);
  } else {
    warnings.push(message.noCyclingFile(cell.id));
  }

  const ocvFile = byKind.get('ocv')?.[0] ?? null;
  let ocv: OcvStabilityResult | null = null;
  if (ocvFile) {
    const outcome = ocvStability(ocvFile.series, segmentSteps(ocvFile.series).steps, offset_V);
    ocv = outcome.result;
    warnings.push(...outcome.warnings);
  }

  const lsvFile = byKind.get('lsv')?.[0] ?? null;
  let lsv: LsvResult | null = null;
  if (lsvFile) {
    lsv = analyzeLsv(lsvFile.series, cell.areaCm2, offset_V);
    warnings.push(...lsv.warnings);
  }

  const eisEntries: EisEntry[] = [];
  const spectraCurves: SpectrumCurves[] = [];
  for (const eisFile of byKind.get('eis') ?? []) {
    for (const spectrum of splitSpectra(eisFile.series, eisFile.file.label ?? eisFile.file.path)) {
      const { entry, curves: spectrumCurves } = summarizeSpectrum(spectrum, eisFile.file.path, {
        cellType: cell.type,
        ...(eisFile.file.circuit ? { circuit: eisFile.file.circuit } : {}),
        ...(eisFile.file.arcs ? { arcs: eisFile.file.arcs } : {}),
      });
      eisEntries.push(entry);
      spectraCurves.push(spectrumCurves);
      warnings.push(...entry.warnings);
    }
  }

  const pressureFile = byKind.get('pressure')?.[0] ?? null;
  let pressure: PressureSummary | null = null;
  if (pressureFile) {
    if (cyclingFile) {
      pressure = summarizePressure(cyclingFile.series, pressureFile.series, offset_V, cycling, {
        type: cell.type,
        areaCm2: cell.areaCm2,
      });
      warnings.push(...pressure.warnings);
    } else {
      warnings.push(message.pressureWithoutCycling(pressureFile.file.path));
    }
  }

  let softShorts: SoftShortSummary | null = null;
  if (cyclingFile && cycling) {
    softShorts = summarizeSoftShorts(cyclingFile.series, cycling, pressure);
    warnings.push(...softShorts.warnings);
  }

  const efficiency = cycling?.efficiency ?? null;
  const result: CellResult = {
    id: cell.id,
    group: cell.group,
    type: cell.type,
    temperatureC: cell.temperatureC,
    areaCm2: cell.areaCm2,
    activeMassMg: cell.activeMassMg,
    coulombicEfficiencyConvention:
      cycling?.cycles.convention ?? (cell.type === 'full' ? 'discharge/charge' : 'charge/discharge'),
    stackPressureMPa: cell.stackPressureMPa,
    referenceElectrode: cell.referenceElectrode,
    cycles: cycling?.cycles.cycles ?? [],
    initialCoulombicEfficiency: efficiency?.initialCoulombicEfficiency ?? null,
    averageCoulombicEfficiency: efficiency?.averageCoulombicEfficiency ?? null,
    projectedCyclesTo80: efficiency?.projectedCyclesTo80 ?? null,
    capacityRetention: efficiency?.capacityRetention ?? null,
    nucleationOverpotential_V: cycling?.nucleation?.overpotential_V ?? null,
    ocv: ocv
      ? { driftOnset_h: ocv.driftOnset_h, level_V: ocv.level_V, restDuration_h: ocv.restDuration_h }
      : null,
    lsv: lsv ? { onsetPotential_V: lsv.onsetPotential_V, threshold_mA_cm2: lsv.threshold_mA_cm2 } : null,
    pressure: pressure
      ? {
          voltageCorrelation: pressure.voltageCorrelation,
          maxChange_MPa: pressure.maxChange_MPa,
          lag_s: pressure.lag_s,
          lagCorrelation: pressure.lagCorrelation,
          chargeCorrelations: pressure.chargeCorrelations,
          cycles: pressure.cycles,
        }
      : null,
    softShorts: softShorts?.entries ?? [],
    eis: eisEntries,
    files: fileResults,
    warnings,
  };
  const cellCurves: CellCurves = {
    cell: cell.id,
    ...(cyclingFile && cycling
      ? cyclingCurves(cyclingFile.series, cycling, offset_V)
      : { voltageTime: null, profiles: [], differential: [], nucleation: null }),
    ocv: ocvFile && ocv ? ocvCurve(ocvFile.series, ocv, offset_V) : null,
    pressure: pressure ? pressureCurve(pressure) : null,
    softShort:
      cyclingFile && cycling && softShorts
        ? softShortCurves(cyclingFile.series, cycling, softShorts, pressure, offset_V)
        : null,
    lsv: lsv ? lsvCurve(lsv) : null,
    spectra: spectraCurves,
  };
  return { result, cellCurves, cycling, ocv };
}

function fileResultOf(loaded: LoadedFile, kind: ResolvedKind): FileResult {
  const { series } = loaded;
  return {
    path: loaded.file.path,
    kind,
    format: series.provenance.format,
    formatVersion: series.provenance.formatVersion,
    instrument: series.provenance.instrument,
    rows: series.rows,
    sha256: loaded.sha256,
    bytes: series.provenance.bytes,
    startTime: series.startTime,
    timeSpan_s: series.rows > 0 ? series.time_s[series.rows - 1]! - series.time_s[0]! : null,
    issues: [...series.issues],
  };
}
