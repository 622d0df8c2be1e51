/**
 * The render stage's library: analysis.json → Vega-Lite specs (templates/figures, filled with
 * the curves) → vega scenegraph (headless) → SVG files and report.pdf (pdfkit: the scenegraph
 * drawn as vector paths and text, embedded DejaVu fonts). The CLI's `report` command and the
 * pipeline's render stage both call `renderReport`.
 *
 *   analysis ─(figureBuilders)→ filled Vega-Lite specs ─(renderFigure)→ SVG + PDF drawing
 *            ─(ReportWriter: title, summary, sections, appendix)→ PDF bytes
 */
import { ANALYSIS_VERSION, type Analysis } from '../core/analysis.ts';
import type { CellResult } from '../core/results.ts';
import { createFigureContext, displayOrder } from './figures/context.ts';
import type { BuiltFigure } from './figures/figure.ts';
import { figureBuilders } from './figures/index.ts';
import { type DrawnFigure, renderFigure } from './figures/render.ts';
import { loadFonts } from './fonts.ts';
import {
  writeCycleTables,
  writeEisFits,
  writeIssues,
  writeProvenance,
  writeSettings,
} from './pdf/appendix.ts';
import { textBlocks } from './pdf/blocks.ts';
import { writeSummary, writeTitlePage } from './pdf/front-matter.ts';
import { type Layout, loadLayout } from './pdf/layout.ts';
import { ReportWriter } from './pdf/writer.ts';
import { figureTheme } from './templates.ts';
import { createTextMeasurer, type MeasureText, useFontMetricsInVega } from './text-metrics.ts';
import { fillText, loadWording, type Wording } from './wording.ts';

export interface RenderReportOptions {
  /** Fixes the PDF's creation date (and the date on the title page): same input, same bytes. */
  creationDate?: Date;
  /** Deflate the PDF's streams (default true); tests read the text of an uncompressed PDF. */
  compress?: boolean;
}

export interface RenderedFigure {
  name: string;
  svg: string;
}

export interface RenderedReport {
  pdf: Uint8Array;
  figures: RenderedFigure[];
}

/** Every figure name the report places, in order: the sections' figures, then the appendix's. */
function figureNames(layout: Layout): string[] {
  for (const name of layout.sections.flatMap((section) => section.content))
    if (!figureBuilders[name] && !textBlocks[name])
      throw new Error(
        `templates/report/layout.json names "${name}", which is neither a figure nor a text block`,
      );
  return [
    ...layout.sections.flatMap((section) => section.content.filter((name) => figureBuilders[name])),
    ...layout.appendixFigures,
  ];
}

/** The filled Vega-Lite spec of every figure the analysis has data for (null: left out). */
export function buildFigureSpecs(analysis: Analysis): Map<string, BuiltFigure | null> {
  const context = createFigureContext(analysis, figureTheme());
  const wording = loadWording();
  const builders = figureBuilders;
  return new Map(
    figureNames(loadLayout()).map((name) => {
      const build = builders[name];
      if (!build)
        throw new Error(`templates/report/layout.json names figure "${name}", which has no builder`);
      return [name, build(context, wording)];
    }),
  );
}

let measureText: MeasureText | undefined;

/** Renders the figures to SVG and writes the PDF. */
export async function renderReport(
  analysis: Analysis,
  options: RenderReportOptions = {},
): Promise<RenderedReport> {
  const fonts = loadFonts();
  if (!measureText) {
    measureText = createTextMeasurer(fonts);
    useFontMetricsInVega(measureText);
  }
  const layout = loadLayout();
  const wording = loadWording();
  const specs = buildFigureSpecs(analysis);
  const drawn = new Map<string, DrawnFigure>();
  for (const [name, figure] of specs) {
    if (figure) drawn.set(name, await renderFigure(figure.spec as never));
  }
  const creationDate = options.creationDate ?? new Date();
  const { results } = analysis;
  const writer = new ReportWriter(
    fonts,
    layout,
    {
      title: results.title,
      author: wording.document.author,
      subject: wording.document.subject,
      keywords: wording.document.keywords,
      creator: `${results.generatedBy.name} ${results.generatedBy.version}`,
      creationDate,
    },
    options.compress ?? true,
    measureText,
  );
  const context = createFigureContext(analysis, figureTheme());
  writeTitlePage(writer, results, wording, creationDate);
  writeSummary(writer, results, wording, context.baselineGroup);
  writeSections(writer, analysis, layout, wording, drawn, displayOrder(context, results.cells));
  writeAppendix(writer, analysis, layout, wording, drawn);
  writer.footers((page, pages) => fillText(wording.footer.page, { title: results.title, page, pages }), 1);
  const pdf = await writer.finish();
  return { pdf, figures: [...drawn].map(([name, figure]) => ({ name, svg: figure.svg })) };
}

