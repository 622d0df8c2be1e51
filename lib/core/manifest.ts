/**
 * The job manifest `job.json` (v1, DESIGN §3.1): the one public input format. The web form
 * writes it, the REST API accepts it, the CLI reads it. Unknown keys are errors, so a typo never
 * silently drops a setting; every error names the field path and what was expected.
 */
import { z } from 'zod';
import { ManifestError } from './errors.ts';
import { message } from './messages.ts';

export const fileKinds = ['cycling', 'eis', 'pressure', 'ocv', 'lsv', 'auto'] as const;
export type FileKind = (typeof fileKinds)[number];

export const cellTypes = ['half', 'full', 'symmetric'] as const;
export type CellType = (typeof cellTypes)[number];

/** A job-relative path: no absolute paths, no `..`, no backslashes, no empty segments. */
const relativePath = z
  .string()
  .min(1)
  .max(512)
  .refine(
    (path) =>
      !path.startsWith('/') &&
      !path.includes('\\') &&
      !/^[A-Za-z]:/.test(path) &&
      path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    { message: 'a path relative to the manifest, without "..", "\\" or a leading "/"' },
  );

const arcWindow = z.strictObject({
  label: z.string().min(1),
  minFrequency_Hz: z.number().positive(),
  maxFrequency_Hz: z.number().positive(),
});

export const manifestFileSchema = z.strictObject({
  path: relativePath,
  kind: z.enum(fileKinds),
  label: z.string().min(1).max(200).optional(),
  /** Seconds added to this file's clock to align it with the cycler (pressure loggers). */
  clockOffset_s: z.number().finite().optional(),
  /** Equivalent circuit for an EIS file, impedance.py syntax. */
  circuit: z.string().min(1).max(200).optional(),
  /** Frequency windows naming the arcs of an EIS file. */
  arcs: z.array(arcWindow).max(10).optional(),
});

export const referenceElectrodeSchema = z.strictObject({
  name: z.string().min(1).max(50),
  /** Potential of the counter/reference electrode vs Li+/Li, V (Li–In ≈ 0.62 V). */
  offsetV: z.number().finite().min(-5).max(5),
});

export const manifestCellSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
      'letters, digits, ".", "_" or "-", starting with a letter or digit',
    ),
  group: z.string().min(1).max(100),
  type: z.enum(cellTypes),
  areaCm2: z.number().positive().max(10_000),
  activeMassMg: z.number().positive().max(1e6).nullable().default(null),
  temperatureC: z.number().min(-100).max(500),
  stackPressureMPa: z.number().min(0).max(1000).nullable().default(null),
  referenceElectrode: referenceElectrodeSchema.default({ name: 'Li', offsetV: 0 }),
  files: z.array(manifestFileSchema).min(1).max(50),
});

export const manifestSchema = z
  .strictObject({
    version: z.literal(1),
    title: z.string().min(1).max(300),
    notify: z.array(z.email()).max(20).default([]),
    baseline: z.string().min(1).max(100),
    cells: z.array(manifestCellSchema).min(1).max(100),
  })
  .superRefine((manifest, context) => {
    const ids = new Set<string>();
    manifest.cells.forEach((cell, index) => {
      if (ids.has(cell.id)) {
        context.addIssue({
          code: 'custom',
          path: ['cells', index, 'id'],
          message: `a unique id ("${cell.id}" is used twice)`,
        });
      }
      ids.add(cell.id);
    });
    const paths = new Set<string>();
    manifest.cells.forEach((cell, cellIndex) => {
      cell.files.forEach((file, fileIndex) => {
        if (paths.has(file.path)) {
          context.addIssue({
            code: 'custom',
            path: ['cells', cellIndex, 'files', fileIndex, 'path'],
            message: `a path not already listed ("${file.path}" appears twice)`,
          });
        }
        paths.add(file.path);
      });
    });
    if (!manifest.cells.some((cell) => cell.group === manifest.baseline)) {
      context.addIssue({
        code: 'custom',
        path: ['baseline'],
        message: `the group of at least one cell (groups: ${[...new Set(manifest.cells.map((cell) => cell.group))].join(', ')})`,
      });
    }
  });

export type Manifest = z.output<typeof manifestSchema>;
export type ManifestCell = Manifest['cells'][number];
export type ManifestFile = ManifestCell['files'][number];

/** One problem with a manifest, by field path (`cells[0].files[1].kind`). */
export interface ManifestProblem {
  field: string;
  expected: string;
}

/**
 * Parses a manifest from JSON text or a parsed value. Throws a `ManifestError` listing every
 * problem at once, each with its field path and what was expected.
 */
export function parseManifest(input: string | unknown, source = 'job.json'): Manifest {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new ManifestError(message.manifestNotJson(source, (cause as Error).message), {
        location: { file: source },
        expected: 'a JSON object',
        cause,
      });
    }
  }
  const result = manifestSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => toProblem(issue, value));
  const first = problems[0]!;
  throw new ManifestError(message.manifestInvalid(source, problems), {
    location: { file: source, column: first.field },
    expected: first.expected,
    details: problems,
  });
}

function toProblem(issue: z.core.$ZodIssue, input: unknown): ManifestProblem {
  const field = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return { field: field || '(top level)', expected: message.manifestUnknownKeys(issue.keys) };
    case 'invalid_value':
      return { field, expected: `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}` };
    case 'invalid_type':
      return {
        field,
        expected:
          valueAt(input, issue.path) === undefined
            ? `a value (${issue.expected}); it is missing`
            : `a ${issue.expected}`,
      };
    default:
      return { field, expected: issue.message };
  }
}

/** The value at `path` in the parsed input (zod 4 issues do not carry it unless asked to). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}
