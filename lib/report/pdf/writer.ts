/**
 * A flowing writer over pdfkit: headings that become outline entries, paragraphs, vector
 * figures (vega's scenegraph drawn as PDF paths, see figures/pdf-canvas.ts) with numbered captions, and tables that break across
 * pages repeating their header. It keeps the cursor and starts a new page when the next block
 * does not fit.
 */
import PDFDocument from 'pdfkit';
import type { FigureDrawing } from '../figures/pdf-canvas.ts';
import { FONT, type FontFiles, type FontName } from '../fonts.ts';
import type { MeasureText } from '../text-metrics.ts';
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
  /** Share of the width left over once every column holds its text (see `table`). */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableRow {
  cells: string[];
  /** A line under the row spanning every column (e.g. a file's SHA-256). */
  note?: string;
}

type OutlineItem = ReturnType<PDFKit.PDFDocument['outline']['addItem']>;

const TABLE_PADDING = 2.5;

/**
 * The pieces a column must hold whole: split at spaces and after "/" (file paths may wrap at a
 * folder), never at "-" or "_" (cell ids and codes stay whole).
 */
function words(text: string): string[] {
  return text.split(/\s+|(?<=\/)/).filter(Boolean);
}

export class ReportWriter {
  readonly document: PDFKit.PDFDocument;
  readonly layout: Layout;
  #figureNumber = 0;
  #currentSection: OutlineItem | null = null;
  readonly #widths = new Map<string, number>();

  readonly #measure: MeasureText;

  /** `measure` sizes table cells (the glyph advances of the same fonts, see text-metrics.ts). */
  constructor(fonts: FontFiles, layout: Layout, info: DocumentInfo, compress: boolean, measure: MeasureText) {
    this.layout = layout;
    this.#measure = measure;
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
  #figureBox(
    size: { width: number; height: number },
    caption: string,
  ): { scale: number; width: number; height: number; captionHeight: number } {
    const captionHeight = this.document
      .font(FONT.regular)
      .fontSize(this.layout.fontSizes.caption)
      .heightOfString(`Figure 99. ${caption}`, { width: this.contentWidth });
    const page = this.document.page;
    const fullHeight = page.height - page.margins.top - page.margins.bottom - captionHeight - 12;
    const scale = Math.min(1, this.contentWidth / size.width, fullHeight / size.height);
    return { scale, width: size.width * scale, height: size.height * scale, captionHeight };
  }

