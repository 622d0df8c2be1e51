import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ReaderError } from '../../../lib/core/errors.ts';
import {
  inflateEntryAsync,
  inflateEntryStream,
  platformInflateRaw,
  type RawInflater,
  readZipDirectory,
} from '../../../lib/core/readers/zip.ts';
import { nodeInflateRaw } from '../../../lib/pipeline/node-inflate.ts';

/** 3 MB that deflate shrinks but not to nothing: several inflated chunks. */
const content = Uint8Array.from(
  { length: 3_000_000 },
  (_, index) => ((index * 2654435761) >>> 28) + (index % 7),
);

function archive(): Uint8Array {
  return zipSync({ 'data.ndc': content }, { level: 6 });
}

/** The archive with the central directory's uncompressed size of its only entry set to `size`. */
function withAnnouncedSize(bytes: Uint8Array, size: number): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  for (let offset = copy.length - 22; offset >= 0; offset--) {
    if (view.getUint32(offset, true) === 0x02014b50) {
      view.setUint32(offset + 24, size, true);
      return copy;
    }
  }
  throw new Error('no central directory entry');
}

/** The archive with its deflate stream overwritten from the middle on (a damaged download). */
function withDamagedData(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const middle = copy.length >> 1;
  for (let offset = middle; offset < middle + 4096; offset++) copy[offset] = 0xff;
  return copy;
}

const entryOf = (bytes: Uint8Array) => readZipDirectory(bytes, 'cell.ndax').get('data.ndc')!;

const inflaters: [string, RawInflater][] = [
  ['the platform inflater (DecompressionStream)', platformInflateRaw],
  ["Node's zlib inflater", nodeInflateRaw],
];

describe.each(inflaters)('zip parts inflated by %s', (_, inflateRaw) => {
  const inflateOnly = (bytes: Uint8Array): Promise<Uint8Array> =>
    inflateEntryAsync(bytes, entryOf(bytes), 'cell.ndax', inflateRaw);

  it('inflates a part into exactly its bytes', async () => {
    const bytes = archive();
    expect(bytes.length).toBeLessThan(content.length);

    const inflated = await inflateOnly(bytes);

    expect(inflated.length).toBe(content.length);
    expect(Buffer.compare(inflated, content)).toBe(0);
  });

  it('streams a part as plain Uint8Array chunks that join to its bytes', async () => {
    const bytes = archive();
    const chunks: Uint8Array[] = [];
    for await (const chunk of inflateEntryStream(bytes, entryOf(bytes), 'cell.ndax', inflateRaw)) {
      expect(Object.getPrototypeOf(chunk)).toBe(Uint8Array.prototype);
      chunks.push(chunk.slice());
    }

    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.compare(Buffer.concat(chunks), content)).toBe(0);
  });

  it('stops cleanly when the reader leaves after the first chunk', async () => {
    const bytes = archive();
    let seen = 0;
    for await (const chunk of inflateEntryStream(bytes, entryOf(bytes), 'cell.ndax', inflateRaw)) {
      seen += chunk.length;
      break;
    }

    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(content.length);
  });

  it.each([
    ['more bytes than it inflates to', content.length + 1],
    ['fewer bytes than it inflates to', content.length - 1],
    ['an impossible size for its compressed bytes', 0xfffffff0],
  ])('refuses a part that announces %s, naming the archive and the part', async (_, size) => {
    const act = inflateOnly(withAnnouncedSize(archive(), size));

    await expect(act).rejects.toThrow(ReaderError);
    await expect(act).rejects.toThrow(/cell\.ndax.*data\.ndc|data\.ndc.*cell\.ndax/);
  });

  it('refuses a part whose deflate data is damaged, naming the archive and the part', async () => {
    const act = inflateOnly(withDamagedData(archive()));

    await expect(act).rejects.toThrow(ReaderError);
    await expect(act).rejects.toThrow(/cell\.ndax.*data\.ndc|data\.ndc.*cell\.ndax/);
  });
});

describe("Node's zlib inflater", () => {
  it('hands out chunks of up to 1 MB, not the 16 KB of DecompressionStream', async () => {
    const bytes = archive();
    const sizes: number[] = [];
    for await (const chunk of inflateEntryStream(bytes, entryOf(bytes), 'cell.ndax', nodeInflateRaw)) {
      sizes.push(chunk.length);
    }

    expect(Math.max(...sizes)).toBe(1 << 20);
    expect(sizes.length).toBe(Math.ceil(content.length / (1 << 20)));
  });
});
