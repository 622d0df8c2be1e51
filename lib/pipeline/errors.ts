/**
 * Errors of the pipeline layer: one base, subclasses ending in `Error`. Each carries a stable
 * `code` (the `error` field of an API error body), the HTTP status it maps to, and structured
 * `details` a client can act on (the missing files, the limit exceeded). Input problems found by
 * the core stay `CoreError`s; the API maps both.
 */

export class PipelineError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly details: unknown;

  constructor(
    message: string,
    options: { code: string; httpStatus: number; details?: unknown; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.httpStatus = options.httpStatus;
    this.details = options.details ?? null;
  }
}

/** Missing or malformed environment settings (details: `{variable, expected}[]`). */
export class ConfigError extends PipelineError {
  constructor(message: string, details: { variable: string; expected: string }[]) {
    super(message, { code: 'invalid_configuration', httpStatus: 500, details });
  }
}

/** A request the API cannot parse or route (bad JSON, unknown path, wrong method). */
export class RequestError extends PipelineError {}

/** Missing or wrong API key. */
export class UnauthorizedError extends PipelineError {
  constructor(message: string) {
    super(message, { code: 'unauthorized', httpStatus: 401 });
  }
}

export class JobNotFoundError extends PipelineError {
  constructor(message: string, jobId: string) {
    super(message, { code: 'job_not_found', httpStatus: 404, details: { jobId } });
  }
}

/** A size or count limit exceeded (details name the limit and the offending value). */
export class LimitExceededError extends PipelineError {
  constructor(message: string, details: unknown) {
    super(message, { code: 'limit_exceeded', httpStatus: 413, details });
  }
}

/** A file path that would leave the job's prefix in the bucket. */
export class PathOutsideJobError extends PipelineError {
  constructor(message: string, path: string) {
    super(message, { code: 'path_outside_job', httpStatus: 400, details: { path } });
  }
}

/** Submit before every declared file was uploaded (details: `{missing: path[]}`). */
export class MissingUploadsError extends PipelineError {
  constructor(message: string, missing: string[]) {
    super(message, { code: 'missing_files', httpStatus: 409, details: { missing } });
  }
}

/** The job is not in a state that allows the request (report asked before it is done). */
export class JobStateError extends PipelineError {
  constructor(message: string, code: string, details: unknown) {
    super(message, { code, httpStatus: 404, details });
  }
}

/** An S3 event that does not have the shape of an S3 notification. */
export class EventShapeError extends PipelineError {
  constructor(message: string, details: unknown) {
    super(message, { code: 'invalid_event', httpStatus: 400, details });
  }
}
