/**
 * The analyse stage's work, independent of where the files live: read every file of a job
 * through the readers, then run the analysis on the canonical series.
 *
 * bytes ─(readSeries)→ canonical series + data issues ─(analyzeCell)→ cell results
 *       ─(compareCells)→ results ─(+ curves)→ analysis.json
 */
import { createHash } from 'node:crypto';
import type { Analysis } from '../core/analysis.ts';
import { analyzeManifest, type LoadedFile } from '../core/job/analyze.ts';
import type { Manifest } from '../core/manifest.ts';
import { allReaders } from '../core/readers/catalog.ts';
import { detectReader, probeOf } from '../core/readers/detect.ts';
import type { Reader } from '../core/readers/reader.ts';
import type { ByteSource } from '../core/readers/source.ts';
import type { RawInflater } from '../core/readers/zip.ts';
import { nodeInflateRaw } from './node-inflate.ts';

export interface AnalyzeJobInput {
  jobId: string;
  manifest: Manifest;
  /** Opens a file of the job by its manifest path. */
  open: (path: string) => Promise<ByteSource>;
  readers?: readonly Reader[];
  /** Inflates zip parts (XLSX sheets, `.ndax` data); Node's zlib by default. */
  inflateRaw?: RawInflater;
  /** Version string written into the results (`generatedBy`). */
  version: string;
}

/** Reads and analyses a whole job. Throws the reader's typed error when a file is unusable. */
export async function analyzeJob(input: AnalyzeJobInput): Promise<Analysis> {
  const readers = input.readers ?? allReaders;
  const files: LoadedFile[] = [];
  for (const cell of input.manifest.cells) {
    for (const file of cell.files) {
      const { source, digest } = withDigest(await input.open(file.path));
      const reader = detectReader(await probeOf(source), readers);
      const series = await reader.read(source, {
        areaCm2: cell.areaCm2,
        clockOffset_s: file.clockOffset_s ?? 0,
        inflateRaw: input.inflateRaw ?? nodeInflateRaw,
      });
      files.push({ cell: cell.id, file, series, sha256: await digest() });
    }
  }
  return analyzeManifest(input.manifest, files, { jobId: input.jobId, version: input.version });
}

/**
 * Wraps a source so the SHA-256 of its bytes is known after the reader ran (for provenance),
 * without reading a streamed file twice.
 */
function withDigest(source: ByteSource): { source: ByteSource; digest: () => Promise<string> } {
  let streamed: string | null = null;
  const wrapped: ByteSource = {
    name: source.name,
    size: source.size,
    head: () => source.head(),
    bytes: () => source.bytes(),
    chunks: async function* () {
      const hash = createHash('sha256');
      let complete = false;
      try {
        for await (const chunk of source.chunks()) {
          hash.update(chunk);
          yield chunk;
        }
        complete = true;
      } finally {
        if (complete) streamed = hash.digest('hex');
      }
    },
  };
  const digest = async (): Promise<string> => {
    if (streamed !== null) return streamed;
    const hash = createHash('sha256');
    for await (const chunk of source.chunks()) hash.update(chunk);
    return hash.digest('hex');
  };
  return { source: wrapped, digest };
}
