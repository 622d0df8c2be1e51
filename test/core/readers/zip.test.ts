import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ReaderError } from '../../../lib/core/errors.ts';
import { inflateEntryAsync, readZipDirectory } from '../../../lib/core/readers/zip.ts';

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

async function inflateOnly(bytes: Uint8Array): Promise<Uint8Array> {
  const entry = readZipDirectory(bytes, 'cell.ndax').get('data.ndc')!;
  return inflateEntryAsync(bytes, entry, 'cell.ndax');
}

describe('inflateEntryAsync', () => {
  it('inflates a part into exactly its bytes', async () => {
    const bytes = archive();
    expect(bytes.length).toBeLessThan(content.length);

    const inflated = await inflateOnly(bytes);

    expect(inflated.length).toBe(content.length);
    expect(Buffer.compare(inflated, content)).toBe(0);
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
});
