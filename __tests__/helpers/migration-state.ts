/**
 * A Terraform state standing for what a deployment of a stack left behind, built offline from the
 * stack's own plan: every planned resource becomes a state object whose attributes are the planned
 * values. What the plan could not know (identifiers the provider assigns, and every value that
 * refers to them) gets what AWS would have given: `id` and `arn` in the format of the type, then
 * each reference in the configuration resolved against those.
 */
import { randomUUID, createHash } from 'node:crypto';
import type { AwsAccountState } from '../../operations/offline-aws';
import { RETIRED_RESOURCES } from '../../stacks/migration';
import type { StackJson } from './synth';

/** The parts of `terraform show -json <plan>` used here. */
export interface PlanJson {
  readonly planned_values: { readonly root_module: { readonly resources?: readonly PlannedResource[] } };
  readonly resource_changes?: readonly ResourceChange[];
}

interface PlannedResource {
  readonly address: string;
  readonly mode: string;
  readonly schema_version: number;
}

export interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
    /** Present when the plan imports the object (an `import` block whose target is not in the state yet). */
    readonly importing?: { readonly id: string };
  };
}

export interface StateResource {
  readonly mode: 'managed';
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: readonly { schema_version: number; attributes: Record<string, unknown>; sensitive_attributes: [] }[];
}

export interface TerraformState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, never>;
  readonly resources: readonly StateResource[];
}

/** Address (`type.name`) of every resource a state holds. */
export function stateAddresses(state: TerraformState): string[] {
  return state.resources.map((r) => `${r.type}.${r.name}`);
}

/**
 * The state a successful apply of `plan` (a plan of `stack` from an empty state, every change a
 * create) would leave in `accountId`.
 */
export function stateFromPlan(plan: PlanJson, stack: StackJson, accountId: string, terraformVersion: string): TerraformState {
  const schemaVersions = new Map((plan.planned_values.root_module.resources ?? []).map((r) => [r.address, r.schema_version]));
  const regions = new Map(
    (stack.provider?.aws ?? []).map((config) => [config.alias ? `aws.${config.alias}` : 'aws', config.region as string]),
  );
  const changes = (plan.resource_changes ?? []).filter((c) => c.mode === 'managed');

  const values = new Map<string, Record<string, unknown>>();
  const providerKeys = new Map<string, string>();
  for (const change of changes) {
    if (change.change.actions.join() !== 'create')
      throw new Error(`${change.address}: expected a create, the plan has ${change.change.actions}`);
    const providerKey: string = stack.resource?.[change.type]?.[change.name]?.provider ?? 'aws';
    if (!regions.has(providerKey)) throw new Error(`${change.address}: no region for provider ${providerKey}`);
    values.set(change.address, structuredClone(change.change.after ?? {}));
    providerKeys.set(change.address, providerKey);
  }
  const configOf = (change: ResourceChange): Record<string, unknown> => stack.resource?.[change.type]?.[change.name] ?? {};
  /** Identifiers AWS assigns to what the configuration leaves unset; `last`: even when the name is a placeholder. */
  const assign = (last: boolean) => {
    for (const change of changes) {
      const attributes = values.get(change.address)!;
      const unknown = change.change.after_unknown ?? {};
      const region = regions.get(providerKeys.get(change.address)!)!;
      const assigned = {
        ...assignedIdentifiers(change.type, attributes, region, accountId, change.address, last),
        ...COMPUTED_DEFAULTS[change.type],
      };
      for (const [name, value] of Object.entries(assigned)) {
        if (value !== undefined && unknown[name] === true && configOf(change)[name] === undefined && attributes[name] == null)
          attributes[name] = value;
      }
    }
  };
  /** Every unknown value the configuration spells as references, resolved against what is known now. */
  const resolve = (): number => {
    let resolvedCount = 0;
    for (const change of changes) {
      const attributes = values.get(change.address)!;
      for (const path of unknownLeaves(change.change.after_unknown ?? {})) {
        // Unknown values show in `after` as absent, or as null inside a collection.
        if (getPath(attributes, path) != null) continue;
        const resolved = resolveConfigured(configAt(configOf(change), path), (expression) => resolveReferences(expression, values));
        if (resolved !== undefined) {
          setPath(attributes, path, resolved);
          resolvedCount++;
        }
      }
    }
    return resolvedCount;
  };
  // Identifiers first (they depend only on each resource's own known values), then the references
  // to them (chains of references take several rounds), then identifiers derived from those.
  assign(false);
  while (resolve() > 0);
  assign(true);

  return {
    version: 4,
    terraform_version: terraformVersion,
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: changes.map((change) => ({
      mode: 'managed',
      type: change.type,
      name: change.name,
      provider: providerString(providerKeys.get(change.address)!),
      instances: [
        { schema_version: schemaVersions.get(change.address) ?? 0, attributes: values.get(change.address)!, sensitive_attributes: [] },
      ],
    })),
  };
}

