/**
 * A flowing writer over pdfkit: headings that become outline entries, paragraphs, vector
 * figures (SVG through svg-to-pdfkit) with numbered captions, and tables that break across
 * pages repeating their header. It keeps the cursor and starts a new page when the next block
 * does not fit.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { FONT, type FontFiles, type FontName } from '../fonts.ts';
import type { Layout } from './layout.ts';

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  creationDate: Date;
}

export interface TableColumn {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableRow {
  cells: string[];
  /** A line under the row spanning every column (e.g. a file's SHA-256). */
  note?: string;
}

type OutlineItem = ReturnType<PDFKit.PDFDocument['outline']['addItem']>;

export class ReportWriter {
  readonly document: PDFKit.PDFDocument;
  readonly layout: Layout;
  #figureNumber = 0;
  #currentSection: OutlineItem | null = null;

  constructor(fonts: FontFiles, layout: Layout, info: DocumentInfo, compress: boolean) {
    this.layout = layout;
    this.document = new PDFDocument({
      size: layout.page.size,
      margin: layout.page.margin,
      bufferPages: true,
      autoFirstPage: false,
      compress,
      displayTitle: true,
      lang: 'en',
      info: {
        Title: info.title,
        Author: info.author,
        Subject: info.subject,
        Keywords: info.keywords,
        Creator: info.creator,
        Producer: info.creator,
        CreationDate: info.creationDate,
        ModDate: info.creationDate,
      },
    });
    for (const [name, bytes] of Object.entries(fonts)) this.document.registerFont(name, bytes);
    this.document.font(FONT.regular);
  }

  get contentWidth(): number {
    const { page } = this.document;
    return page.width - page.margins.left - page.margins.right;
  }

  get left(): number {
    return this.document.page.margins.left;
  }

  get bottom(): number {
    const { page } = this.document;
    return page.height - page.margins.bottom;
  }

  newPage(): void {
    this.document.addPage();
  }

  /** Starts a new page unless `height` points still fit below the cursor. */
  ensureSpace(height: number): void {
    if (this.document.y + height > this.bottom) this.newPage();
  }

  /**
   * A section heading with a top-level outline entry: on a new page when asked, or when the
   * heading and the `keepWith` points that follow it (its intro and first figure) do not fit.
   */
  section(title: string, options: { newPage: boolean; keepWith?: number } = { newPage: true }): void {
    const headingHeight = this.layout.fontSizes.heading * 3;
    if (options.newPage || this.document.y + headingHeight + (options.keepWith ?? 0) > this.bottom)
      this.newPage();
    else this.document.moveDown(1.5);
    this.#currentSection = this.document.outline.addItem(title);
    this.#text(title, FONT.bold, this.layout.fontSizes.heading);
    this.document.moveDown(0.4);
  }

  /** A heading inside the current section, nested in the outline. */
  subsection(title: string, bookmark = true, keepWith = 0): void {
    this.ensureSpace(this.layout.fontSizes.subheading * 4 + keepWith);
    this.document.moveDown(0.5);
    if (bookmark) (this.#currentSection ?? this.document.outline).addItem(title);
    this.#text(title, FONT.bold, this.layout.fontSizes.subheading);
    this.document.moveDown(0.25);
  }

  paragraph(text: string, options: { size?: number; colour?: string; font?: FontName } = {}): void {
    if (!text) return;
    const size = options.size ?? this.layout.fontSizes.body;
    const font = options.font ?? FONT.regular;
    const height = this.document.font(font).fontSize(size).heightOfString(text, { width: this.contentWidth });
    this.ensureSpace(height);
    this.#text(text, font, size, options.colour);
    this.document.moveDown(0.35);
  }

  /** Size of a figure on the page: scaled to the content width and to a page with its caption. */
  #figureBox(svg: string, caption: string): { width: number; height: number; captionHeight: number } {
    const size = svgSize(svg);
    const captionHeight = this.document
      .font(FONT.regular)
      .fontSize(this.layout.fontSizes.caption)
      .heightOfString(`Figure 99. ${caption}`, { width: this.contentWidth });
    const page = this.document.page;
    const fullHeight = page.height - page.margins.top - page.margins.bottom - captionHeight - 12;
    const scale = Math.min(1, this.contentWidth / size.width, fullHeight / size.height);
    return { width: size.width * scale, height: size.height * scale, captionHeight };
  }

  /** The height a figure with its caption takes, to keep a heading with it. */
  figureHeight(svg: string, caption: string): number {
    const box = this.#figureBox(svg, caption);
    return box.height + box.captionHeight + 8;
  }

  /** The height a paragraph takes at body size. */
  paragraphHeight(text: string): number {
    if (!text) return 0;
    return (
      this.document
        .font(FONT.regular)
        .fontSize(this.layout.fontSizes.body)
        .heightOfString(text, { width: this.contentWidth }) + 4
    );
  }

