/** Lambda: S3 `reports/<job>/report.json` or `jobs/<job>/failure.json` created → the notify stage. */
import { lambdaNotifyDeps } from '../lib/adapters/aws.ts';
import { s3StageHandler } from '../lib/pipeline/handlers.ts';
import { notifyStage } from '../lib/pipeline/stages/notify.ts';

export const handler = s3StageHandler(notifyStage, lambdaNotifyDeps(process.env));
