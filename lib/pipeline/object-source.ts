/** A `ByteSource` over an object in a store: how the analyse stage hands uploads to the readers. */
import { type ByteSource, HEAD_BYTES } from '../core/readers/source.ts';
import type { ObjectStore } from './ports.ts';

/** `name` is the job-relative path, so reader messages name the file the user uploaded. */
export function objectSource(store: ObjectStore, key: string, name: string, size_bytes: number): ByteSource {
  const whole = async (): Promise<Uint8Array> => {
    const bytes = await store.get(key);
    if (bytes === null) throw new Error(`${store.bucket}/${key} disappeared while it was being read`);
    return bytes;
  };
  return {
    name,
    size: size_bytes,
    head: async () => {
      if (size_bytes === 0) return new Uint8Array(0);
      const bytes = await store.get(key, { start: 0, end: Math.min(HEAD_BYTES, size_bytes) - 1 });
      return bytes ?? new Uint8Array(0);
    },
    bytes: whole,
    chunks: () => store.stream(key),
  };
}
