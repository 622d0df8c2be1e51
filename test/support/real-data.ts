/**
 * Real instrument files written by other people live in `../shared/real-data/`, outside this
 * repository; tests reach them through `CELLREPORT_REAL_DATA`. Without it those tests are skipped,
 * and say so once, loudly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { fileSource } from '../../lib/adapters/file-source.ts';
import type { ByteSource } from '../../lib/core/readers/source.ts';

const root = process.env['CELLREPORT_REAL_DATA'] ?? null;
let warned = false;

/** Absolute path of a real-data file, or null when the corpus is not available. */
export function realDataPath(relative: string): string | null {
  if (root === null) return null;
  const path = join(root, relative);
  return existsSync(path) ? path : null;
}

/** A ByteSource for a real-data file; call only inside `describeRealData`. */
export async function realDataSource(relative: string): Promise<ByteSource> {
  const path = realDataPath(relative);
  if (path === null) throw new Error(`real-data file ${relative} is missing under ${root}`);
  return fileSource(path, relative);
}

/** `describe` that runs only when CELLREPORT_REAL_DATA points at the corpus. */
export function describeRealData(name: string, body: () => void): void {
  if (root === null || !existsSync(root)) {
    if (!warned) {
      warned = true;
      console.warn(
        'CELLREPORT_REAL_DATA is not set (or missing): tests against real instrument files are SKIPPED.',
      );
    }
    describe.skip(`${name} (needs CELLREPORT_REAL_DATA)`, body);
    return;
  }
  describe(name, body);
}