/**
 * `state` with what an earlier version of the baseline also left in it: each retired resource of
 * `role` (stacks/migration.ts RETIRED_RESOURCES), with the attributes its type has.
 */
export function withRetiredResources(
  state: TerraformState,
  role: string,
  attributesOf: (address: string) => Record<string, unknown>,
): TerraformState {
  const retired = RETIRED_RESOURCES.filter((r) => r.role === role).map((r): StateResource => {
    const [type, name] = r.address.split('.');
    return {
      mode: 'managed',
      type,
      name,
      provider: providerString('aws'),
      instances: [{ schema_version: 0, attributes: attributesOf(r.address), sensitive_attributes: [] }],
    };
  });
  return { ...state, serial: state.serial + 1, resources: [...state.resources, ...retired] };
}

/** `aws` → `provider["registry.terraform.io/hashicorp/aws"]`, `aws.us-east-1` → `…].us-east-1`. */
function providerString(providerKey: string): string {
  const alias = providerKey.split('.')[1];
  return `provider["registry.terraform.io/hashicorp/aws"]${alias ? `.${alias}` : ''}`;
}

/** A stable fake of `length` hex digits for `seed`. */
function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function uuidOf(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `id`, `arn` and the like as AWS (and the provider) would set them for a new resource of `type`. */
function assignedIdentifiers(
  type: string,
  v: Record<string, any>,
  region: string,
  account: string,
  address: string,
  last: boolean,
): Record<string, unknown> {
  const arn = (service: string, resource: string, arnRegion = region) => `arn:aws:${service}:${arnRegion}:${account}:${resource}`;
  const named: string | undefined =
    [v.name, v.function_name, v.alarm_name, v.analyzer_name, v.bucket, v.rule].find((n) => typeof n === 'string') ??
    (last ? `mock-${hex(address, 8)}` : undefined);
  switch (type) {
    case 'aws_s3_bucket':
      return {
        id: v.bucket,
        arn: `arn:aws:s3:::${v.bucket}`,
        region,
        bucket_domain_name: `${v.bucket}.s3.amazonaws.com`,
        bucket_regional_domain_name: `${v.bucket}.s3.${region}.amazonaws.com`,
        hosted_zone_id: 'Z1BKCTXD74EZPE',
      };
    case 'aws_kms_key': {
      const keyId = uuidOf(address);
      return { id: keyId, key_id: keyId, arn: arn('kms', `key/${keyId}`), multi_region: false, rotation_period_in_days: 365 };
    }
    case 'aws_kms_alias':
      return { id: v.name, arn: arn('kms', v.name) };
    case 'aws_iam_role':
      return {
        id: v.name,
        arn: `arn:aws:iam::${account}:role${v.path ?? '/'}${v.name}`,
        unique_id: `AROA${hex(address, 17).toUpperCase()}`,
        create_date: '2024-01-01T00:00:00Z',
      };
    case 'aws_iam_policy': {
      const policyArn = `arn:aws:iam::${account}:policy${v.path ?? '/'}${v.name}`;
      return { id: policyArn, arn: policyArn, policy_id: `ANPA${hex(address, 17).toUpperCase()}`, attachment_count: 1 };
    }
    case 'aws_iam_service_linked_role': {
      const service = String(v.aws_service_name);
      const name = service === 'config.amazonaws.com' ? 'AWSServiceRoleForConfig' : `AWSServiceRoleFor${service.split('.')[0]}`;
      const roleArn = `arn:aws:iam::${account}:role/aws-service-role/${service}/${name}`;
      return {
        id: roleArn,
        arn: roleArn,
        name,
        path: `/aws-service-role/${service}/`,
        unique_id: `AROA${hex(address, 17).toUpperCase()}`,
        create_date: '2024-01-01T00:00:00Z',
      };
    }
    case 'aws_cloudwatch_log_group':
      return { id: v.name, arn: arn('logs', `log-group:${v.name}`), log_group_class: 'STANDARD' };
    case 'aws_sns_topic': {
      const topicArn = arn('sns', v.name);
      return { id: topicArn, arn: topicArn, owner: account, signature_version: 0 };
    }
    case 'aws_sqs_queue':
      return {
        id: `https://sqs.${region}.amazonaws.com/${account}/${v.name}`,
        url: `https://sqs.${region}.amazonaws.com/${account}/${v.name}`,
        arn: arn('sqs', v.name),
      };
    case 'aws_lambda_function': {
      const fnArn = arn('lambda', `function:${v.function_name}`);
      return {
        id: v.function_name,
        arn: fnArn,
        qualified_arn: `${fnArn}:$LATEST`,
        invoke_arn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
        version: '$LATEST',
      };
    }
    case 'aws_guardduty_detector': {
      const id = hex(address, 32);
      return { id, arn: arn('guardduty', `detector/${id}`), account_id: account };
    }
    case 'aws_securityhub_account':
      return { id: account, arn: arn('securityhub', 'hub/default') };
    case 'aws_securityhub_finding_aggregator':
      return { id: arn('securityhub', `finding-aggregator/${uuidOf(address)}`) };
    case 'aws_cloudtrail':
      return { id: arn('cloudtrail', `trail/${v.name}`), arn: arn('cloudtrail', `trail/${v.name}`), home_region: region };
    case 'aws_cloudwatch_event_rule':
      return { id: v.name, arn: arn('events', `rule/${v.name}`) };
    case 'aws_cloudwatch_metric_alarm':
      return { id: v.alarm_name, arn: arn('cloudwatch', `alarm:${v.alarm_name}`) };
    case 'aws_config_config_rule':
      return { id: v.name, arn: arn('config', `config-rule/config-rule-${hex(address, 6)}`), rule_id: `config-rule-${hex(address, 6)}` };
    case 'aws_ssm_document':
      return { id: v.name, arn: arn('ssm', `document/${v.name}`) };
    case 'aws_accessanalyzer_analyzer':
      return { id: v.analyzer_name, arn: arn('access-analyzer', `analyzer/${v.analyzer_name}`) };
    case 'aws_chatbot_slack_channel_configuration':
      return {
        id: arn('chatbot', `chat-configuration/slack-channel/${v.configuration_name}`, ''),
        chat_configuration_arn: arn('chatbot', `chat-configuration/slack-channel/${v.configuration_name}`, ''),
      };
    case 'aws_sns_topic_policy':
      return { id: v.arn, owner: account };
    default:
      return named === undefined ? {} : { id: named, arn: arn(type.split('_')[1], `${type.split('_').slice(2).join('-')}/${named}`) };
  }
}

/** Values the provider computes on create that it plans as unknown again when the state has none. */
const COMPUTED_DEFAULTS: Readonly<Record<string, Record<string, unknown>>> = {
  aws_iam_role: { managed_policy_arns: [] },
  aws_lambda_function: { architectures: ['x86_64'] },
  aws_ssm_document: { parameter: [], platform_types: ['Linux', 'MacOS', 'Windows'] },
  aws_chatbot_slack_channel_configuration: { slack_team_name: 'example-workspace', slack_channel_name: 'security-alerts' },
};

type Path = readonly (string | number)[];

/** Paths of the values `after_unknown` marks unknown (`true`), at any depth. */
function unknownLeaves(unknown: unknown, path: Path = []): Path[] {
  if (unknown === true) return [path];
  if (Array.isArray(unknown)) return unknown.flatMap((u, i) => unknownLeaves(u, [...path, i]));
  if (unknown && typeof unknown === 'object') return Object.entries(unknown).flatMap(([k, u]) => unknownLeaves(u, [...path, k]));
  return [];
}

function getPath(root: unknown, path: Path): unknown {
  let node: any = root;
  for (const key of path) {
    if (node === null || node === undefined) return undefined;
    node = node[key];
  }
  return node;
}

function setPath(root: Record<string, unknown>, path: Path, value: unknown): void {
  let node: any = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    if (node[key] === null || node[key] === undefined) node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key];
  });
}

