import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksOf, fileSource, type PositionedReader } from '../../lib/adapters/file-source.ts';

/** 1.3 chunk-buffers' worth of bytes beyond two buffers, so both buffers are refilled. */
const FILE_BYTES = (512 << 10) * 3 + 123_457;

let folder: string;
let path: string;
const content = new Uint8Array(FILE_BYTES).map((_, index) => (index * 2654435761) >>> 24);
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cellreport-file-source-'));
  path = join(folder, 'data.bin');
  await writeFile(path, content);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('fileSource', () => {
  it('hands out the file in order, each chunk intact until the next is asked for', async () => {
    const source = await fileSource(path, 'data.bin');
    expect(source.size).toBe(FILE_BYTES);
    let offset = 0;
    let chunks = 0;
    for await (const chunk of source.chunks()) {
      // Checked only now, after the read into the other buffer has had time to land.
      await new Promise((resolve) => setTimeout(resolve, 2));
      expect(Buffer.compare(chunk, content.subarray(offset, offset + chunk.length))).toBe(0);
      offset += chunk.length;
      chunks++;
    }
    expect(offset).toBe(FILE_BYTES);
    expect(chunks).toBe(4);
  });

  it('stops early without an error and can be read again', async () => {
    const source = await fileSource(path);
    for await (const chunk of source.chunks()) {
      expect(chunk[0]).toBe(content[0]);
      break;
    }
    let total = 0;
    for await (const chunk of source.chunks()) total += chunk.length;
    expect(total).toBe(FILE_BYTES);
  });

  it('gives the head and the whole content', async () => {
    const source = await fileSource(path);
    expect(Buffer.compare(await source.head(), content.subarray(0, 64 * 1024))).toBe(0);
    expect(Buffer.compare(await source.bytes(), content)).toBe(0);
  });

  it('hands out every byte of a file whose reads come back short, as network file systems may', async () => {
    // A file that never returns more than 1000 bytes per read, wherever it is read from.
    const shortReads: PositionedReader = {
      read: async (buffer, offset, length, position) => {
        const bytesRead = Math.max(0, Math.min(length, 1000, content.length - position));
        buffer.set(content.subarray(position, position + bytesRead), offset);
        return { bytesRead };
      },
    };
    const parts: Uint8Array[] = [];
    for await (const chunk of chunksOf(shortReads)) parts.push(chunk.slice());
    expect(Buffer.compare(Buffer.concat(parts), content)).toBe(0);
  });
});
