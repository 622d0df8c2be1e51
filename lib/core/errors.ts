/**
 * Errors of the core: one base, subclasses ending in `Error`, the offending file / line /
 * field carried as data so the CLI, the API and the report can say exactly what to fix.
 */
import type { DataLocation } from './issues.ts';

export class CoreError extends Error {
  readonly location: DataLocation | null;
  /** What the input should have been, in words a user can act on. */
  readonly expected: string | null;
  /** Structured detail for API error bodies (e.g. every manifest problem). */
  readonly details: unknown;

  constructor(
    message: string,
    options: {
      location?: DataLocation | null;
      expected?: string | null;
      details?: unknown;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.location = options.location ?? null;
    this.expected = options.expected ?? null;
    this.details = options.details ?? null;
  }
}

/** No reader recognises the bytes. */
export class UnknownFormatError extends CoreError {}

/** A reader recognised the format but the content cannot be turned into a series. */
export class ReaderError extends CoreError {}

/** A binary file ends before a record or module it announced. */
export class TruncatedFileError extends ReaderError {}

/** A column the analysis needs is absent. */
export class MissingColumnError extends ReaderError {}

/** A value that must be a number is not one. */
export class NonNumericValueError extends ReaderError {}

/** The file holds no data rows. */
export class EmptyFileError extends ReaderError {}

/** Input to an analysis that cannot be analysed (wrong kind of file, no cycles …). */
export class AnalysisError extends CoreError {}

/** A job manifest that does not satisfy the schema. */
export class ManifestError extends CoreError {}

/** Human-readable "file:line, column X" for messages. */
export function describeLocation(location: DataLocation): string {
  const parts = [location.file];
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.byteOffset !== undefined) parts.push(`byte ${location.byteOffset}`);
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.column !== undefined) parts.push(`column "${location.column}"`);
  return parts.join(', ');
}