/** The configured expression at a state path: CDKTF writes a single nested block as an object, not a list. */
function configAt(config: unknown, path: Path): unknown {
  let node: any = config;
  for (const key of path) {
    if (node === null || node === undefined) return undefined;
    if (typeof key === 'number' && !Array.isArray(node)) {
      if (key !== 0) return undefined;
      continue;
    }
    node = node[key];
  }
  return node;
}

function resolveConfigured(configured: unknown, resolve: (expression: string) => unknown): unknown {
  if (typeof configured === 'string') return resolve(configured);
  if (Array.isArray(configured)) {
    const items = configured.map((item) => resolveConfigured(item, resolve));
    return items.every((item) => item !== undefined) ? items : undefined;
  }
  return undefined;
}

const REFERENCE = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

/**
 * A configured string whose only interpolations are `${type.name.attribute}`, with each one
 * replaced by that attribute's value; undefined when it holds anything else (functions,
 * expressions) or names an attribute without a value.
 */
function resolveReferences(expression: string, values: ReadonlyMap<string, Record<string, unknown>>): unknown {
  const withoutEscapes = expression.replaceAll('$${', '');
  if (withoutEscapes.replace(REFERENCE, '').includes('${')) return undefined;
  const whole = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(expression);
  if (whole) return values.get(whole[1])?.[whole[2]] ?? undefined;
  let missing = false;
  const text = expression.replace(REFERENCE, (_, address: string, attribute: string) => {
    const value = values.get(address)?.[attribute];
    if (typeof value !== 'string') missing = true;
    return String(value);
  });
  return missing ? undefined : text.replaceAll('$${', '${');
}

/**
 * What the offline stand-in for AWS serves as the account holding `state` (built for `stack`): its
 * GuardDuty detector in each region, with the id the state gives it, and Security Hub where the
 * state has a hub.
 */
export function existingObjects(state: TerraformState, stack: StackJson, accountId: string): AwsAccountState {
  const regionOf = (resource: StateResource): string => {
    const alias = /\]\.(.+)$/.exec(resource.provider)?.[1];
    const config = (stack.provider?.aws ?? []).find((c) => c.alias === alias);
    if (!config) throw new Error(`${resource.type}.${resource.name}: no provider configuration ${resource.provider}`);
    return config.region as string;
  };
  const ofType = (type: string) => state.resources.filter((r) => r.type === type);
  return {
    accountId,
    guardDutyDetectors: Object.fromEntries(
      ofType('aws_guardduty_detector').map((r) => [regionOf(r), r.instances[0].attributes.id as string]),
    ),
    securityHubRegions: ofType('aws_securityhub_account').map(regionOf),
  };
}
