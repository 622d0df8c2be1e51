/**
 * The stack synthesized without bundling (asset stubs), and helpers that turn its IAM
 * statements into readable strings such as `s3:GetObject <Uploads>/uploads/*`.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/infra/app.ts';
import type { CellreportStack } from '../../lib/infra/stack.ts';

export function synthesizedStack(extraContext: Record<string, string> = {}): {
  stack: CellreportStack;
  template: Template;
} {
  const { stack } = buildApp(
    new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        'aws:cdk:enable-path-metadata': true,
        'aws:cdk:disable-stack-trace': true,
        ...extraContext,
      },
    }),
  );
  return { stack, template: Template.fromStack(stack) };
}

type Json = Record<string, unknown>;

/** A CloudFormation value as text: `{Fn::GetAtt: [X, Arn]}` → `<X>`, joins concatenated. */
export function describe(value: unknown, names: Record<string, string>): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((entry) => describe(entry, names)).join(',');
  const object = value as Json;
  if ('Fn::GetAtt' in object) {
    const [logicalId] = object['Fn::GetAtt'] as string[];
    return `<${names[logicalId!] ?? logicalId}>`;
  }
  if ('Ref' in object) return `<${names[object.Ref as string] ?? (object.Ref as string)}>`;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => describe(part, names)).join(separator);
  }
  return JSON.stringify(value);
}

/** Every `action resource` pair the named role's inline policies allow, sorted. */
export function permissionsOf(
  template: Template,
  roleLogicalId: string,
  names: Record<string, string>,
): string[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const pairs: string[] = [];
  for (const policy of Object.values(policies)) {
    const roles = (policy.Properties.Roles as { Ref: string }[]).map((role) => role.Ref);
    if (!roles.includes(roleLogicalId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement as Json[]) {
      const actions = ([] as string[]).concat(statement.Action as string | string[]);
      const resources = ([] as unknown[]).concat(statement.Resource);
      for (const action of actions)
        for (const resource of resources) pairs.push(`${action} ${describe(resource, names)}`);
    }
  }
  return pairs.sort();
}

/** The logical id of the one resource of a type whose path contains `pathPart`. */
export function logicalIdOf(template: Template, type: string, pathPart: string): string {
  const matches = Object.entries(template.findResources(type)).filter(([, resource]) =>
    String((resource.Metadata as Json | undefined)?.['aws:cdk:path'] ?? '').includes(pathPart),
  );
  if (matches.length !== 1) throw new Error(`${matches.length} ${type} resources match ${pathPart}`);
  return matches[0]![0];
}
