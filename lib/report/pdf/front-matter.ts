/** The title page (job, date, groups and cells) and the one-page summary (comparison and findings). */
import type { Results } from '../../core/results.ts';
import { FONT } from '../fonts.ts';
import { comparisonRows, findings, summaryEntries } from '../summary.ts';
import { fillText, type Wording } from '../wording.ts';
import type { ReportWriter } from './writer.ts';

export function writeTitlePage(writer: ReportWriter, results: Results, wording: Wording, date: Date): void {
  const { document, layout } = writer;
  writer.newPage();
  document.outline.addItem(results.title);
  document.y = document.page.margins.top + 90;
  document
    .font(FONT.regular)
    .fontSize(layout.fontSizes.subtitle)
    .fillColor(layout.colours.muted)
    .text(wording.document.titlePageHeading, writer.left, document.y, { width: writer.contentWidth });
  document.moveDown(0.5);
  document
    .font(FONT.bold)
    .fontSize(layout.fontSizes.title)
    .fillColor(layout.colours.text)
    .text(results.title, { width: writer.contentWidth });
  document.moveDown(0.8);
  writer.paragraph(fillText(wording.titlePage.jobLabel, { jobId: results.jobId }), {
    size: layout.fontSizes.subtitle,
  });
  writer.paragraph(fillText(wording.titlePage.dateLabel, { date: date.toISOString().slice(0, 10) }), {
    size: layout.fontSizes.subtitle,
  });
  document.moveDown(2);
  writer.subsection(wording.titlePage.cellsHeading, false);
  const shares = [0.22, 0.1, 0.08, 0.08, 0.11, 0.15, 0.08, 0.18];
  writer.table(
    wording.titlePage.cellColumns.map((header, index) => ({
      header,
      width: shares[index]!,
      align: index >= 3 && index <= 6 ? 'right' : 'left',
    })),
    results.cells.map((cell) => ({
      cells: [
        cell.id,
        cell.group,
        cell.type,
        String(cell.temperatureC),
        cell.areaCm2.toFixed(3),
        cell.activeMassMg === null ? '–' : cell.activeMassMg.toFixed(2),
        String(cell.cycles.length),
        cell.files.map((file) => file.kind).join(', '),
      ],
    })),
  );
  writer.paragraph(fillText(wording.document.generatedBy, { version: results.generatedBy.version }), {
    colour: layout.colours.muted,
    size: layout.fontSizes.caption,
  });
}

export function writeSummary(
  writer: ReportWriter,
  results: Results,
  wording: Wording,
  baselineGroup: string,
): void {
  const { layout } = writer;
  writer.section(wording.summary.title);
  const entries = summaryEntries(results, layout.summaryMetrics);
  writer.subsection(fillText(wording.summary.tableHeading, { baseline: baselineGroup }), false);
  if (entries.length === 0) writer.paragraph(wording.summary.noComparison);
  else {
    const shares = [0.17, 0.09, 0.06, 0.21, 0.07, 0.21, 0.19];
    writer.table(
      wording.summary.tableColumns.map((header, index) => ({
        header: fillText(header, { baseline: baselineGroup }),
        width: shares[index]!,
        align: index >= 2 && index !== 4 ? 'right' : 'left',
      })),
      comparisonRows(entries, wording).map((row) => ({
        cells: [row.metric, row.cells, row.temperature, row.baseline, row.group, row.value, row.delta],
      })),
    );
  }
  const sentences = findings(results, entries, wording);
  if (sentences.length > 0) {
    writer.subsection(wording.summary.findingsHeading, false);
    for (const sentence of sentences) writer.paragraph(`•  ${sentence}`);
  }
}
