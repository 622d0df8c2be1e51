/**
 * Draws a vega scenegraph straight into the PDF as vector paths and text, without an SVG round
 * trip: vega's canvas renderer accepts an `externalContext` (its documented hook for drawing
 * into another 2D context), and this module gives it one that records the calls as pdfkit
 * operations. Parsing the SVG again with svg-to-pdfkit cost about as much as rendering the
 * figures; replaying the recorded calls costs a few milliseconds per figure.
 *
 * Only what vega's marks call is implemented: paths (move, line, quadratic and cubic curves,
 * arcs, rectangles), fill, stroke, clip, save/restore, translate/rotate/scale and `fillText`.
 * Text is placed on its alphabetic baseline with vega's own alignment, in the embedded fonts.
 */
import type * as vega from 'vega';
import { FONT, type FontName } from '../fonts.ts';

/** A figure recorded for the PDF: its size in px (= pt at scale 1) and how to draw it at the origin. */
export interface FigureDrawing {
  width: number;
  height: number;
  draw(document: PDFKit.PDFDocument): void;
}

type Operation = (document: PDFKit.PDFDocument) => void;

/** A path segment, drawn relative to (originX, originY) in figure coordinates. */
type Segment = (document: PDFKit.PDFDocument, originX: number, originY: number) => void;

interface Path {
  segments: Segment[];
  /** The translation every segment was added under, when there was one; null: none. */
  origin: [number, number] | null;
  /** Segments were added under different transforms: drawn in figure coordinates. */
  mixed: boolean;
}

/** pdfkit methods its typings (@types/pdfkit) lack: `arc`, and `dash` with a pattern array. */
interface PdfkitExtras {
  arc(x: number, y: number, radius: number, start_rad: number, end_rad: number, anticlockwise: boolean): void;
  dash(pattern: readonly number[], options: { phase: number }): void;
}

const extras = (document: PDFKit.PDFDocument) => document as unknown as PdfkitExtras;
type Colour = string | [number, number, number];

/** Canvas transform [a, b, c, d, e, f]: (x, y) → (a·x + c·y + e, b·x + d·y + f). */
type Matrix = [number, number, number, number, number, number];

interface DrawingState {
  matrix: Matrix;
  fillStyle: string;
  strokeStyle: string;
  globalAlpha: number;
  lineWidth: number;
  lineCap: 'butt' | 'round' | 'square';
  lineJoin: 'miter' | 'round' | 'bevel';
  miterLimit: number;
  lineDash: number[];
  lineDashOffset: number;
  font: string;
  textAlign: string;
}

const namedTransparent = new Set(['transparent', 'none']);

/**
 * A CSS colour as pdfkit takes it (hex or name as is, `rgb()`/`rgba()` as 0–255 triples) with
 * its own alpha; null for no paint.
 */
function parseColour(css: string): { colour: Colour; alpha: number } | null {
  const value = css.trim();
  if (namedTransparent.has(value.toLowerCase())) return null;
  const rgb = /^rgba?\(([^)]*)\)$/i.exec(value);
  if (!rgb) return { colour: value, alpha: 1 };
  const parts = rgb[1]!
    .split(/[\s,/]+/)
    .filter(Boolean)
    .map(Number);
  const [red = 0, green = 0, blue = 0, alpha = 1] = parts;
  return { colour: [red, green, blue], alpha };
}

/** The PDF face for a CSS font shorthand such as `bold 11px DejaVu Sans`, and its size. */
function parseFont(font: string): { name: FontName; size: number } {
  const size = Number(/([\d.]+)px/.exec(font)?.[1] ?? 11);
  const weight = /\b(bold|bolder|[6-9]00)\b/.test(font);
  return { name: weight ? FONT.bold : FONT.regular, size };
}

/** A dash pattern PDF accepts; a zero-length entry (Vega-Lite's "solid" is `1,0`) is a solid line. */
function validDash(dash: readonly number[]): boolean {
  return dash.length > 0 && dash.every((length) => Number.isFinite(length) && length > 0);
}

