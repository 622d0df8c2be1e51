/**
 * The appendix: per-cycle tables, impedance fit tables (values ± standard errors, χ²,
 * Kramers–Kronig), data-quality issues, provenance of every file, version and settings.
 */
import type { Analysis } from '../../core/analysis.ts';
import { parseCircuit } from '../../core/eis/circuit/index.ts';
import type { CellResult, CycleResult } from '../../core/results.ts';
import { formatScientific, formatUnit, MISSING } from '../format.ts';
import { fillText, type Wording } from '../wording.ts';
import type { ReportWriter, TableColumn } from './writer.ts';

function columns(headers: string[], shares: number[], rightFrom = 1): TableColumn[] {
  return headers.map((header, index) => ({
    header,
    width: shares[index]!,
    align: index >= rightFrom ? 'right' : 'left',
  }));
}

const fixed = (value: number | null, digits: number) => (value === null ? MISSING : value.toFixed(digits));
const percent = (value: number | null) => (value === null ? MISSING : (value * 100).toFixed(1));

export function writeCycleTables(writer: ReportWriter, analysis: Analysis, wording: Wording): void {
  const text = wording.appendix.cycleTables;
  writer.subsection(text.title);
  for (const cell of analysis.results.cells) {
    writer.paragraph(
      fillText(text.cellHeading, {
        cell: cell.id,
        group: cell.group,
        type: cell.type,
        temperature: cell.temperatureC,
        convention: cell.coulombicEfficiencyConvention,
      }),
      { size: writer.layout.fontSizes.caption },
    );
    if (cell.cycles.length === 0) {
      writer.paragraph(text.none, { size: writer.layout.fontSizes.caption });
      continue;
    }
    writer.table(
      columns(text.columns, [0.08, 0.14, 0.14, 0.1, 0.15, 0.15, 0.1, 0.14]),
      cell.cycles.map((cycle: CycleResult) => ({
        cells: [
          String(cycle.index),
          fixed(cycle.chargeCapacity_mAh, 4),
          fixed(cycle.dischargeCapacity_mAh, 4),
          percent(cycle.coulombicEfficiency),
          fixed(cycle.chargeSpecificCapacity_mAh_g, 1),
          fixed(cycle.dischargeSpecificCapacity_mAh_g, 1),
          percent(cycle.energyEfficiency),
          cycle.complete ? 'yes' : 'no',
        ],
      })),
    );
  }
}

function parameterUnits(circuit: string): Map<string, string> {
  try {
    const parsed = parseCircuit(circuit);
    return new Map(
      parsed.parameterNames.map((name, index) => [name, formatUnit(parsed.parameterUnits[index] ?? '')]),
    );
  } catch {
    return new Map();
  }
}

export function writeEisFits(writer: ReportWriter, cells: readonly CellResult[], wording: Wording): void {
  const text = wording.appendix.eisFits;
  writer.subsection(text.title);
  let any = false;
  for (const cell of cells) {
    for (const entry of cell.eis) {
      any = true;
      const units = parameterUnits(entry.circuit);
      writer.paragraph(
        fillText(text.spectrumHeading, { cell: cell.id, label: entry.label, circuit: entry.circuit }),
        {
          size: writer.layout.fontSizes.caption,
        },
      );
      if (entry.parameters)
        writer.table(
          columns(text.columns, [0.25, 0.25, 0.25, 0.25]),
          Object.entries(entry.parameters ?? {}).map(([name, value]) => ({
            cells: [
              name,
              formatScientific(value),
              formatScientific(entry.standardErrors?.[name] ?? null, 2),
              units.get(name) ?? '',
            ],
          })),
        );
      const kk = entry.kramersKronig;
      const kkText = !kk
        ? text.kramersKronigMissing
        : fillText(kk.pass ? text.kramersKronigPass : text.kramersKronigFail, {
            value: (kk.maxResidual * 100).toFixed(2),
            threshold: (kk.threshold * 100).toFixed(2),
          });
      writer.paragraph(
        [
          `${fillText(text.chiSquare, { value: formatScientific(entry.chiSquare) })}; ${kkText}`,
          ...entry.warnings,
        ].join(' '),
        {
          size: writer.layout.fontSizes.caption,
        },
      );
    }
  }
  if (!any) writer.paragraph(text.none);
}

export function writeIssues(writer: ReportWriter, cells: readonly CellResult[], wording: Wording): void {
  const text = wording.appendix.issues;
  writer.subsection(text.title);
  const rows = cells.flatMap((cell) =>
    cell.files.flatMap((file) =>
      file.issues.map((issue) => {
        const where = [
          issue.location.line === undefined ? null : `line ${issue.location.line}`,
          issue.location.byteOffset === undefined ? null : `byte ${issue.location.byteOffset}`,
          issue.location.column === undefined ? null : `“${issue.location.column}”`,
          issue.count === undefined ? null : `×${issue.count}`,
        ]
          .filter(Boolean)
          .join(', ');
        return { cells: [file.path, issue.severity, issue.code, where, issue.message] };
      }),
    ),
  );
  if (rows.length === 0) writer.paragraph(text.none);
  else writer.table(columns(text.columns, [0.24, 0.08, 0.15, 0.15, 0.38], 99), rows);
  const warnings = cells.flatMap((cell) => cell.warnings.map((warning) => ({ cells: [cell.id, warning] })));
  if (warnings.length > 0) {
    writer.paragraph(text.warningsHeading, { size: writer.layout.fontSizes.caption });
    writer.table(columns(text.warningColumns, [0.22, 0.78], 99), warnings);
  }
}

export function writeProvenance(writer: ReportWriter, cells: readonly CellResult[], wording: Wording): void {
  const text = wording.appendix.provenance;
  writer.subsection(text.title);
  const rows = cells.flatMap((cell) =>
    cell.files.map((file) => ({
      cells: [
        cell.id,
        file.path,
        file.kind,
        file.formatVersion ? `${file.format} ${file.formatVersion}` : file.format,
        file.instrument ?? MISSING,
        String(file.rows),
        file.startTime ?? MISSING,
      ],
      note: `SHA-256 ${file.sha256}`,
    })),
  );
  writer.table(columns(text.columns.slice(0, 7), [0.14, 0.25, 0.08, 0.13, 0.13, 0.07, 0.2], 5), rows);
}

export function writeSettings(
  writer: ReportWriter,
  analysis: Analysis,
  wording: Wording,
  analysisVersion: number,
): void {
  const text = wording.appendix.settings;
  writer.subsection(text.title);
  const { generatedBy, version } = analysis.results;
  writer.paragraph(
    fillText(text.version, {
      name: generatedBy.name,
      version: generatedBy.version,
      analysisVersion,
      resultsVersion: version,
    }),
  );
  const rows = Object.entries(analysis.settings).map(([name, value]) => ({
    cells: [name, value === null ? MISSING : String(value)],
  }));
  if (rows.length === 0) writer.paragraph(text.none);
  else writer.table(columns(text.columns, [0.5, 0.5], 99), rows);
}
