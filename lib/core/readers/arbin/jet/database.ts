/**
 * The page layer of a Microsoft Access (Jet 4 / ACE) database: the file is a run of fixed-size
 * pages, page 0 holds the database header, every other page starts with a type byte.
 *
 * Layouts follow mdbtools' HACKING notes (Jet 4 sections) and were checked against mdb-reader.
 * Only Jet 4 and later (4 KB pages) are read: Jet 3 (Access 97, 2 KB pages) has other record
 * layouts and Arbin never wrote it. Encrypted databases are not supported (Arbin does not
 * encrypt); the RC4-masked part of the Jet 4 header holds nothing this reader needs.
 */
import { ReaderError, TruncatedFileError } from '../../../errors.ts';
import { message } from '../../../messages.ts';
import { latin1Slice } from '../../text/decode.ts';

export const JET_SIGNATURES = ['Standard Jet DB', 'Standard ACE DB'];
/** Offset of the engine signature in page 0. */
export const SIGNATURE_OFFSET = 4;
/** Offset of the engine version byte: 0 = Jet 3, 1 = Jet 4, 2… = ACE (Access 2007 and later). */
export const VERSION_OFFSET = 0x14;
const JET4_PAGE_BYTES = 4096;
const UTF16LE = new TextDecoder('utf-16le');
const JET3_PAGE_BYTES = 2048;

/** Page types (first byte of a page). */
export const PageType = {
  data: 0x01,
  tableDefinition: 0x02,
  usageBitmap: 0x05,
} as const;

const PAGE_TYPE_NAMES: Record<number, string> = {
  [PageType.data]: 'a data page',
  [PageType.tableDefinition]: 'a table definition page',
  [PageType.usageBitmap]: 'a page usage bitmap',
};

export interface JetDatabase {
  /** File name for messages. */
  readonly file: string;
  readonly bytes: Uint8Array;
  /** Little-endian reads anywhere in the file. */
  readonly view: DataView;
  readonly pageBytes: number;
  readonly pageCount: number;
}

/** True when `bytes` start with a Jet or ACE database header. */
export function hasJetSignature(bytes: Uint8Array): boolean {
  return JET_SIGNATURES.includes(latin1Slice(bytes, SIGNATURE_OFFSET, SIGNATURE_OFFSET + 15));
}

/**
 * Checks the header of a Jet 4 database held in `bytes` and returns its page geometry.
 * A file that is not a whole number of pages is truncated.
 */
export function openJetDatabase(bytes: Uint8Array, file: string): JetDatabase {
  if (bytes.length < VERSION_OFFSET + 1 || !hasJetSignature(bytes)) {
    throw new ReaderError(message.databaseUnreadable(file, 'no Jet database signature at byte 4'), {
      location: { file, byteOffset: SIGNATURE_OFFSET },
      expected: 'an Arbin .res file (Microsoft Access database)',
    });
  }
  const version = bytes[VERSION_OFFSET]!;
  const pageBytes = version === 0 ? JET3_PAGE_BYTES : JET4_PAGE_BYTES;
  if (bytes.length % pageBytes !== 0) {
    const pageStart = bytes.length - (bytes.length % pageBytes);
    throw new TruncatedFileError(
      message.truncatedBinary(file, 'a database page', pageStart, pageBytes, bytes.length - pageStart),
      { location: { file, byteOffset: pageStart }, expected: 'a complete .res file' },
    );
  }
  if (version === 0) {
    throw new ReaderError(message.jetVersionUnsupported(file, 'Jet 3 (Access 97)'), {
      location: { file, byteOffset: VERSION_OFFSET },
      expected: 'an Access 2000 (Jet 4) or later database',
    });
  }
  return {
    file,
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    pageBytes,
    pageCount: bytes.length / pageBytes,
  };
}

/**
 * Byte offset of `page` in the file, after checking that the page exists and has `type`.
 * `what` says what the page was wanted for, for the message.
 */
export function pageStart(database: JetDatabase, page: number, type: number, what: string): number {
  const start = page * database.pageBytes;
  // Page 0 is the database header: no table structure can live there.
  if (page < 1) throw structureError(database, `a pointer to ${what}`, start, 'a page number of 1 or more');
  if (page >= database.pageCount) {
    const { file } = database;
    throw new TruncatedFileError(
      message.truncatedBinary(
        file,
        `${what} (page ${page})`,
        start,
        database.pageBytes,
        Math.max(0, database.bytes.length - start),
      ),
      { location: { file, byteOffset: start }, expected: 'a complete .res file' },
    );
  }
  const found = database.bytes[start]!;
  if (found !== type) {
    throw structureError(
      database,
      `page ${page} (${what})`,
      start,
      PAGE_TYPE_NAMES[type] ?? `page type ${type}`,
    );
  }
  return start;
}

/** A typed error for a structure that is not what the format says it must be. */
export function structureError(
  database: JetDatabase,
  what: string,
  byteOffset: number,
  expected: string,
): ReaderError {
  return new ReaderError(message.jetStructureDamaged(database.file, what, byteOffset, expected), {
    location: { file: database.file, byteOffset },
    expected: 'an undamaged Arbin .res file',
  });
}

/**
 * Text as Jet 4 stores it, from `bytes[start, end)`: UTF-16 LE, or, when it begins with the
 * marker 0xFF 0xFE, "compressed unicode": runs of one byte per character (Latin-1) and runs of
 * UTF-16 LE, each 0x00 byte switching between the two, starting in one-byte mode.
 */
export function decodeJetText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start >= 2 && bytes[start] === 0xff && bytes[start + 1] === 0xfe) {
    let text = '';
    let oneByte = true;
    let at = start + 2;
    while (at < end) {
      const byte = bytes[at]!;
      if (byte === 0) {
        oneByte = !oneByte;
        at++;
      } else if (oneByte) {
        text += String.fromCharCode(byte);
        at++;
      } else if (at + 1 < end) {
        text += String.fromCharCode(byte | (bytes[at + 1]! << 8));
        at += 2;
      } else {
        break;
      }
    }
    return text;
  }
  return UTF16LE.decode(bytes.subarray(start, start + ((end - start) & ~1)));
}
