import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3rverEvent } from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from '../../lib/adapters/local/s3-server.ts';
import { S3ObjectStore, s3Client } from '../../lib/adapters/s3/object-store.ts';

let s3: LocalS3;
let store: S3ObjectStore;
let directory: string;
const events: S3rverEvent[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'cellreport-s3-'));
  s3 = await startLocalS3({
    directory,
    port: 0,
    buckets: ['test-bucket'],
    onEvent: (event) => events.push(event),
  });
  store = new S3ObjectStore(s3Client({ endpoint: s3.endpoint }), 'test-bucket');
});

afterAll(async () => {
  await s3.stop();
  await rm(directory, { recursive: true, force: true });
});

describe('S3 object store against the local S3', () => {
  it('an object put is read back whole, by byte range and as a stream', async () => {
    // Prepare
    const bytes = new Uint8Array(300_000).map((_, index) => index % 251);
    // Act
    await store.put('a/data.bin', bytes, { contentType: 'application/octet-stream' });
    const whole = await store.get('a/data.bin');
    const range = await store.get('a/data.bin', { start: 10, end: 19 });
    const chunks: Uint8Array[] = [];
    for await (const chunk of store.stream('a/data.bin')) chunks.push(chunk);
    // Assess
    expect(Buffer.from(whole!).equals(bytes)).toBe(true);
    expect([...range!]).toEqual([...bytes.subarray(10, 20)]);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(await store.head('a/data.bin')).toEqual({ key: 'a/data.bin', size_bytes: 300_000 });
  });

  it('a missing object reads as null and heads as null', async () => {
    expect(await store.get('no/such')).toBeNull();
    expect(await store.head('no/such')).toBeNull();
  });

  it('putIfAbsent creates once and refuses the second time', async () => {
    expect(await store.putIfAbsent('claims/x', 'first')).toBe(true);
    expect(await store.putIfAbsent('claims/x', 'second')).toBe(false);
    expect(new TextDecoder().decode((await store.get('claims/x'))!)).toBe('first');
  });

  it('list returns every object under a prefix with sizes, across pages', async () => {
    // Prepare
    await Promise.all(
      Array.from({ length: 5 }, (_, index) => store.put(`list/${index}.txt`, 'x'.repeat(index))),
    );
    // Act
    const listed = await store.list('list/');
    // Assess
    expect(listed.map((object) => [object.key, object.size_bytes])).toEqual(
      [0, 1, 2, 3, 4].map((index) => [`list/${index}.txt`, index]),
    );
  });

  it('a presigned PUT accepts bytes from a plain HTTP client, and a presigned GET returns them as a download', async () => {
    // Prepare
    const url = await store.presignPut('uploads/j/cell one/file (1).csv', 600);
    // Act
    const put = await fetch(url, { method: 'PUT', body: 'time,voltage\n0,3.1\n' });
    const get = await fetch(await store.presignGet('uploads/j/cell one/file (1).csv', 600, 'file.csv'));
    // Assess
    expect(put.status).toBe(200);
    expect(await get.text()).toBe('time,voltage\n0,3.1\n');
    expect(get.headers.get('content-disposition')).toBe('attachment; filename="file.csv"');
  });

  it('deleting an object removes it', async () => {
    await store.put('gone', 'x');
    await store.delete('gone');
    expect(await store.head('gone')).toBeNull();
  });
});
