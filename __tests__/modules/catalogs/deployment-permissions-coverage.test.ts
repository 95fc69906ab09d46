/**
 * The deployment policy against what the account stacks really declare, for every account of the
 * example variants (standalone, organization, Control Tower): every resource and data-source type
 * a stack declares is served by a row of that account's policy (a new type fails here until its
 * permissions are added to modules/catalogs/deployment-permissions.ts), every type the code can
 * declare is served by some row, and every named resource of every stack can be created under
 * its account's policy: the simulator allows the create call on the resource's real ARN, so the
 * name patterns of config/names.ts and the table agree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../../config/load';
import { deploymentRoleName } from '../../../config/names';
import type { AccountConfig, OrganizationConfig } from '../../../config/schema';
import { deploymentPermissionsFor, deploymentStatements } from '../../../modules/bootstrap/deployment-policy';
import { DEPLOYMENT_PERMISSIONS, type TerraformType } from '../../../modules/catalogs/deployment-permissions';
import { arn } from '../../../modules/core/arn';
import type { PolicyDocument } from '../../../modules/core/policy-document';
import { type SimulatedRequest, simulate } from '../../helpers/policy-simulator';
import { controlTowerExampleInput, exampleOrg, organizationModeExample, REPO_ROOT, regionOf, type StackJson } from '../../helpers/synth';
import { synthesizeToTempDir } from '../../helpers/synthesized-organization';

/** Every resource and data-source type a stack declares, data sources of `check` blocks included. */
function declaredTypes(stack: StackJson): TerraformType[] {
  const checks = Object.values((stack as { check?: Record<string, { data?: object }> }).check ?? {});
  return [
    ...Object.keys(stack.resource ?? {}),
    ...Object.keys(stack.data ?? {}).map((type) => `data.${type}`),
    ...checks.flatMap((check) => Object.keys(check.data ?? {}).map((type) => `data.${type}`)),
  ].sort() as TerraformType[];
}

/** The types the account's policy serves: those of the rows whose statements it has. */
function servedTypes(org: OrganizationConfig, account: AccountConfig): Set<string> {
  const sids = new Set(deploymentStatements(org, account).map((s) => s.Sid));
  return new Set(deploymentPermissionsFor(org, account).flatMap((row) => (sids.has(row.sid) ? row.serves : [])));
}

const VARIANTS = [
  ['standalone', exampleOrg],
  ['organization', organizationModeExample],
  ['Control Tower', () => validateOrganizationConfig(controlTowerExampleInput())],
] as const;

const synthesized = VARIANTS.map(
  ([label, variant]) => [label, synthesizeToTempDir(variant(), `deployment-coverage-${label.replace(/\W/g, '')}`)] as const,
);

describe.each(synthesized)('%s', (_label, { org, all }) => {
  test.each(all.map(([account, stack]) => [account.name, account, stack] as const))(
    '%s: every type its stack declares is served by its policy',
    (_name, account, stack) => {
      const served = servedTypes(org, account);
      const declared = declaredTypes(stack);
      expect(declared.length).toBeGreaterThan(20);
      expect(declared.filter((type) => !served.has(type))).toEqual([]);
    },
  );

  test.each(all.map(([account, stack]) => [account.name, account, stack] as const))(
    '%s: every named resource can be created on its ARN under its policy',
    async (_name, account, stack) => {
      const identityPolicies: PolicyDocument[] = [{ Version: '2012-10-17', Statement: deploymentStatements(org, account) }];
      const principal = arn.iamRole(account.id, deploymentRoleName(org, account));
      const requests = createRequests(stack, account.id, org.organization?.id);
      expect(requests.length).toBeGreaterThan(40);
      const refused: string[] = [];
      for (const request of requests) {
        const { decision } = await simulate({ identityPolicies, resourcePolicy: request.resourcePolicy }, { principal, ...request });
        if (decision !== 'Allowed')
          refused.push(`${request.action} ${request.resource} ${JSON.stringify(request.context ?? {})}: ${decision}`);
      }
      expect(refused).toEqual([]);
    },
  );
});

test('the checks above see what they must: a declared type no row serves, a name outside the patterns', async () => {
  const [, { org, all }] = synthesized[1];
  const [account, stack] = all[0];
  const served = servedTypes(org, account);
  expect(declaredTypes({ ...stack, resource: { ...stack.resource, aws_ec2_instance: {} } }).filter((t) => !served.has(t))).toEqual([
    'aws_ec2_instance',
  ]);
  const identityPolicies: PolicyDocument[] = [{ Version: '2012-10-17', Statement: deploymentStatements(org, account) }];
  const principal = arn.iamRole(account.id, deploymentRoleName(org, account));
  const outside = createRequests({ terraform: {}, resource: { aws_iam_role: { x: { name: 'platform-admin' } } } }, account.id);
  expect(outside).toHaveLength(1);
  expect((await simulate({ identityPolicies }, { principal, ...outside[0] })).decision).toBe('ImplicitlyDenied');
});

