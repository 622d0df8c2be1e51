/**
 * The contract every instrument reader keeps: detect its format from content, then turn bytes
 * into one canonical series with its data issues. One module per instrument family.
 */
import type { CanonicalSeries } from '../series.ts';
import type { ByteSource } from './source.ts';
import type { RawInflater } from './zip.ts';

/** What a detector sees: the name (a weak hint only) and the first bytes of the content. */
export interface DetectionProbe {
  name: string;
  /** The first `HEAD_BYTES` bytes (or the whole file when shorter). */
  head: Uint8Array;
  /** `head` decoded as Latin-1 (one char per byte): cheap to search for signatures. */
  headText: string;
  size: number | null;
}

export interface ReadOptions {
  /** Electrode area, cm²: turns a force log (N) into pressure. */
  areaCm2?: number | null;
  /** Seconds added to a separate logger's clock to align it with the cycler's. */
  clockOffset_s?: number;
  /**
   * How zip parts (XLSX sheets, `.ndax` data) are inflated: the adapter's native inflater, or the
   * web platform's `DecompressionStream` when absent. The series is the same either way.
   */
  inflateRaw?: RawInflater;
}

export interface Reader {
  /** Format id stored in provenance, e.g. `biologic-mpt`. */
  readonly format: string;
  /** Human name of the format, e.g. `BioLogic EC-Lab text export (.mpt)`. */
  readonly description: string;
  /**
   * Confidence 0–1 that the probe is this format; 0 = certainly not. Content signatures score
   * ≥ 0.9; a generic reader that only recognises "some delimited table" scores low so that a
   * vendor reader wins.
   */
  detect(probe: DetectionProbe): number;
  /** Reads the whole source. Throws a `ReaderError` only when the input is unusable. */
  read(source: ByteSource, options: ReadOptions): Promise<CanonicalSeries>;
}
