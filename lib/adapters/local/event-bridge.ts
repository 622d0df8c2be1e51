/**
 * Turns s3rver's object-created events into the records real S3 would deliver and invokes the
 * stage handlers the stack's notifications would. s3rver's own records differ from S3's: keys
 * not URL-encoded, a malformed bucket ARN, no prefix/suffix filtering, and a completed
 * multipart upload reported as `ObjectCreated:Post`. The filters come from `stageTriggers`,
 * the same table the CDK stack reads.
 *
 * Stages run one at a time, in event order, like a Lambda with reserved concurrency 1: s3rver
 * ignores conditional writes, so this is what keeps duplicated events from racing locally.
 */
import type { S3rverEvent } from 's3rver';
import type { Log } from '../../pipeline/ports.ts';
import { type CreatedObject, s3EventRecord } from '../../pipeline/s3-event.ts';
import { type BucketRole, type StageName, stageTriggers } from '../../pipeline/triggers.ts';

export type StageHandler = (event: unknown) => Promise<unknown>;

export interface EventBridge {
  /** Feeds one s3rver event (its `event` listener). */
  accept(event: S3rverEvent): void;
  /** Delivers a record as S3 would (tests use it to duplicate an event). */
  deliver(created: CreatedObject): void;
  /** Resolves once every queued and resulting event has been handled. */
  idle(): Promise<void>;
}

const eventNames: Record<string, CreatedObject['eventName']> = {
  'ObjectCreated:Put': 'ObjectCreated:Put',
  'ObjectCreated:Copy': 'ObjectCreated:Copy',
  // s3rver reports CompleteMultipartUpload as Post; nothing here uses browser POST uploads.
  'ObjectCreated:Post': 'ObjectCreated:CompleteMultipartUpload',
};

export function eventBridge(options: {
  buckets: Record<BucketRole, string>;
  handlers: Record<StageName, StageHandler>;
  log: Log;
  region?: string;
}): EventBridge {
  let queue: Promise<void> = Promise.resolve();
  let pending = 0;
  let drained: (() => void)[] = [];
  const roleOf = (bucket: string): BucketRole | null =>
    (Object.entries(options.buckets).find(([, name]) => name === bucket)?.[0] as BucketRole | undefined) ??
    null;

  const deliver = (created: CreatedObject) => {
    const role = roleOf(created.bucket);
    if (role === null) return;
    for (const trigger of stageTriggers) {
      if (
        trigger.bucket !== role ||
        !created.key.startsWith(trigger.prefix) ||
        !created.key.endsWith(trigger.suffix)
      ) {
        continue;
      }
      const event = { Records: [s3EventRecord(created, `${trigger.stage}-${trigger.suffix.slice(1)}`)] };
      pending += 1;
      queue = queue
        .then(async () => {
          await options.handlers[trigger.stage](event);
        })
        .catch((error: unknown) => {
          options.log({
            level: 'error',
            message: 'stage invocation failed',
            stage: trigger.stage,
            key: created.key,
            error: error instanceof Error ? error.stack : String(error),
          });
        })
        .finally(() => {
          pending -= 1;
          if (pending === 0) {
            const waiting = drained;
            drained = [];
            for (const resolve of waiting) resolve();
          }
        });
    }
  };

  return {
    accept: (event) => {
      for (const record of event.Records) {
        const eventName = eventNames[record.eventName];
        if (!eventName) continue;
        deliver({
          bucket: record.s3.bucket.name,
          key: record.s3.object.key,
          size_bytes: record.s3.object.size ?? 0,
          eTag: record.s3.object.eTag ?? '',
          eventName,
          time: new Date(record.eventTime),
          region: options.region ?? 'us-east-1',
          sequencer: record.s3.object.sequencer,
        });
      }
    },
    deliver,
    idle: () => (pending === 0 ? Promise.resolve() : new Promise((resolve) => drained.push(resolve))),
  };
}
