/**
 * What a job file is: the manifest's `kind`, checked against what the file holds, or decided
 * from its content for `auto`. A file whose content cannot be the declared kind is an error
 * naming the manifest field, not a silently empty section of the report.
 */
import { ManifestError } from '../errors.ts';
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';

export type ResolvedKind = 'cycling' | 'eis' | 'pressure' | 'ocv' | 'lsv';

interface KindInput {
  file: { path: string; kind: string };
  series: CanonicalSeries;
}

function hasPressure(series: CanonicalSeries): boolean {
  return series.aux.some((channel) => channel.quantity === 'pressure' || channel.quantity === 'force');
}

/** What the content can be, in order of preference for `auto`. */
function possibleKinds(series: CanonicalSeries): ResolvedKind[] {
  const kinds: ResolvedKind[] = [];
  if (series.impedance) kinds.push('eis');
  if (series.voltage_V && series.current_A) kinds.push('cycling', 'lsv', 'ocv');
  else if (series.voltage_V) kinds.push('ocv');
  if (hasPressure(series) && !series.current_A) kinds.push('pressure');
  return kinds;
}

/** The file's kind; `field` is its manifest path (`cells[0].files[2]`) for the error. */
export function resolveKind(loaded: KindInput, field: string): ResolvedKind {
  const possible = possibleKinds(loaded.series);
  const declared = loaded.file.kind;
  if (declared === 'auto') {
    const first = possible[0];
    if (first) return first;
  } else if ((possible as string[]).includes(declared)) {
    return declared as ResolvedKind;
  }
  const holds = describeContent(loaded.series);
  throw new ManifestError(message.wrongFileKind(loaded.file.path, field, declared, holds), {
    location: { file: loaded.file.path, column: `${field}.kind` },
    expected: declared === 'auto' ? 'a file cellreport can analyse' : `a ${declared} file`,
    details: [{ field: `${field}.kind`, expected: `a kind matching a file that holds ${holds}` }],
  });
}

function describeContent(series: CanonicalSeries): string {
  const parts: string[] = [];
  if (series.impedance) parts.push('impedance spectra');
  if (series.voltage_V) parts.push('voltage');
  if (series.current_A) parts.push('current');
  if (hasPressure(series)) parts.push('pressure');
  return parts.length ? parts.join(', ') : 'no column cellreport analyses';
}
