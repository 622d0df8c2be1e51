/** A job on the local disk: its manifest, checked against the files beside it, and how to open them. */
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileSource } from '../adapters/file-source.ts';
import type { Analysis } from '../core/analysis.ts';
import { ManifestError } from '../core/errors.ts';
import { type Manifest, parseManifest } from '../core/manifest.ts';
import { message } from '../core/messages.ts';
import { analyzeJob } from '../pipeline/analyze-job.ts';
import { packageVersion } from '../pipeline/version.ts';

export interface LocalJob {
  manifest: Manifest;
  /** Folder the manifest's paths are relative to. */
  folder: string;
  /** Stable id: the first 16 hex digits of the manifest's SHA-256. */
  jobId: string;
}

export async function loadLocalJob(manifestPath: string): Promise<LocalJob> {
  const text = await readFile(manifestPath, 'utf8');
  const manifest = parseManifest(text, manifestPath);
  const folder = dirname(manifestPath);
  const missing: { field: string; expected: string }[] = [];
  for (const [cellIndex, cell] of manifest.cells.entries()) {
    for (const [fileIndex, file] of cell.files.entries()) {
      try {
        await access(join(folder, file.path));
      } catch {
        missing.push({
          field: `cells[${cellIndex}].files[${fileIndex}].path`,
          expected: message.fileMissing(file.path, folder),
        });
      }
    }
  }
  if (missing.length > 0) {
    throw new ManifestError(message.manifestInvalid(manifestPath, missing), {
      location: { file: manifestPath, column: missing[0]!.field },
      expected: missing[0]!.expected,
      details: missing,
    });
  }
  const jobId = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return { manifest, folder, jobId };
}

export function analyzeLocalJob(job: LocalJob): Promise<Analysis> {
  return analyzeJob({
    jobId: job.jobId,
    manifest: job.manifest,
    open: (path) => fileSource(join(job.folder, path), path),
    version: packageVersion,
  });
}
