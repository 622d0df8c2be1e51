/** Lambda: S3 `results/<job>/analysis.json` created → the render stage. */
import { lambdaStageDeps } from '../lib/adapters/aws.ts';
import { loadRenderer } from '../lib/pipeline/deps.ts';
import { s3StageHandler } from '../lib/pipeline/handlers.ts';
import { renderStage } from '../lib/pipeline/stages/render.ts';

export const handler = s3StageHandler(renderStage, {
  ...lambdaStageDeps(process.env),
  render: await loadRenderer(),
});
