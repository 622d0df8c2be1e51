/**
 * The house Lambda: the defaults every cellreport function gets, so a stack reads as what
 * differs. arm64 on Node 22, bundled locally by esbuild, JSON logs into its own log group
 * (written through an inline policy on that group, not a managed policy), reserved
 * concurrency, X-Ray tracing, and asynchronous failures kept in a queue after two retries.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLE_HANDLER, type BundleData, bundlingOptions } from './bundling.ts';

export interface StageFunctionProps {
  /** `lambdas/<entry>.ts` */
  entry: string;
  projectRoot: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  /** Undefined leaves the function on the account's unreserved pool (accounts with a low concurrency quota). */
  reservedConcurrentExecutions: number | undefined;
  environment: Record<string, string>;
  bundle: BundleData;
  /** Where an asynchronous invocation goes after its retries fail (S3-triggered stages). */
  failedEvents?: sqs.IQueue;
}

export class StageFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: StageFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      entry: `${props.projectRoot}/lambdas/${props.entry}.ts`,
      handler: BUNDLE_HANDLER,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      environment: props.environment,
      bundling: bundlingOptions(props.projectRoot, props.bundle),
      ...(props.failedEvents
        ? {
            retryAttempts: 2,
            maxEventAge: Duration.hours(6),
            onFailure: new SqsDestination(props.failedEvents),
          }
        : {}),
    });
  }
}
