/**
 * Zip containers (XLSX workbooks, Neware `.ndax`): the central directory, and parts inflated whole
 * (small XML parts, by fflate), or by a native inflater (several times faster on the megabytes of
 * an ndc part or a worksheet), whole or in chunks (a worksheet can be hundreds of MB of XML). The
 * native inflater is a `RawInflater`: the caller's (see `ReadOptions.inflateRaw`), else the web
 * platform's `DecompressionStream`.
 *
 * Layout (PKWARE APPNOTE 6.3, sections 4.3.7, 4.3.12, 4.3.14–16, 4.5.3): each part is a local file
 * header (signature 0x04034b50, 30 bytes + name + extra) followed by its compressed bytes; the
 * central directory at the end lists every part with its sizes and the offset of its local
 * header, and the end-of-central-directory record (0x06054b50, 22 bytes + comment) closes the
 * file. ZIP64 archives (Neware writes them for `data.ndc`) keep 64-bit counts and offsets in a
 * ZIP64 record (0x06064b50, found through its locator 0x07064b50) and the entries' extra field
 * 0x0001. Methods: 0 = stored, 8 = deflate.
 */
import { inflateSync } from 'fflate';
import { ReaderError, TruncatedFileError } from '../errors.ts';
import { message } from '../messages.ts';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const END_OF_DIRECTORY_SIGNATURE = 0x06054b50;
const END_OF_DIRECTORY_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const LOCAL_HEADER_BYTES = 30;
const CENTRAL_HEADER_BYTES = 46;
const ZIP64_MARKER = 0xffffffff;
const ZIP64_COUNT_MARKER = 0xffff;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_RECORD_SIGNATURE = 0x06064b50;
const ZIP64_LOCATOR_BYTES = 20;
const ZIP64_RECORD_BYTES = 56;
const ZIP64_EXTRA_ID = 0x0001;
const TWO_TO_32 = 4294967296;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** Bytes per chunk when streaming a part: stored bytes out, or compressed bytes into the inflater. */
const STREAM_SLICE_BYTES = 1 << 18;
/**
 * Deflate inflates at most about 1032-fold (a 258-byte match coded in two bits, RFC 1951): a
 * part announcing more than that is damaged, and is refused before its size is allocated.
 */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Inflates raw deflate data (RFC 1951, a zip part's method 8) into successive chunks; each chunk
 * is valid until the next one is asked for. A damaged stream makes the iteration throw.
 */
export type RawInflater = (compressed: Uint8Array) => AsyncIterable<Uint8Array>;

/**
 * The web platform's inflater (`DecompressionStream`), available wherever the readers run. Node
 * implements it on its thread pool with 16 KB outputs, one round trip each: an adapter that can
 * ask for larger outputs passes its own `RawInflater`.
 */
export async function* platformInflateRaw(compressed: Uint8Array): AsyncGenerator<Uint8Array> {
  const reader = slicesOf(compressed).pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  try {
    while (true) {
      const next = await reader.read();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // A reader that stops early (a visitor returned false) releases the inflater.
    await reader.cancel().catch(() => undefined);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const utf8 = new TextDecoder('utf-8');

function u16(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

function u32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>>
    0
  );
}

/** A 64-bit little-endian size or offset (exact below 2^53, far beyond any file we read). */
function u64(bytes: Uint8Array, offset: number): number {
  return u32(bytes, offset) + u32(bytes, offset + 4) * TWO_TO_32;
}

/** True when the bytes start like a zip archive (a local file header). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && u32(bytes, 0) === LOCAL_HEADER_SIGNATURE;
}

/** Reads the central directory: every part of the archive by name. */
export function readZipDirectory(bytes: Uint8Array, file: string): Map<string, ZipEntry> {
  const endOffset = findEndOfDirectory(bytes);
  if (endOffset < 0) {
    if (isZip(bytes)) {
      throw new TruncatedFileError(
        message.truncatedBinary(file, 'the zip directory', bytes.length, END_OF_DIRECTORY_BYTES, 0),
        { location: { file, byteOffset: bytes.length }, expected: 'a complete archive' },
      );
    }
    throw new ReaderError(message.notAZipArchive(file), {
      location: { file, byteOffset: 0 },
      expected: 'an .xlsx workbook',
    });
  }
  let entryCount = u16(bytes, endOffset + 10);
  let directorySize = u32(bytes, endOffset + 12);
  let directoryOffset = u32(bytes, endOffset + 16);
  let directoryEnd = endOffset;
  if (
    entryCount === ZIP64_COUNT_MARKER ||
    directoryOffset === ZIP64_MARKER ||
    directorySize === ZIP64_MARKER
  ) {
    const record = zip64Record(bytes, endOffset, file);
    entryCount = u64(bytes, record + 32);
    directorySize = u64(bytes, record + 40);
    directoryOffset = u64(bytes, record + 48);
    directoryEnd = record;
  }
  if (directoryOffset + directorySize > directoryEnd) {
    throw new TruncatedFileError(
      message.truncatedBinary(
        file,
        'the zip directory',
        directoryOffset,
        directorySize,
        directoryEnd - directoryOffset,
      ),
      { location: { file, byteOffset: directoryOffset }, expected: 'a complete archive' },
    );
  }
  const entries = new Map<string, ZipEntry>();
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    if (offset + CENTRAL_HEADER_BYTES > directoryEnd || u32(bytes, offset) !== CENTRAL_HEADER_SIGNATURE) {
      throw new ReaderError(message.notAZipArchive(file), {
        location: { file, byteOffset: offset },
        expected: 'a zip central directory entry',
      });
    }
    const nameLength = u16(bytes, offset + 28);
    const extraLength = u16(bytes, offset + 30);
    const commentLength = u16(bytes, offset + 32);
    const name = utf8.decode(
      bytes.subarray(offset + CENTRAL_HEADER_BYTES, offset + CENTRAL_HEADER_BYTES + nameLength),
    );
    const entry: ZipEntry = {
      name,
      method: u16(bytes, offset + 10),
      compressedSize: u32(bytes, offset + 20),
      uncompressedSize: u32(bytes, offset + 24),
      localHeaderOffset: u32(bytes, offset + 42),
    };
    const extraStart = offset + CENTRAL_HEADER_BYTES + nameLength;
    readZip64Extra(bytes, extraStart, extraStart + extraLength, entry);
    entries.set(name, entry);
    offset = extraStart + extraLength + commentLength;
  }
  return entries;
}

/** Offset of the ZIP64 end-of-central-directory record, through its locator just before the classic record. */
function zip64Record(bytes: Uint8Array, endOffset: number, file: string): number {
  const locator = endOffset - ZIP64_LOCATOR_BYTES;
  const record =
    locator >= 0 && u32(bytes, locator) === ZIP64_LOCATOR_SIGNATURE ? u64(bytes, locator + 8) : -1;
  if (
    record < 0 ||
    record + ZIP64_RECORD_BYTES > bytes.length ||
    u32(bytes, record) !== ZIP64_RECORD_SIGNATURE
  ) {
    throw new ReaderError(message.notAZipArchive(file), {
      location: { file, byteOffset: Math.max(0, locator) },
      expected: 'a ZIP64 end-of-central-directory record',
    });
  }
  return record;
}

/** The 64-bit values of whichever sizes and offset read 0xFFFFFFFF, from the ZIP64 extra field, in this order. */
function readZip64Extra(bytes: Uint8Array, start: number, end: number, entry: ZipEntry): void {
  for (let extra = start; extra + 4 <= end; extra += 4 + u16(bytes, extra + 2)) {
    if (u16(bytes, extra) !== ZIP64_EXTRA_ID) continue;
    let field = extra + 4;
    if (entry.uncompressedSize === ZIP64_MARKER) {
      entry.uncompressedSize = u64(bytes, field);
      field += 8;
    }
    if (entry.compressedSize === ZIP64_MARKER) {
      entry.compressedSize = u64(bytes, field);
      field += 8;
    }
    if (entry.localHeaderOffset === ZIP64_MARKER) entry.localHeaderOffset = u64(bytes, field);
  }
}

/** Offset of the end-of-central-directory record, searching back over a possible comment; -1 if none. */
function findEndOfDirectory(bytes: Uint8Array): number {
  const lowest = Math.max(0, bytes.length - END_OF_DIRECTORY_BYTES - MAX_COMMENT_BYTES);
  for (let offset = bytes.length - END_OF_DIRECTORY_BYTES; offset >= lowest; offset--) {
    if (bytes[offset] === 0x50 && u32(bytes, offset) === END_OF_DIRECTORY_SIGNATURE) return offset;
  }
  return -1;
}

/** The compressed bytes of a part, bounds-checked against the file. */
function compressedData(bytes: Uint8Array, entry: ZipEntry, file: string): Uint8Array {
  const header = entry.localHeaderOffset;
  if (header + LOCAL_HEADER_BYTES > bytes.length || u32(bytes, header) !== LOCAL_HEADER_SIGNATURE) {
    throw new TruncatedFileError(
      message.truncatedBinary(
        file,
        `the header of part "${entry.name}"`,
        header,
        LOCAL_HEADER_BYTES,
        bytes.length - header,
      ),
      { location: { file, byteOffset: header }, expected: 'a complete archive' },
    );
  }
  const start = header + LOCAL_HEADER_BYTES + u16(bytes, header + 26) + u16(bytes, header + 28);
  if (start + entry.compressedSize > bytes.length) {
    throw new TruncatedFileError(
      message.truncatedBinary(
        file,
        `part "${entry.name}"`,
        start,
        entry.compressedSize,
        bytes.length - start,
      ),
      { location: { file, byteOffset: start }, expected: 'a complete archive' },
    );
  }
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    throw new ReaderError(
      message.unsupportedVersion(file, `zip compression of part "${entry.name}"`, entry.method),
      {
        location: { file, byteOffset: header },
        expected: 'stored or deflated parts',
      },
    );
  }
  return bytes.subarray(start, start + entry.compressedSize);
}

function corrupt(file: string, entry: ZipEntry, cause: unknown): ReaderError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ReaderError(message.archiveEntryCorrupt(file, entry.name, detail), {
    location: { file, byteOffset: entry.localHeaderOffset },
    expected: 'a valid deflate stream',
    cause,
  });
}