  /** The height a figure with its caption takes, to keep a heading with it. */
  figureHeight(drawing: FigureDrawing, caption: string): number {
    const box = this.#figureBox(drawing, caption);
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
  figure(drawing: FigureDrawing, caption: string): number {
    const { scale, width, height, captionHeight } = this.#figureBox(drawing, caption);
    this.ensureSpace(height + captionHeight + 8);
    const x = this.left + (this.contentWidth - width) / 2;
    const y = this.document.y + 4;
    this.document.save().translate(x, y).scale(scale);
    drawing.draw(this.document);
    this.document.restore();
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

  /** Width of `text` in `font` at `size`, cached: tables measure every cell. */
  #textWidth(text: string, font: FontName, size: number): number {
    const key = `${font}\u0000${size}\u0000${text}`;
    let width = this.#widths.get(key);
    if (width === undefined) {
      width = this.#measure(text, font, size);
      this.#widths.set(key, width);
    }
    return width;
  }

  /**
   * Column widths that never split a word: each column gets at least its widest word (see
   * `words`), then the rest of the width
   * goes where text would otherwise wrap, in proportion to how much wider its longest cell is.
   * The columns' `width` shares divide what is left when every cell fits on one line.
   */
  #columnWidths(columns: readonly TableColumn[], cellsByRow: readonly string[][], size: number): number[] {
    const padding = 2 * TABLE_PADDING + 0.5;
    const natural = columns.map((column) => this.#textWidth(column.header, FONT.bold, size) + padding);
    const minimum = columns.map(
      (column) =>
        Math.max(0, ...words(column.header).map((word) => this.#textWidth(word, FONT.bold, size))) + padding,
    );
    for (const cells of cellsByRow)
      cells.forEach((text, index) => {
        if (index >= columns.length || !text) return;
        const lines = text.split('\n');
        for (const line of lines)
          natural[index] = Math.max(natural[index]!, this.#textWidth(line, FONT.condensed, size) + padding);
        for (const word of words(text))
          minimum[index] = Math.max(minimum[index]!, this.#textWidth(word, FONT.condensed, size) + padding);
      });
    const total = this.contentWidth;
    const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
    if (sum(natural) <= total) {
      const spare = total - sum(natural);
      const shares = sum(columns.map((column) => column.width)) || 1;
      return natural.map((width, index) => width + (spare * columns[index]!.width) / shares);
    }
    if (sum(minimum) <= total) {
      const spare = total - sum(minimum);
      const wanted = natural.map((width, index) => width - minimum[index]!);
      const wantedSum = sum(wanted) || 1;
      return minimum.map((width, index) => width + (spare * wanted[index]!) / wantedSum);
    }
    return minimum.map((width) => (width * total) / sum(minimum));
  }

  /** A table in the condensed face; long tables continue on the next page under a repeated header. */
  table(columns: TableColumn[], rows: TableRow[], options: { size?: number } = {}): void {
    const document = this.document;
    const size = options.size ?? this.layout.fontSizes.table;
    const padding = TABLE_PADDING;
    const header = columns.map((column) => column.header);
    const widths = this.#columnWidths(
      columns,
      rows.map((row) => row.cells),
      size,
    );
    const lineHeight = (font: FontName) => document.font(font).fontSize(size).currentLineHeight(true);
    /** One line needs no wrapping: measured, not laid out (the line wrapper is slow). */
    const fitsOneLine = (text: string, font: FontName, index: number) =>
      !text.includes('\n') && this.#textWidth(text, font, size) <= widths[index]! - 2 * padding;
    const cellHeight = (cells: string[], font: FontName) =>
      Math.max(
        ...cells.map((text, index) =>
          fitsOneLine(text, font, index)
            ? lineHeight(font)
            : document
                .font(font)
                .fontSize(size)
                .heightOfString(text || ' ', { width: widths[index]! - 2 * padding }),
        ),
      ) +
      2 * padding;
    const noteWidth = this.contentWidth - 4 * padding;
    const noteFits = (note: string) => this.#textWidth(note, FONT.condensed, size) <= noteWidth;
    const noteHeight = (note: string | undefined) =>
      !note
        ? 0
        : (noteFits(note)
            ? lineHeight(FONT.condensed)
            : document.font(FONT.condensed).fontSize(size).heightOfString(note, { width: noteWidth })) +
          padding;
    const drawRow = (cells: string[], font: FontName, fill: string | null) => {
      const height = cellHeight(cells, font);
      const top = document.y;
      if (fill) document.rect(this.left, top, this.contentWidth, height).fill(fill);
      let x = this.left;
      cells.forEach((text, index) => {
        const width = widths[index]! - 2 * padding;
        const align = columns[index]!.align ?? 'left';
        document.font(font).fontSize(size).fillColor(this.layout.colours.text);
        if (fitsOneLine(text, font, index)) {
          const spare = width - this.#textWidth(text, font, size);
          const offset = align === 'right' ? spare : align === 'center' ? spare / 2 : 0;
          document.text(text, x + padding + offset, top + padding, { lineBreak: false });
        } else document.text(text, x + padding, top + padding, { width, align });
        x += widths[index]!;
      });
      document.x = this.left;
      document.y = top + height;
    };
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
        document.font(FONT.condensed).fontSize(size).fillColor(this.layout.colours.muted);
        if (noteFits(row.note))
          document.text(row.note, this.left + 2 * padding, document.y, { lineBreak: false });
        else document.text(row.note, this.left + 2 * padding, document.y, { width: noteWidth });
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