  /** A vector figure scaled to fit the page, then "Figure N. caption". Returns N. */
  figure(svg: string, caption: string): number {
    const { width, height, captionHeight } = this.#figureBox(svg, caption);
    this.ensureSpace(height + captionHeight + 8);
    const x = this.left + (this.contentWidth - width) / 2;
    const y = this.document.y + 4;
    SVGtoPDF(this.document, svg, x, y, {
      width,
      height,
      assumePt: true,
      preserveAspectRatio: 'xMidYMin meet',
      fontCallback: (_family, bold) => (bold ? FONT.bold : FONT.regular),
    });
    this.#figureNumber += 1;
    this.document.x = this.left;
    this.document.y = y + height + 4;
    this.#figureCaption(this.#figureNumber, caption);
    return this.#figureNumber;
  }

  #figureCaption(number: number, caption: string): void {
    const size = this.layout.fontSizes.caption;
    this.document
      .font(FONT.bold)
      .fontSize(size)
      .fillColor(this.layout.colours.text)
      .text(`Figure ${number}. `, this.left, this.document.y, { continued: true, width: this.contentWidth })
      .font(FONT.regular)
      .text(caption);
    this.document.moveDown(0.8);
  }

  /** A table in the condensed face; long tables continue on the next page under a repeated header. */
  table(columns: TableColumn[], rows: TableRow[], options: { size?: number } = {}): void {
    const document = this.document;
    const size = options.size ?? this.layout.fontSizes.table;
    const padding = 2.5;
    const widths = columns.map((column) => column.width * this.contentWidth);
    const cellHeight = (cells: string[], font: FontName) =>
      Math.max(
        ...cells.map((text, index) =>
          document
            .font(font)
            .fontSize(size)
            .heightOfString(text || ' ', { width: widths[index]! - 2 * padding }),
        ),
      ) +
      2 * padding;
    const noteHeight = (note: string | undefined) =>
      note
        ? document
            .font(FONT.condensed)
            .fontSize(size)
            .heightOfString(note, { width: this.contentWidth - 4 * padding }) + padding
        : 0;
    const drawRow = (cells: string[], font: FontName, fill: string | null) => {
      const height = cellHeight(cells, font);
      const top = document.y;
      if (fill) document.rect(this.left, top, this.contentWidth, height).fill(fill);
      let x = this.left;
      cells.forEach((text, index) => {
        document
          .font(font)
          .fontSize(size)
          .fillColor(this.layout.colours.text)
          .text(text, x + padding, top + padding, {
            width: widths[index]! - 2 * padding,
            align: columns[index]!.align ?? 'left',
          });
        x += widths[index]!;
      });
      document.x = this.left;
      document.y = top + height;
    };
    const header = columns.map((column) => column.header);
    const drawHeader = () => drawRow(header, FONT.bold, this.layout.colours.tableHeader);
    this.ensureSpace(cellHeight(header, FONT.bold) + cellHeight(rows[0]?.cells ?? header, FONT.condensed));
    drawHeader();
    rows.forEach((row, index) => {
      const height = cellHeight(row.cells, FONT.condensed) + noteHeight(row.note);
      if (document.y + height > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const top = document.y;
      const fill = index % 2 === 1 ? this.layout.colours.tableStripe : null;
      if (fill) document.rect(this.left, top, this.contentWidth, height).fill(fill);
      drawRow(row.cells, FONT.condensed, null);
      if (row.note) {
        document
          .font(FONT.condensed)
          .fontSize(size)
          .fillColor(this.layout.colours.muted)
          .text(row.note, this.left + 2 * padding, document.y, { width: this.contentWidth - 4 * padding });
        document.y = top + height;
      }
    });
    document
      .moveTo(this.left, document.y)
      .lineTo(this.left + this.contentWidth, document.y)
      .lineWidth(0.5)
      .strokeColor(this.layout.colours.rule)
      .stroke();
    document.x = this.left;
    document.moveDown(0.6);
  }

  /** Writes `text(page, pages)` at the foot of every page from `firstPage` (0-based) on. */
  footers(text: (page: number, pages: number) => string, firstPage: number): void {
    const document = this.document;
    const { start, count } = document.bufferedPageRange();
    for (let index = start + firstPage; index < start + count; index++) {
      document.switchToPage(index);
      const bottomMargin = document.page.margins.bottom;
      // Writing inside the bottom margin must not trigger pdfkit's automatic page break.
      document.page.margins.bottom = 0;
      document
        .font(FONT.regular)
        .fontSize(this.layout.fontSizes.footer)
        .fillColor(this.layout.colours.muted)
        .text(text(index + 1, count), this.left, document.page.height - bottomMargin / 2 - 4, {
          width: this.contentWidth,
          align: 'center',
          lineBreak: false,
        });
      document.page.margins.bottom = bottomMargin;
    }
  }

  #text(text: string, font: FontName, size: number, colour?: string): void {
    this.document
      .font(font)
      .fontSize(size)
      .fillColor(colour ?? this.layout.colours.text)
      .text(text, this.left, this.document.y, { width: this.contentWidth });
  }

  /** The finished PDF's bytes. */
  async finish(): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    const done = new Promise<void>((resolve, reject) => {
      this.document.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.document.on('end', () => resolve());
      this.document.on('error', reject);
    });
    this.document.end();
    await done;
    return new Uint8Array(Buffer.concat(chunks));
  }
}

/** The SVG's own width and height attributes (vega writes both), in px. */
export function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\bwidth="([\d.]+)"/.exec(open)?.[1]);
  const height = Number(/\bheight="([\d.]+)"/.exec(open)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('figure SVG has no width and height');
  return { width, height };
}