test('every resource and data-source type the code can declare is served by some row, and every row serves such a type', () => {
  const codeTypes = providerTypesImportedBy(['modules', 'stacks']);
  expect(codeTypes.length).toBeGreaterThan(50);
  const served = new Set(DEPLOYMENT_PERMISSIONS.flatMap((row) => row.serves));
  expect(codeTypes.filter((type) => !served.has(type))).toEqual([]);
  // The check block's organization read is written as an override, not imported.
  const declarable = new Set<string>([...codeTypes, 'data.aws_organizations_organization']);
  expect([...served].filter((type) => !declarable.has(type))).toEqual([]);
});

/** The Terraform types of the provider classes `dirs` import (`@cdktf/provider-aws/lib/<name>`), from each class's own tfResourceType. */
function providerTypesImportedBy(dirs: readonly string[]): TerraformType[] {
  const files = dirs.flatMap((dir) =>
    fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(REPO_ROOT, dir, f)),
  );
  const modules = new Set(
    files
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/@cdktf\/provider-aws\/lib\/([a-z0-9-]+)/g)].map((m) => m[1])),
  );
  modules.delete('provider');
  return [...modules]
    .map((name) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported: unknown[] = Object.values(require(`@cdktf/provider-aws/lib/${name}`));
      const construct = exported.find(
        (e): e is { name: string; tfResourceType: string } => typeof e === 'function' && 'tfResourceType' in e,
      );
      if (!construct) throw new Error(`@cdktf/provider-aws/lib/${name} exports no resource or data source`);
      return (construct.name.startsWith('DataAws') ? `data.${construct.tfResourceType}` : construct.tfResourceType) as TerraformType;
    })
    .sort();
}

interface CreateRequest extends Omit<SimulatedRequest, 'principal'> {
  readonly resourcePolicy?: PolicyDocument;
}

/** A value as written, or the attribute of the resource a `${type.id.attribute}` reference names. */
function resolve(stack: StackJson, value: string): string {
  const reference = /^\$\{([\w-]+)\.([\w-]+)\.(\w+)\}$/.exec(value);
  if (!reference) return value;
  const [, type, id, attribute] = reference;
  return resolve(stack, stack.resource![type][id][attribute]);
}

/** The baseline's key policies leave the keys to the account's IAM policies (modules/core/customer-managed-key.ts). */
const accountKeyPolicy = (accountId: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'EnableAccountIamPolicies', Effect: 'Allow', Principal: { AWS: arn.accountRoot(accountId) }, Action: 'kms:*', Resource: '*' },
  ],
});

/** The create call of every named resource of the stack, on the ARN the resource gets. */
function createRequests(stack: StackJson, accountId: string, organizationId = 'o-none'): CreateRequest[] {
  const requests = new Map<string, CreateRequest>();
  const add = (request: CreateRequest) => requests.set(JSON.stringify(request), request);
  for (const [type, byId] of Object.entries(stack.resource ?? {})) {
    for (const body of Object.values(byId)) {
      const region = stack.provider ? regionOf(stack, body) : 'eu-west-1';
      const at = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
      const request = createRequestFor(type, body, { stack, accountId, organizationId, at });
      if (request) add(request);
      if (type === 'aws_iam_role') {
        const services = JSON.parse(body.assume_role_policy ?? '{"Statement":[]}').Statement.flatMap(
          (s: { Principal?: { Service?: string } }) => (s.Principal?.Service ? [s.Principal.Service] : []),
        );
        for (const service of services) {
          add({ action: 'iam:PassRole', resource: arn.iamRole(accountId, body.name), context: { 'iam:PassedToService': service } });
        }
      }
      if (type === 'aws_kms_key' || type === 'aws_kms_alias') {
        const key = at('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab');
        add({
          action: 'kms:ScheduleKeyDeletion',
          resource: key,
          context: { 'aws:ResourceTag/BaselinePrefix': stack.provider!.aws[0].default_tags[0].tags.BaselinePrefix },
          resourcePolicy: accountKeyPolicy(accountId),
        });
        if (type === 'aws_kms_alias')
          add({ action: 'kms:CreateAlias', resource: at('kms', body.name), resourcePolicy: accountKeyPolicy(accountId) });
      }
    }
  }
  return [...requests.values()];
}

