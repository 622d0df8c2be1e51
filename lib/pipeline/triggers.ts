/**
 * Which object's creation starts which stage (DESIGN §1). The CDK stack turns this table into
 * S3 notification filters and the local event bridge applies the same table to s3rver's events,
 * so AWS and `npm start` chain the stages identically.
 */

export type StageName = 'analyse' | 'render' | 'notify';
export type BucketRole = 'uploads' | 'reports';

export interface StageTrigger {
  stage: StageName;
  bucket: BucketRole;
  prefix: string;
  suffix: string;
}

export const stageTriggers: readonly StageTrigger[] = [
  { stage: 'analyse', bucket: 'uploads', prefix: 'uploads/', suffix: '/job.json' },
  { stage: 'render', bucket: 'reports', prefix: 'results/', suffix: '/analysis.json' },
  { stage: 'notify', bucket: 'reports', prefix: 'reports/', suffix: '/report.json' },
  { stage: 'notify', bucket: 'reports', prefix: 'jobs/', suffix: '/failure.json' },
];

/** The stages an object-created event in a bucket starts (S3 matches prefix and suffix literally). */
export function stagesTriggeredBy(bucket: BucketRole, key: string): StageName[] {
  return stageTriggers
    .filter(
      (trigger) =>
        trigger.bucket === bucket && key.startsWith(trigger.prefix) && key.endsWith(trigger.suffix),
    )
    .map((trigger) => trigger.stage);
}
