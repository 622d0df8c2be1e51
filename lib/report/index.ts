/**
 * The render stage's library: analysis.json → Vega-Lite specs (templates/figures, filled with
 * the curves) → SVG (vega, headless) → report.pdf (pdfkit + svg-to-pdfkit, vectors, embedded
 * DejaVu fonts). The CLI's `report` command and the pipeline's render stage both call
 * `renderReport`.
 *
 *   analysis ─(figureBuilders)→ filled Vega-Lite specs ─(renderSvg)→ SVG
 *            ─(ReportWriter: title, summary, sections, appendix)→ PDF bytes
 */
import { ANALYSIS_VERSION, type Analysis } from '../core/analysis.ts';
import { createFigureContext } from './figures/context.ts';
import type { BuiltFigure } from './figures/figure.ts';
import { figureBuilders } from './figures/index.ts';
import { renderSvg } from './figures/render.ts';
import { loadFonts } from './fonts.ts';
import {
  writeCycleTables,
  writeEisFits,
  writeIssues,
  writeProvenance,
  writeSettings,
} from './pdf/appendix.ts';
import { writeSummary, writeTitlePage } from './pdf/front-matter.ts';
import { type Layout, loadLayout } from './pdf/layout.ts';
import { ReportWriter } from './pdf/writer.ts';
import { figureTheme } from './templates.ts';
import { createTextMeasurer, useFontMetricsInVega } from './text-metrics.ts';
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
  return [...layout.sections.flatMap((section) => section.figures), ...layout.appendixFigures];
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

let vegaMeasuresFonts = false;

/** Renders the figures to SVG and writes the PDF. */
export async function renderReport(
  analysis: Analysis,
  options: RenderReportOptions = {},
): Promise<RenderedReport> {
  const fonts = loadFonts();
  if (!vegaMeasuresFonts) {
    useFontMetricsInVega(createTextMeasurer(fonts));
    vegaMeasuresFonts = true;
  }
  const layout = loadLayout();
  const wording = loadWording();
  const specs = buildFigureSpecs(analysis);
  const svgs = new Map<string, string>();
  for (const [name, figure] of specs) {
    if (figure) svgs.set(name, (await renderSvg(figure.spec as never)).svg);
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
  );
  const baselineGroup = createFigureContext(analysis, figureTheme()).baselineGroup;
  writeTitlePage(writer, results, wording, creationDate);
  writeSummary(writer, results, wording, baselineGroup);
  writeSections(writer, layout, wording, svgs);
  writeAppendix(writer, analysis, layout, wording, svgs);
  writer.footers((page, pages) => fillText(wording.footer.page, { title: results.title, page, pages }), 1);
  const pdf = await writer.finish();
  return { pdf, figures: [...svgs].map(([name, svg]) => ({ name, svg })) };
}

/**
 * One section per analysis with its figures and numbered captions. A section with none of its
 * figures is left out, its "missing" notes collected at the end of the summary page instead.
 */
function writeSections(
  writer: ReportWriter,
  layout: Layout,
  wording: Wording,
  svgs: ReadonlyMap<string, string>,
): void {
  const leftOut = layout.sections.filter((section) => section.figures.every((name) => !svgs.has(name)));
  for (const section of leftOut) {
    for (const name of section.figures)
      writer.paragraph(wording.figures[name]?.missing ?? name, noteStyle(writer));
  }
  let first = true;
  for (const section of layout.sections) {
    if (leftOut.includes(section)) continue;
    const text = wording.sections[section.id] ?? { title: section.id, intro: '' };
    const firstFigure = section.figures.find((name) => svgs.has(name))!;
    const keepWith =
      writer.paragraphHeight(text.intro) +
      writer.figureHeight(svgs.get(firstFigure)!, captionOf(wording, firstFigure));
    writer.section(text.title, { newPage: first, keepWith });
    first = false;
    writer.paragraph(text.intro);
    for (const name of section.figures) writeFigure(writer, wording, svgs, name);
  }
}

function writeFigure(
  writer: ReportWriter,
  wording: Wording,
  svgs: ReadonlyMap<string, string>,
  name: string,
): void {
  const svg = svgs.get(name);
  const text = wording.figures[name] ?? { caption: name, missing: name };
  if (svg) writer.figure(svg, text.caption);
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
  svgs: ReadonlyMap<string, string>,
): void {
  writer.section(wording.appendix.title);
  writeCycleTables(writer, analysis, wording);
  writeEisFits(writer, analysis.results.cells, wording);
  for (const name of layout.appendixFigures) {
    const svg = svgs.get(name);
    if (!svg) continue;
    writer.subsection(
      wording.figures[name]?.title ?? name,
      true,
      writer.figureHeight(svg, captionOf(wording, name)),
    );
    writeFigure(writer, wording, svgs, name);
  }
  writeIssues(writer, analysis.results.cells, wording);
  writeProvenance(writer, analysis.results.cells, wording);
  writeSettings(writer, analysis, wording, ANALYSIS_VERSION);
}