/** The whole uncompressed content of a (small) part. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, file: string): Uint8Array {
  const data = compressedData(bytes, entry, file);
  if (entry.method === METHOD_STORED) return data;
  try {
    return inflateSync(data, { out: new Uint8Array(entry.uncompressedSize) });
  } catch (error) {
    throw corrupt(file, entry, error);
  }
}

/**
 * The whole uncompressed content of a part, inflated natively (large binary parts) straight into
 * one array of the announced size: neither the compressed bytes nor the inflated chunks are held a
 * second time.
 */
export async function inflateEntryAsync(
  bytes: Uint8Array,
  entry: ZipEntry,
  file: string,
  inflateRaw: RawInflater = platformInflateRaw,
): Promise<Uint8Array> {
  const data = compressedData(bytes, entry, file);
  if (entry.method === METHOD_STORED) return data;
  if (entry.uncompressedSize > data.length * MAX_DEFLATE_RATIO + MAX_DEFLATE_RATIO) {
    throw corrupt(file, entry, new Error(`${entry.uncompressedSize} bytes announced from ${data.length}`));
  }
  const inflated = new Uint8Array(entry.uncompressedSize);
  let filled = 0;
  for await (const chunk of inflateEntryStream(bytes, entry, file, inflateRaw)) {
    if (filled + chunk.length > inflated.length) {
      throw corrupt(file, entry, new Error(`more than the ${entry.uncompressedSize} bytes announced`));
    }
    inflated.set(chunk, filled);
    filled += chunk.length;
  }
  return inflated;
}

