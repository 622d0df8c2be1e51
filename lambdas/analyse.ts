/** Lambda: S3 `uploads/<job>/job.json` created → the analyse stage. */
import { lambdaStageDeps } from '../lib/adapters/aws.ts';
import { loadAnalyzer } from '../lib/pipeline/deps.ts';
import { s3StageHandler } from '../lib/pipeline/handlers.ts';
import { analyseStage } from '../lib/pipeline/stages/analyse.ts';

export const handler = s3StageHandler(analyseStage, {
  ...lambdaStageDeps(process.env),
  analyze: await loadAnalyzer(),
});
