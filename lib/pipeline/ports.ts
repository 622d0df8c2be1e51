/**
 * The ports the pipeline needs from the outside world: an object store per bucket, a mailer, a
 * clock and a log. The stages and the API see only these interfaces; `lib/adapters` implements
 * them over S3 (AWS or the local s3rver), nodemailer (SES, SMTP, an outbox folder) and the
 * system clock, and tests pass in-memory fakes.
 */

export interface ObjectInfo {
  key: string;
  size_bytes: number;
}

export interface PutOptions {
  contentType?: string;
  /** `Content-Disposition` to store with the object (e.g. the download file name). */
  contentDisposition?: string;
}

/** One bucket. Keys are plain (decoded) S3 keys. */
export interface ObjectStore {
  /** The bucket's name, for event records and log lines. */
  readonly bucket: string;
  /** The whole object, or a byte range [start, end] inclusive; `null` when it does not exist. */
  get(key: string, range?: { start: number; end: number }): Promise<Uint8Array | null>;
  /** The object as ordered chunks, for streaming readers. Throws when it does not exist. */
  stream(key: string): AsyncIterable<Uint8Array>;
  /** Size of the object, or `null` when it does not exist. */
  head(key: string): Promise<ObjectInfo | null>;
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void>;
  /**
   * Creates the object only if no object has the key; `false` when one already does. Backed by
   * S3's conditional write (`If-None-Match: *`), so two concurrent callers cannot both win.
   */
  putIfAbsent(key: string, body: Uint8Array | string, options?: PutOptions): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every object under a prefix. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** A URL a client can PUT the object's bytes to, without credentials, until it expires. */
  presignPut(key: string, expiresIn_s: number): Promise<string>;
  /** A URL a client can GET the object from; `downloadName` sets the saved file's name. */
  presignGet(key: string, expiresIn_s: number, downloadName?: string): Promise<string>;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  attachments: MailAttachment[];
}

export interface Mailer {
  /** Sends one message; resolves with the transport's message id. */
  send(message: MailMessage): Promise<{ messageId: string }>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** One structured log line: a message plus the job and stage it concerns. */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  jobId?: string;
  stage?: string;
  [field: string]: unknown;
}

export type Log = (entry: LogEntry) => void;

/** Writes one JSON object per line (what CloudWatch's JSON log format indexes field by field). */
export function jsonLog(write: (line: string) => void = (line) => console.log(line)): Log {
  return (entry) => write(JSON.stringify({ time: new Date().toISOString(), ...entry }));
}