/** The subset of CanvasRenderingContext2D vega's marks use, recording pdfkit operations. */
class RecordingContext {
  readonly operations: Operation[] = [];
  #path: Path = { segments: [], origin: null, mixed: false };
  #state: DrawingState = {
    matrix: [1, 0, 0, 1, 0, 0],
    fillStyle: '#000',
    strokeStyle: '#000',
    globalAlpha: 1,
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    miterLimit: 10,
    lineDash: [],
    lineDashOffset: 0,
    font: '10px sans-serif',
    textAlign: 'left',
  };
  readonly #stack: DrawingState[] = [];
  /**
   * The graphics state the recorded operations will have set in the PDF when replayed (keys:
   * stroke and fill paint, line width, caps…), saved and restored with it, so each is written
   * only when it changes: thousands of symbols share one style. Unknown at the start.
   */
  #emitted = new Map<string, string>();
  readonly #emittedStack: Map<string, string>[] = [];

  // Set by vega, unused in a PDF.
  globalCompositeOperation = 'source-over';
  imageSmoothingEnabled = true;
  textBaseline = 'alphabetic';
  pixelRatio = 1;

  get fillStyle(): string {
    return this.#state.fillStyle;
  }
  set fillStyle(value: string) {
    this.#state.fillStyle = value;
  }
  get strokeStyle(): string {
    return this.#state.strokeStyle;
  }
  set strokeStyle(value: string) {
    this.#state.strokeStyle = value;
  }
  get globalAlpha(): number {
    return this.#state.globalAlpha;
  }
  set globalAlpha(value: number) {
    this.#state.globalAlpha = value;
  }
  get lineWidth(): number {
    return this.#state.lineWidth;
  }
  set lineWidth(value: number) {
    this.#state.lineWidth = value;
  }
  get lineCap(): DrawingState['lineCap'] {
    return this.#state.lineCap;
  }
  set lineCap(value: DrawingState['lineCap']) {
    this.#state.lineCap = value;
  }
  get lineJoin(): DrawingState['lineJoin'] {
    return this.#state.lineJoin;
  }
  set lineJoin(value: DrawingState['lineJoin']) {
    this.#state.lineJoin = value;
  }
  get miterLimit(): number {
    return this.#state.miterLimit;
  }
  set miterLimit(value: number) {
    this.#state.miterLimit = value;
  }
  get lineDashOffset(): number {
    return this.#state.lineDashOffset;
  }
  set lineDashOffset(value: number) {
    this.#state.lineDashOffset = value;
  }
  get font(): string {
    return this.#state.font;
  }
  set font(value: string) {
    this.#state.font = value;
  }
  get textAlign(): string {
    return this.#state.textAlign;
  }
  set textAlign(value: string) {
    this.#state.textAlign = value;
  }

  setLineDash(dash: readonly number[]): void {
    this.#state.lineDash = [...dash];
  }

  save(): void {
    this.#stack.push({
      ...this.#state,
      matrix: [...this.#state.matrix],
      lineDash: [...this.#state.lineDash],
    });
    this.#emittedStack.push(new Map(this.#emitted));
    this.operations.push((document) => document.save());
  }

  /** True when `key` must be written because its value differs from the PDF's current one. */
  #changes(key: string, value: string): boolean {
    if (this.#emitted.get(key) === value) return false;
    this.#emitted.set(key, value);
    return true;
  }

  restore(): void {
    const state = this.#stack.pop();
    if (state) this.#state = state;
    this.#emitted = this.#emittedStack.pop() ?? new Map();
    this.operations.push((document) => document.restore());
  }

  // Transforms stay in JS: PDF allows no `cm` inside a path, while a canvas applies the
  // transform current when each point is added (vega translates a symbol, adds its outline,
  // translates back, then fills). Points are stored already transformed.
  translate(x: number, y: number): void {
    const m = this.#state.matrix;
    m[4] += m[0] * x + m[2] * y;
    m[5] += m[1] * x + m[3] * y;
  }

  rotate(angle_rad: number): void {
    const m = this.#state.matrix;
    const cos = Math.cos(angle_rad);
    const sin = Math.sin(angle_rad);
    const [a, b, c, d] = m;
    m[0] = a * cos + c * sin;
    m[1] = b * cos + d * sin;
    m[2] = c * cos - a * sin;
    m[3] = d * cos - b * sin;
  }

  scale(x: number, y: number): void {
    const m = this.#state.matrix;
    m[0] *= x;
    m[1] *= x;
    m[2] *= y;
    m[3] *= y;
  }

  #point(x: number, y: number): [number, number] {
    const m = this.#state.matrix;
    return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  }

  /** How much the transform scales lengths (vega only scales uniformly). */
  #lengthScale(): number {
    const m = this.#state.matrix;
    return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
  }

  beginPath(): void {
    this.#path = { segments: [], origin: null, mixed: false };
  }

  /**
   * Adds a segment drawn at figure coordinates minus the path's origin. A path built under one
   * plain translation (a symbol at its point) keeps that translation as its origin, written once
   * as `cm`: every symbol's outline is then the same text, which deflates to almost nothing.
   */
  #segment(draw: Segment): void {
    const [a, b, c, d, e, f] = this.#state.matrix;
    const translation = a === 1 && b === 0 && c === 0 && d === 1;
    const path = this.#path;
    if (path.segments.length === 0) path.origin = translation && (e !== 0 || f !== 0) ? [e, f] : null;
    else if (!translation || e !== (path.origin?.[0] ?? 0) || f !== (path.origin?.[1] ?? 0))
      path.mixed = true;
    path.segments.push(draw);
  }

  moveTo(x: number, y: number): void {
    const [px, py] = this.#point(x, y);
    this.#segment((document, ox, oy) => document.moveTo(px - ox, py - oy));
  }

  lineTo(x: number, y: number): void {
    const [px, py] = this.#point(x, y);
    this.#segment((document, ox, oy) => document.lineTo(px - ox, py - oy));
  }

  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void {
    const [qx, qy] = this.#point(cpx, cpy);
    const [px, py] = this.#point(x, y);
    this.#segment((document, ox, oy) => document.quadraticCurveTo(qx - ox, qy - oy, px - ox, py - oy));
  }

  bezierCurveTo(cp1x: number, cp1y: number, cp2x: number, cp2y: number, x: number, y: number): void {
    const [ax, ay] = this.#point(cp1x, cp1y);
    const [bx, by] = this.#point(cp2x, cp2y);
    const [px, py] = this.#point(x, y);
    this.#segment((document, ox, oy) =>
      document.bezierCurveTo(ax - ox, ay - oy, bx - ox, by - oy, px - ox, py - oy),
    );
  }

  arc(x: number, y: number, radius: number, start_rad: number, end_rad: number, anticlockwise = false): void {
    const [cx, cy] = this.#point(x, y);
    const r = radius * this.#lengthScale();
    if (Math.abs(end_rad - start_rad) >= 2 * Math.PI - 1e-8) {
      this.#segment((document, ox, oy) => document.circle(cx - ox, cy - oy, r));
      return;
    }
    const m = this.#state.matrix;
    const turn = Math.atan2(m[1], m[0]);
    this.#segment((document, ox, oy) =>
      extras(document).arc(cx - ox, cy - oy, r, start_rad + turn, end_rad + turn, anticlockwise),
    );
  }

  rect(x: number, y: number, width: number, height: number): void {
    const corners = [
      this.#point(x, y),
      this.#point(x + width, y),
      this.#point(x + width, y + height),
      this.#point(x, y + height),
    ];
    this.#segment((document, ox, oy) => {
      document.moveTo(corners[0]![0] - ox, corners[0]![1] - oy);
      for (const [px, py] of corners.slice(1)) document.lineTo(px - ox, py - oy);
      document.closePath();
    });
  }

  closePath(): void {
    this.#segment((document) => document.closePath());
  }

  /**
   * Records painting the current path: the graphics state first (PDF allows no state operator
   * inside a path), then the path, at its origin when it has one, then the paint operator.
   */
  #paint(setState: Operation, paint: Operation): void {
    const { segments, mixed } = this.#path;
    const origin = mixed ? null : this.#path.origin;
    this.operations.push((document) => {
      setState(document);
      if (origin) document.save().translate(origin[0], origin[1]);
      for (const segment of segments) segment(document, origin?.[0] ?? 0, origin?.[1] ?? 0);
      paint(document);
      if (origin) document.restore();
    });
  }

  fill(): void {
    const paint = parseColour(this.#state.fillStyle);
    if (!paint) return;
    const opacity = paint.alpha * this.#state.globalAlpha;
    const setPaint = this.#changes('fill', `${paint.colour} ${opacity}`);
    this.#paint(
      (document) => {
        if (setPaint) document.fillColor(paint.colour as string, opacity);
      },
      (document) => document.fill(),
    );
  }

  stroke(): void {
    const paint = parseColour(this.#state.strokeStyle);
    if (!paint) return;
    const { lineCap, lineJoin, miterLimit, lineDashOffset, globalAlpha } = this.#state;
    const scale = this.#lengthScale();
    const lineWidth = this.#state.lineWidth * scale;
    const lineDash = this.#state.lineDash.map((length) => length * scale);
    const opacity = paint.alpha * globalAlpha;
    const dashed = validDash(lineDash);
    const set = {
      width: this.#changes('lineWidth', String(lineWidth)),
      cap: this.#changes('lineCap', lineCap),
      join: this.#changes('lineJoin', lineJoin),
      miter: this.#changes('miterLimit', String(miterLimit)),
      dash: this.#changes('dash', dashed ? `${lineDash} ${lineDashOffset}` : ''),
      paint: this.#changes('stroke', `${paint.colour} ${opacity}`),
    };
    this.#paint(
      (document) => {
        if (set.width) document.lineWidth(lineWidth);
        if (set.cap) document.lineCap(lineCap);
        if (set.join) document.lineJoin(lineJoin);
        if (set.miter) document.miterLimit(miterLimit);
        if (set.dash) {
          if (dashed) extras(document).dash(lineDash, { phase: lineDashOffset });
          else document.undash();
        }
        if (set.paint) document.strokeColor(paint.colour as string, opacity);
      },
      (document) => document.stroke(),
    );
  }

  /** A clip lasts until the canvas restores, so it is never wrapped in its own save/restore. */
  clip(): void {
    const { segments } = this.#path;
    this.operations.push((document) => {
      for (const segment of segments) segment(document, 0, 0);
      document.clip();
    });
  }

  fillRect(x: number, y: number, width: number, height: number): void {
    this.beginPath();
    this.rect(x, y, width, height);
    this.fill();
  }

  fillText(text: string, x: number, y: number): void {
    const paint = parseColour(this.#state.fillStyle);
    if (!paint || !text) return;
    const { name, size } = parseFont(this.#state.font);
    const align = this.#state.textAlign;
    const opacity = paint.alpha * this.#state.globalAlpha;
    const [a, b, c, d, e, f] = this.#state.matrix;
    const translatedOnly = a === 1 && b === 0 && c === 0 && d === 1;
    const setPaint = this.#changes('fill', `${paint.colour} ${opacity}`);
    this.operations.push((document) => {
      document.font(name).fontSize(size);
      // Aligned on the width pdfkit draws (with kerning), so centred labels sit centred.
      const width = align === 'left' || align === 'start' ? 0 : document.widthOfString(text);
      const left = align === 'center' ? x - width / 2 : x - width;
      const options = { lineBreak: false, baseline: 'alphabetic' } as const;
      if (setPaint) document.fillColor(paint.colour as string, opacity);
      if (translatedOnly) document.text(text, left + e, y + f, options);
      else document.save().transform(a, b, c, d, e, f).text(text, left, y, options).restore();
    });
  }

  /** Outlined text is not used by the report's figures; drawn filled in the stroke colour. */
  strokeText(text: string, x: number, y: number): void {
    const fill = this.#state.fillStyle;
    this.#state.fillStyle = this.#state.strokeStyle;
    this.fillText(text, x, y);
    this.#state.fillStyle = fill;
  }
}

/** Records what vega's canvas renderer draws for `view` (already run) as pdfkit operations. */
export async function recordDrawing(
  view: vega.View,
  size: { width: number; height: number },
): Promise<FigureDrawing> {
  const context = new RecordingContext();
  await view.toCanvas(1, { externalContext: context } as never);
  const { operations } = context;
  return {
    width: size.width,
    height: size.height,
    draw(document) {
      document.save();
      document.rect(0, 0, size.width, size.height).clip();
      for (const operation of operations) operation(document);
      document.restore();
    },
  };
}
