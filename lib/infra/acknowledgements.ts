/**
 * cdk-nag AwsSolutions findings this stack accepts, each with its reason, acknowledged on the
 * narrowest construct that has it. Any other finding fails the stack test (and `cdk synth`).
 */
import { type CfnResource, type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CellreportStack } from './stack.ts';

const acknowledge = (construct: IConstruct, id: string, reason: string) =>
  Validations.of(construct).acknowledge({ id, reason });

/** The IAM5 finding id cdk-nag gives `<bucket ARN>/<prefix>*`. */
export function objectWildcardFinding(stack: Stack, bucket: IConstruct, prefix: string): string {
  const logicalId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as CfnResource)) as string;
  return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`;
}

export function acknowledgeFindings(stack: CellreportStack): void {
  acknowledge(
    stack.failedEvents,
    'AwsSolutions-SQS3',
    'This queue is the dead-letter destination: every stage sends its failed asynchronous invocations here.',
  );
  for (const stageFunction of Object.values(stack.functions)) {
    acknowledge(
      stageFunction.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only the X-Ray actions added by active tracing (PutTraceSegments, PutTelemetryRecords), which support no resource-level permissions.',
    );
    acknowledge(
      stageFunction.function,
      'AwsSolutions-L1',
      'nodejs22.x (LTS) is pinned to the Node line CI runs the suite and the bundles on; move to nodejs24.x together with CI.',
    );
  }
  acknowledge(
    stack.api,
    'AwsSolutions-APIG3',
    "API key + usage-plan throttling bound abuse of this lab API; attach the organisation's WAF web ACL to the stage when it is exposed more widely.",
  );
  const keyAccess =
    'Access is by API key with a usage plan (the contract of DESIGN §3.3); job ids are unguessable and files move through short-lived presigned URLs. The web form and /openapi.json methods serve static content without data.';
  acknowledge(stack.api, 'AwsSolutions-APIG4', keyAccess);
  acknowledge(stack.api, 'AwsSolutions-COG4', keyAccess);
  acknowledge(
    stack.api,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    "API Gateway's account-level logging role; AWS maintains this managed policy for exactly that purpose.",
  );
  const notificationsHandler = stack.node.children.find((child) =>
    child.node.id.startsWith('BucketNotificationsHandler'),
  );
  if (notificationsHandler) {
    const reason =
      "aws-cdk-lib's own custom resource that writes the buckets' notification configuration at deploy time; its role and runtime are managed by CDK.";
    acknowledge(
      notificationsHandler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason,
    );
    acknowledge(notificationsHandler, 'AwsSolutions-IAM5[Resource::*]', reason);
  }
}

/** Object access scoped to a prefix: job ids are unknown at deploy time, so the key ends in `*`. */
export function acknowledgePrefixAccess(role: IConstruct, finding: string): void {
  acknowledge(
    role,
    finding,
    "Object access is limited to this function's key prefix in one bucket; the job id that follows is only known at run time.",
  );
}