/**
 * The uncompressed content of a part as successive chunks, inflated natively, so a large
 * worksheet is never held whole in memory (about twice fflate's speed on worksheet XML with
 * `DecompressionStream`, several times with an adapter's inflater). A chunk is valid until the
 * next one is asked for.
 */
export async function* inflateEntryStream(
  bytes: Uint8Array,
  entry: ZipEntry,
  file: string,
  inflateRaw: RawInflater = platformInflateRaw,
): AsyncGenerator<Uint8Array> {
  const data = compressedData(bytes, entry, file);
  if (entry.method === METHOD_STORED) {
    for (let offset = 0; offset < data.length; offset += STREAM_SLICE_BYTES) {
      yield data.subarray(offset, Math.min(data.length, offset + STREAM_SLICE_BYTES));
    }
    return;
  }
  const chunks = inflateRaw(data)[Symbol.asyncIterator]();
  let inflated = 0;
  try {
    while (true) {
      const next = await chunks.next().catch((error: unknown) => {
        throw corrupt(file, entry, error);
      });
      if (next.done) break;
      inflated += next.value.length;
      yield next.value;
    }
  } finally {
    // A reader that stops early releases the inflater (the generator's own `finally` runs).
    await chunks.return?.().catch(() => undefined);
  }
  if (inflated !== entry.uncompressedSize) {
    throw corrupt(file, entry, new Error(`${inflated} bytes inflated, ${entry.uncompressedSize} announced`));
  }
}

/** The bytes as a stream of views, handed out as the inflater asks: unlike a `Blob`, no copy of them. */
function slicesOf(data: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= data.length) {
        controller.close();
        return;
      }
      const end = Math.min(data.length, offset + STREAM_SLICE_BYTES);
      controller.enqueue(data.subarray(offset, end));
      offset = end;
    },
  });
}

/**
 * Walks the local file headers in the first bytes of an archive (a detection probe) and returns
 * the uncompressed content of the first part whose name satisfies `wanted`, when that part lies
 * wholly within `head`; null otherwise. Never throws.
 */
export function inflatePartFromHead(head: Uint8Array, wanted: (name: string) => boolean): Uint8Array | null {
  let offset = 0;
  while (offset + LOCAL_HEADER_BYTES <= head.length && u32(head, offset) === LOCAL_HEADER_SIGNATURE) {
    const flags = u16(head, offset + 6);
    const method = u16(head, offset + 8);
    const compressedSize = u32(head, offset + 18);
    const nameLength = u16(head, offset + 26);
    const extraLength = u16(head, offset + 28);
    const dataStart = offset + LOCAL_HEADER_BYTES + nameLength + extraLength;
    // Bit 3: sizes follow the data in a descriptor, so the next header cannot be found from here.
    if ((flags & 0x08) !== 0 || dataStart > head.length) return null;
    const name = utf8.decode(
      head.subarray(offset + LOCAL_HEADER_BYTES, offset + LOCAL_HEADER_BYTES + nameLength),
    );
    const dataEnd = dataStart + compressedSize;
    if (wanted(name)) {
      if (dataEnd > head.length) return null;
      const data = head.subarray(dataStart, dataEnd);
      if (method === METHOD_STORED) return data;
      if (method !== METHOD_DEFLATE) return null;
      try {
        return inflateSync(data);
      } catch {
        return null;
      }
    }
    offset = dataEnd;
  }
  return null;
}