/**
 * One section per analysis with its figures (numbered captions) and text blocks. A section with
 * nothing to show is left out, its figures' "missing" notes collected at the end of the summary
 * page instead.
 */
function writeSections(
  writer: ReportWriter,
  analysis: Analysis,
  layout: Layout,
  wording: Wording,
  drawn: ReadonlyMap<string, DrawnFigure>,
  cells: readonly CellResult[],
): void {
  const present = (name: string) => drawn.has(name) || (textBlocks[name]?.has(analysis) ?? false);
  const leftOut = layout.sections.filter((section) => !section.content.some(present));
  for (const section of leftOut) {
    for (const name of section.content)
      if (figureBuilders[name]) writer.paragraph(wording.figures[name]?.missing ?? name, noteStyle(writer));
  }
  let first = true;
  for (const section of layout.sections) {
    if (leftOut.includes(section)) continue;
    const text = wording.sections[section.id] ?? { title: section.id, intro: '' };
    // The heading stays with the intro, the blocks before the first figure and that figure.
    const firstFigure = section.content.find((name) => drawn.has(name));
    const leadingBlocks = section.content
      .slice(0, firstFigure ? section.content.indexOf(firstFigure) : 1)
      .filter((name) => textBlocks[name]?.has(analysis)).length;
    const keepWith =
      writer.paragraphHeight(text.intro) +
      leadingBlocks * BLOCK_KEEP_WITH_PT +
      (firstFigure
        ? writer.figureHeight(drawn.get(firstFigure)!.drawing, captionOf(wording, firstFigure))
        : 0);
    writer.section(text.title, { newPage: first, keepWith });
    first = false;
    writer.paragraph(text.intro);
    for (const name of section.content) {
      const block = textBlocks[name];
      if (block) {
        if (block.has(analysis)) block.write(writer, cells, wording);
      } else writeFigure(writer, wording, drawn, name);
    }
  }
}

/** Space kept below a heading whose section starts with a text block. */
const BLOCK_KEEP_WITH_PT = 80;

function writeFigure(
  writer: ReportWriter,
  wording: Wording,
  drawn: ReadonlyMap<string, DrawnFigure>,
  name: string,
): void {
  const figure = drawn.get(name);
  const text = wording.figures[name] ?? { caption: name, missing: name };
  if (figure) writer.figure(figure.drawing, text.caption);
  else writer.paragraph(text.missing, noteStyle(writer));
}

function captionOf(wording: Wording, name: string): string {
  return wording.figures[name]?.caption ?? name;
}

function noteStyle(writer: ReportWriter) {
  return { size: writer.layout.fontSizes.caption, colour: writer.layout.colours.muted };
}

function writeAppendix(
  writer: ReportWriter,
  analysis: Analysis,
  layout: Layout,
  wording: Wording,
  drawn: ReadonlyMap<string, DrawnFigure>,
): void {
  writer.section(wording.appendix.title);
  writeCycleTables(writer, analysis, wording);
  writeEisFits(writer, analysis.results.cells, wording);
  for (const name of layout.appendixFigures) {
    const figure = drawn.get(name);
    if (!figure) continue;
    writer.subsection(
      wording.figures[name]?.title ?? name,
      true,
      writer.figureHeight(figure.drawing, captionOf(wording, name)),
    );
    writeFigure(writer, wording, drawn, name);
  }
  writeIssues(writer, analysis.results.cells, wording);
  writeProvenance(writer, analysis.results.cells, wording);
  writeSettings(writer, analysis, wording, ANALYSIS_VERSION);
}