interface Where {
  readonly stack: StackJson;
  readonly accountId: string;
  readonly organizationId: string;
  readonly at: (service: string, resource: string) => string;
}

function createRequestFor(
  type: string,
  body: Record<string, any>,
  { stack, accountId, organizationId, at }: Where,
): CreateRequest | undefined {
  switch (type) {
    case 'aws_s3_bucket':
      return { action: 's3:CreateBucket', resource: arn.s3Bucket(body.bucket), resourceAccount: accountId };
    case 'aws_iam_role':
      return { action: 'iam:CreateRole', resource: arn.iamRole(accountId, body.name) };
    case 'aws_iam_policy':
      return { action: 'iam:CreatePolicy', resource: `arn:aws:iam::${accountId}:policy/${body.name}` };
    case 'aws_iam_role_policy':
      return { action: 'iam:PutRolePolicy', resource: arn.iamRole(accountId, resolve(stack, body.role)) };
    case 'aws_iam_role_policy_attachment':
      return {
        action: 'iam:AttachRolePolicy',
        resource: arn.iamRole(accountId, resolve(stack, body.role)),
        context: { 'iam:PolicyARN': body.policy_arn },
      };
    case 'aws_iam_service_linked_role':
      return {
        action: 'iam:CreateServiceLinkedRole',
        resource: `arn:aws:iam::${accountId}:role/aws-service-role/${body.aws_service_name}/AWSServiceRoleForConfig`,
        context: { 'iam:AWSServiceName': body.aws_service_name },
      };
    case 'aws_cloudwatch_log_group':
      return { action: 'logs:CreateLogGroup', resource: at('logs', `log-group:${body.name}`) };
    case 'aws_cloudwatch_log_metric_filter':
      return { action: 'logs:PutMetricFilter', resource: at('logs', `log-group:${resolve(stack, body.log_group_name)}`) };
    case 'aws_cloudwatch_metric_alarm':
      return { action: 'cloudwatch:PutMetricAlarm', resource: at('cloudwatch', `alarm:${body.alarm_name}`) };
    case 'aws_cloudwatch_event_rule': {
      const bus = body.event_bus_name ? `${resolve(stack, body.event_bus_name)}/` : '';
      return { action: 'events:PutRule', resource: at('events', `rule/${bus}${body.name}`) };
    }
    case 'aws_cloudwatch_event_bus':
      return { action: 'events:CreateEventBus', resource: at('events', `event-bus/${body.name}`) };
    case 'aws_cloudtrail':
      return { action: 'cloudtrail:CreateTrail', resource: at('cloudtrail', `trail/${body.name}`) };
    case 'aws_sns_topic':
      return { action: 'sns:CreateTopic', resource: at('sns', body.name) };
    case 'aws_sqs_queue':
      return { action: 'sqs:CreateQueue', resource: at('sqs', body.name) };
    case 'aws_lambda_function':
      return { action: 'lambda:CreateFunction', resource: at('lambda', `function:${body.function_name}`) };
    case 'aws_dynamodb_table':
      return { action: 'dynamodb:CreateTable', resource: at('dynamodb', `table/${body.name}`) };
    case 'aws_ssm_document':
      return { action: 'ssm:CreateDocument', resource: at('ssm', `document/${body.name}`) };
    case 'aws_accessanalyzer_analyzer':
      return { action: 'access-analyzer:CreateAnalyzer', resource: at('access-analyzer', `analyzer/${body.analyzer_name}`) };
    case 'aws_config_config_rule':
      return { action: 'config:PutConfigRule', resource: at('config', 'config-rule/config-rule-a1b2c3') };
    case 'aws_config_configuration_recorder':
      return { action: 'config:PutConfigurationRecorder', resource: at('config', `configuration-recorder/${body.name}/a1b2c3d4`) };
    case 'aws_chatbot_slack_channel_configuration':
      return {
        action: 'chatbot:UpdateSlackChannelConfiguration',
        resource: `arn:aws:chatbot::${accountId}:chat-configuration/slack-channel/${body.configuration_name}`,
      };
    case 'aws_organizations_delegated_administrator':
      return {
        action: 'organizations:RegisterDelegatedAdministrator',
        resource: `arn:aws:organizations::${accountId}:account/${organizationId}/${body.account_id}`,
        context: { 'organizations:ServicePrincipal': body.service_principal },
      };
    default:
      return undefined;
  }
}
