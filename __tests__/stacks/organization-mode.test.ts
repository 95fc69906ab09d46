/**
 * Organization mode as `cdktf synth` writes it (the bundled example, config/examples/organization.json):
 * each account does its own job. log-archive holds the logs, management owns the organization
 * trail and the delegated administrators, security administers GuardDuty, Security Hub, Config
 * aggregation and Access Analyzer for everyone, and every account keeps the member baseline. The
 * stacks deploy in that order, migrate from standalone without destroying anything, and standalone
 * mode is left as it was.
 *
 * Expectations are written from the config (account ids, regions, standards) and the documented
 * names, and cross-stack wiring is checked from both ends: what one stack names (a bucket, a key
 * alias, a trail ARN) must be what the other stack declares or admits.
 */
import { detectiveRegions } from '../../config/regions';
import { validateOrganizationConfig } from '../../config/load';
import type { AccountConfig } from '../../config/schema';
import { GUARDDUTY_PROTECTIONS, type GuardDutyProtectionKey } from '../../modules/catalogs/threat-detection';
import { REMEDIATION_KEYS } from '../../modules/catalogs/remediations';
import { RETIRED_RESOURCES } from '../../stacks/migration';
import { apiCall } from '../fixtures/cloudtrail-events';
import { matchesFilterPattern } from '../helpers/filter-pattern-evaluator';
import { simulate, withContext, type SimulatedRequest } from '../helpers/policy-simulator';
import { trailLogGroupId } from '../helpers/stack-judges';
import { bucketPolicyOf, bucketPolicyResourceOf } from '../helpers/synthesized-policies';
import { addressesOf, synthesizeToTempDir, typesOf, type SynthesizedOrganization } from '../helpers/synthesized-organization';
import {
  exampleOrg,
  exampleOrgInput,
  organizationModeExample,
  organizationModeExampleInput,
  parsePolicy,
  regionOf,
  resourcesOfType,
  type StackJson,
} from '../helpers/synth';

const org = organizationModeExample();
const synthesized = synthesizeToTempDir(org, 'organization-mode');
const standalone = synthesizeToTempDir(exampleOrg(), 'organization-mode-standalone');

const accountWithRole = (role: AccountConfig['role']) => org.accounts.find((a) => a.role === role)!;
const logArchive = accountWithRole('log-archive');
const management = accountWithRole('management');
const security = accountWithRole('security');
const workloads = org.accounts.filter((a) => a.role === 'workload');
/** Every account but management. */
const members = org.accounts.filter((a) => a.role !== 'management');

const HOME = org.homeRegion;
const ORG_ID = org.organization!.id;
const ROOT_ID = org.organization!.rootId;
const REGIONS = [...detectiveRegions(HOME, org.regions, org.detectiveControlRegions)].sort();
const CENTRAL_TRAIL_BUCKET = `acme-org-cloudtrail-${logArchive.id}-${HOME}`;
const CENTRAL_CONFIG_BUCKET = `acme-org-config-${logArchive.id}-${HOME}`;
const CENTRAL_ACCESS_LOG_BUCKET = `acme-org-access-logs-${logArchive.id}-${HOME}`;
const TRAIL_KEY_ALIAS = 'alias/acme-org-trail';
const OWNER_FULL_CONTROL = { 's3:x-amz-acl': 'bucket-owner-full-control' };
const OUTSIDER = '999999999999';

const stackOf = (account: AccountConfig, from: SynthesizedOrganization = synthesized) => from.stack(account.name);
const entries = (json: StackJson, type: string): [string, any][] => Object.entries(resourcesOfType(json, type));
const regionsOf = (json: StackJson, type: string) =>
  Object.values(resourcesOfType(json, type))
    .map((r) => regionOf(json, r))
    .sort();
const ref = (type: string, id: string, attribute: string) => `\${${type}.${id}.${attribute}}`;
const asArray = <T>(value: T | readonly T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? [...value] : [value as T];

function only(json: StackJson, type: string): [string, any] {
  const all = entries(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** The KMS key an alias of the stack points at: [logical id, body]. */
function keyByAlias(json: StackJson, alias: string): [string, any] {
  const aliases = entries(json, 'aws_kms_alias').filter(([, a]) => a.name === alias);
  if (aliases.length !== 1) throw new Error(`expected one alias ${alias}, found ${aliases.length}`);
  const keyId = /^\$\{aws_kms_key\.([\w-]+)\.key_id\}$/.exec(aliases[0][1].target_key_id)?.[1];
  const key = keyId && resourcesOfType(json, 'aws_kms_key')[keyId];
  if (!key) throw new Error(`alias ${alias} points at no key of the stack`);
  return [keyId, key];
}

/** The stack's only organization trail, or its only account trail. */
function trailOf(json: StackJson, kind: 'organization' | 'account'): any {
  const trails = entries(json, 'aws_cloudtrail').filter(([, t]) => (t.is_organization_trail === true) === (kind === 'organization'));
  if (trails.length !== 1) throw new Error(`expected exactly one ${kind} trail, found ${trails.length}`);
  return trails[0][1];
}

/** The ARN of the stack's organization trail or account trail, as CloudTrail sends it in aws:SourceArn. */
function trailArnOf(json: StackJson, accountId: string, kind: 'organization' | 'account' = 'account'): string {
  const trail = trailOf(json, kind);
  return `arn:aws:cloudtrail:${regionOf(json, trail)}:${accountId}:trail/${trail.name}`;
}

/** The policy as IAM receives it: Terraform renders the escaped `$${` of policy variables as `${`. */
const asIamGetsIt = (synthesized: string) => synthesized.replace(/\$\$\{/g, '${');

/** The accounts whose principals a key policy lets decrypt log files of `trailOwner`'s trails. */
function trailLogDecrypters(keyPolicy: string, trailOwner: string): string[] {
  const context = `arn:aws:cloudtrail:*:${trailOwner}:trail/*`;
  return parsePolicy(keyPolicy)
    .Statement.filter(
      (s) =>
        s.Effect === 'Allow' &&
        asArray(s.Action).includes('kms:Decrypt') &&
        s.Condition?.StringLike?.['kms:EncryptionContext:aws:cloudtrail:arn'] === context,
    )
    .flatMap((s) => {
      const callers = asArray(s.Condition?.StringEquals?.['kms:CallerAccount']);
      const principals = asArray(typeof s.Principal === 'object' ? s.Principal.AWS : undefined);
      // The principal and the caller condition must name the same accounts.
      expect(principals.sort()).toEqual(callers.map((id) => `arn:aws:iam::${id}:root`).sort());
      return callers;
    })
    .sort();
}

/** Statements of a key policy that let CloudTrail use the key. */
const cloudTrailGrants = (keyPolicy: string) =>
  parsePolicy(keyPolicy).Statement.filter(
    (s) => typeof s.Principal === 'object' && asArray(s.Principal.Service).includes('cloudtrail.amazonaws.com'),
  );

/** The organization example with one change, validated as the entry point would. */
function organizationVariant(change: (input: Record<string, any>) => void, label: string): SynthesizedOrganization {
  const input = organizationModeExampleInput();
  change(input);
  return synthesizeToTempDir(validateOrganizationConfig(input), label);
}

// ---------------------------------------------------------------------------------------------

describe('log-archive holds the logs of the whole organization', () => {
  const json = stackOf(logArchive);
  const managementJson = stackOf(management);
  const orgTrailArn = trailArnOf(managementJson, management.id, 'organization');

  test('the central trail, Config and access-log buckets, protected from destroy; the trail bucket encrypted with the trail key', () => {
    const buckets = Object.fromEntries(entries(json, 'aws_s3_bucket').map(([id, b]) => [b.bucket, { id, body: b }]));
    for (const name of [CENTRAL_TRAIL_BUCKET, CENTRAL_CONFIG_BUCKET, CENTRAL_ACCESS_LOG_BUCKET]) {
      expect(buckets[name]?.body.lifecycle).toEqual({ prevent_destroy: true });
    }
    const [trailKeyId, trailKey] = keyByAlias(json, TRAIL_KEY_ALIAS);
    expect(trailKey.lifecycle).toEqual({ prevent_destroy: true });
    const encryption = entries(json, 'aws_s3_bucket_server_side_encryption_configuration').filter(
      ([, e]) => e.bucket === ref('aws_s3_bucket', buckets[CENTRAL_TRAIL_BUCKET].id, 'id'),
    );
    expect(encryption).toHaveLength(1);
    expect(encryption[0][1].rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'aws:kms',
      kms_master_key_id: ref('aws_kms_key', trailKeyId, 'arn'),
    });
  });

  test('the trail key admits the organization trail the management stack declares, and lets log-archive and security decrypt', () => {
    const [, trailKey] = keyByAlias(json, TRAIL_KEY_ALIAS);
    const grants = cloudTrailGrants(trailKey.policy);
    expect(grants.map((s) => s.Sid).sort()).toEqual(['AllowCloudTrailToDescribeKey', 'AllowCloudTrailToEncryptLogs']);
    for (const grant of grants) expect(grant.Condition?.StringEquals?.['aws:SourceArn']).toBe(orgTrailArn);
    // Every member's events are encrypted under the management account's trail.
    expect(trailLogDecrypters(trailKey.policy, management.id)).toEqual([logArchive.id, security.id].sort());
  });

  describe('the central trail bucket policy, as IAM decides it', () => {
    const policy = asIamGetsIt(bucketPolicyOf(json, CENTRAL_TRAIL_BUCKET));
    const write = (key: string, trailArn: string, sourceAccount: string): SimulatedRequest => ({
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${CENTRAL_TRAIL_BUCKET}/${key}`,
      resourceAccount: logArchive.id,
      context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': sourceAccount, ...OWNER_FULL_CONTROL },
    });
    const organizationLogFile = (account: string) =>
      `AWSLogs/${ORG_ID}/${account}/CloudTrail/${HOME}/2026/01/15/${account}_CloudTrail_${HOME}_20260115T1005Z_a1b2c3.json.gz`;
    const accountLogFile = (account: string) =>
      `AWSLogs/${account}/CloudTrail/us-east-1/2026/01/15/${account}_CloudTrail_us-east-1_20260115T1005Z_d4e5f6.json.gz`;
    const decide = async (request: SimulatedRequest) => simulate({ resourcePolicy: policy }, request);

    test.each(org.accounts.map((a) => [a.name, a.id] as const))(
      'the organization trail may write %s’s events under AWSLogs/<organization id>/',
      async (_, accountId) => {
        expect(await decide(write(organizationLogFile(accountId), orgTrailArn, management.id))).toMatchObject({
          decision: 'Allowed',
          allowedBy: ['AllowOrganizationTrailWrite'],
        });
      },
    );

    test('the organization trail may write under AWSLogs/<management>/, not under a member’s prefix', async () => {
      expect((await decide(write(accountLogFile(management.id), orgTrailArn, management.id))).decision).toBe('Allowed');
      for (const member of members) {
        expect((await decide(write(accountLogFile(member.id), orgTrailArn, management.id))).decision).toBe('ImplicitlyDenied');
      }
    });

    test('another trail of the management account may not write (aws:SourceArn names the organization trail or its account trail)', async () => {
      const other = orgTrailArn.replace(/trail\/.*$/, 'trail/other');
      expect((await decide(write(organizationLogFile(management.id), other, management.id))).decision).toBe('ImplicitlyDenied');
      expect((await decide(write(accountLogFile(management.id), other, management.id))).decision).toBe('ImplicitlyDenied');
    });

    test.each(org.accounts.map((a) => [a.name, a] as const))(
      '%s’s account trail may write under its own AWSLogs/<account>/ only',
      async (_, member) => {
        const memberTrailArn = trailArnOf(stackOf(member), member.id);
        expect(await decide(write(accountLogFile(member.id), memberTrailArn, member.id))).toMatchObject({
          decision: 'Allowed',
          allowedBy: ['AllowAccountTrailsDelivery'],
        });
        const other = members.find((a) => a.id !== member.id)!;
        expect((await decide(write(accountLogFile(other.id), memberTrailArn, member.id))).decision).toBe('ImplicitlyDenied');
        expect((await decide(write(organizationLogFile(member.id), memberTrailArn, member.id))).decision).toBe('ImplicitlyDenied');
        // Another trail of the member, and a write that does not hand the object to the bucket owner.
        expect((await decide(write(accountLogFile(member.id), `${memberTrailArn}-copy`, member.id))).decision).toBe('ImplicitlyDenied');
        const notOwned = withContext(write(accountLogFile(member.id), memberTrailArn, member.id), { 's3:x-amz-acl': 'public-read' });
        expect((await decide(notOwned)).decision).toBe('ExplicitlyDenied');
      },
    );

    test('an account outside the organization may not deliver, whatever trail it names', async () => {
      const outsiderTrail = `arn:aws:cloudtrail:${HOME}:${OUTSIDER}:trail/acme-audit-trail`;
      expect((await decide(write(accountLogFile(OUTSIDER), outsiderTrail, OUTSIDER))).decision).toBe('ImplicitlyDenied');
      expect((await decide(write(organizationLogFile(OUTSIDER), outsiderTrail, OUTSIDER))).decision).toBe('ImplicitlyDenied');
    });
  });

  test('the central Config bucket admits every account’s AWS Config, each under its own AWSLogs/<account>/Config/', async () => {
    const policy = asIamGetsIt(bucketPolicyOf(json, CENTRAL_CONFIG_BUCKET));
    const delivery = (prefixAccount: string, sourceAccount: string): SimulatedRequest => ({
      principal: 'config.amazonaws.com',
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${CENTRAL_CONFIG_BUCKET}/AWSLogs/${prefixAccount}/Config/${HOME}/2026/1/15/ConfigSnapshot/snapshot.json.gz`,
      resourceAccount: logArchive.id,
      context: { 'aws:SourceAccount': sourceAccount, ...OWNER_FULL_CONTROL },
    });
    for (const account of org.accounts) {
      expect(await simulate({ resourcePolicy: policy }, delivery(account.id, account.id))).toMatchObject({
        decision: 'Allowed',
        allowedBy: ['AllowConfigDeliveryForAccounts'],
      });
      const other = org.accounts.find((a) => a.id !== account.id)!;
      expect((await simulate({ resourcePolicy: policy }, delivery(other.id, account.id))).decision).toBe('ImplicitlyDenied');
    }
    expect((await simulate({ resourcePolicy: policy }, delivery(OUTSIDER, OUTSIDER))).decision).toBe('ImplicitlyDenied');
  });
});

describe('no account keeps its own trail or Config bucket: every trail and recorder delivers to log-archive', () => {
  test.each(org.accounts.map((a) => [a.name, a] as const))('%s', (_, account) => {
    const json = stackOf(account);
    const own = (purpose: string) => `acme-${purpose}-${account.id}-${HOME}`;
    const central = account.role === 'log-archive' ? [CENTRAL_ACCESS_LOG_BUCKET, CENTRAL_CONFIG_BUCKET, CENTRAL_TRAIL_BUCKET] : [];
    // The vpc-flow-logs remediation is on in the example: its bucket, and the access-log bucket it logs to, stay.
    expect(
      Object.values(resourcesOfType(json, 'aws_s3_bucket'))
        .map((b) => b.bucket)
        .sort(),
    ).toEqual([...central, own('access-logs'), own('vpc-flow-logs')].sort());
    for (const [, trail] of entries(json, 'aws_cloudtrail')) expect(trail.s3_bucket_name).toBe(CENTRAL_TRAIL_BUCKET);
    const channels = Object.values(resourcesOfType(json, 'aws_config_delivery_channel'));
    expect(channels.map((c) => c.s3_bucket_name)).toEqual(REGIONS.map(() => CENTRAL_CONFIG_BUCKET));
    expect(regionsOf(json, 'aws_config_delivery_channel')).toEqual(REGIONS);
  });
});

describe('member account trails (auditTrail.memberAccountTrails, on by default)', () => {
  // Management too: alarms on the organization trail's log group would repeat every member's.
  test.each(org.accounts.map((a) => [a.name, a] as const))(
    '%s: a multi-region account trail into the central bucket, encrypted with its own log key, readable by log-archive and security',
    (_, member) => {
      const json = stackOf(member);
      const trail = trailOf(json, 'account');
      expect(trail).toMatchObject({
        name: 'acme-audit-trail',
        s3_bucket_name: CENTRAL_TRAIL_BUCKET,
        is_multi_region_trail: true,
        enable_log_file_validation: true,
        enable_logging: true,
      });
      expect(trail.is_organization_trail).toBeUndefined();
      const [logKeyId, logKey] = keyByAlias(json, 'alias/acme-logs');
      expect(trail.kms_key_id).toBe(ref('aws_kms_key', logKeyId, 'arn'));
      const encrypt = cloudTrailGrants(logKey.policy).find((s) => s.Sid === 'AllowCloudTrailToEncryptLogs');
      expect(encrypt?.Condition?.StringEquals?.['aws:SourceArn']).toBe(trailArnOf(json, member.id));
      expect(trailLogDecrypters(logKey.policy, member.id)).toEqual([...new Set([member.id, logArchive.id, security.id])].sort());
    },
  );

  describe('with memberAccountTrails false (and every remediation off)', () => {
    const variant = organizationVariant((input) => {
      input.auditTrail.memberAccountTrails = false;
      input.awsConfig = { remediations: Object.fromEntries(REMEDIATION_KEYS.map((key) => [key, 'off'])) };
      delete input.securityHub.remediation; // nothing left to start from Security Hub
    }, 'organization-mode-no-member-trails');

    test.each(members.map((a) => [a.name, a] as const))(
      '%s: no trail, no CIS filters or alarms, no CloudTrail grant on its log key',
      (_, member) => {
        const json = stackOf(member, variant);
        expect(resourcesOfType(json, 'aws_cloudtrail')).toEqual({});
        expect(resourcesOfType(json, 'aws_cloudwatch_log_metric_filter')).toEqual({});
        expect(
          Object.values(resourcesOfType(json, 'aws_cloudwatch_metric_alarm')).filter((a) => a.alarm_name.startsWith('acme-cis-')),
        ).toEqual([]);
        expect(cloudTrailGrants(keyByAlias(json, 'alias/acme-logs')[1].policy)).toEqual([]);
      },
    );

    test('the organization trail and its CIS alarms stay in management; the central bucket admits the organization trail only', async () => {
      const json = stackOf(management, variant);
      const [, trail] = only(json, 'aws_cloudtrail');
      expect(trail.is_organization_trail).toBe(true);
      for (const [, filter] of entries(json, 'aws_cloudwatch_log_metric_filter'))
        expect(filter.log_group_name).toContain('organization-trail_log-group');
      expect(
        Object.values(resourcesOfType(json, 'aws_cloudwatch_metric_alarm')).filter((a) => a.alarm_name.startsWith('acme-cis-4.')).length,
      ).toBeGreaterThanOrEqual(15);
      const policy = asIamGetsIt(bucketPolicyOf(stackOf(logArchive, variant), CENTRAL_TRAIL_BUCKET));
      const [member] = workloads;
      const memberWrite: SimulatedRequest = {
        principal: 'cloudtrail.amazonaws.com',
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${CENTRAL_TRAIL_BUCKET}/AWSLogs/${member.id}/CloudTrail/${HOME}/x.json.gz`,
        resourceAccount: logArchive.id,
        context: {
          'aws:SourceArn': `arn:aws:cloudtrail:${HOME}:${member.id}:trail/acme-audit-trail`,
          'aws:SourceAccount': member.id,
          ...OWNER_FULL_CONTROL,
        },
      };
      expect((await simulate({ resourcePolicy: policy }, memberWrite)).decision).toBe('ImplicitlyDenied');
    });
  });
});

describe('management: the organization trail and the delegated administrators', () => {
  const json = stackOf(management);
  const trail = trailOf(json, 'organization');
  const logGroupId = trailLogGroupId(trail);

  test('the organization trail: every account, every region, log-file validation, into log-archive’s bucket and key', () => {
    expect(trail).toMatchObject({
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      s3_bucket_name: CENTRAL_TRAIL_BUCKET,
      event_selector: [{ read_write_type: 'All', include_management_events: true }],
    });
    expect(regionOf(json, trail)).toBe(HOME);
    // The key is log-archive's, named by its alias ARN (its key ARN is unknown here): the alias must exist there.
    const logArchiveJson = stackOf(logArchive);
    const [, alias] = entries(logArchiveJson, 'aws_kms_alias').find(([, a]) => a.name === TRAIL_KEY_ALIAS)!;
    expect(trail.kms_key_id).toBe(`arn:aws:kms:${regionOf(logArchiveJson, alias)}:${logArchive.id}:${TRAIL_KEY_ALIAS}`);
    // CloudTrail reads back the key ARN: without this every plan would propose the alias again.
    expect(trail.lifecycle?.ignore_changes).toContain('kms_key_id');
  });

  test('its log group is in management, encrypted with the management log key, which admits that log group and only its account trail', () => {
    const logGroup = resourcesOfType(json, 'aws_cloudwatch_log_group')[logGroupId!];
    expect(logGroup.name).toBe('/acme/org-cloudtrail');
    const [logKeyId, logKey] = keyByAlias(json, 'alias/acme-logs');
    expect(logGroup.kms_key_id).toBe(ref('aws_kms_key', logKeyId, 'arn'));
    const logs = parsePolicy(logKey.policy).Statement.find((s) => s.Sid === 'AllowCloudWatchLogsForBaselineLogGroups');
    expect(logs?.Condition?.ArnEquals?.['kms:EncryptionContext:aws:logs:arn']).toContain(
      `arn:aws:logs:${HOME}:${management.id}:log-group:/acme/org-cloudtrail`,
    );
    const accountTrailArn = trailArnOf(json, management.id, 'account');
    for (const grant of cloudTrailGrants(logKey.policy)) expect(grant.Condition?.StringEquals?.['aws:SourceArn']).toBe(accountTrailArn);
  });

  test('auditTrail.organizationTrailLogs false: the organization trail delivers to S3 only, and its log group and role are forgotten, never destroyed', () => {
    // With member trails no alarm reads that log group: it would ingest every account's events a second time.
    const variant = organizationVariant((input) => (input.auditTrail = { organizationTrailLogs: false }), 'organization-trail-s3-only');
    const s3Only = stackOf(management, variant);
    const orgTrail = trailOf(s3Only, 'organization');
    expect(orgTrail).not.toHaveProperty('cloud_watch_logs_group_arn');
    expect(orgTrail).not.toHaveProperty('cloud_watch_logs_role_arn');
    expect(entries(s3Only, 'aws_cloudwatch_log_group').map(([, g]) => g.name)).not.toContain('/acme/org-cloudtrail');
    expect(entries(s3Only, 'aws_iam_role').map(([, r]) => r.name)).not.toContain('acme-org-trail-to-cloudwatch-logs');
    const [, logKey] = keyByAlias(s3Only, 'alias/acme-logs');
    expect(logKey.policy).not.toContain('/acme/org-cloudtrail');
    const removedOf = (stack: StackJson) => ((stack as any).removed ?? []).map((r: { from: string }) => r.from) as string[];
    const logAddresses = addressesOf(json).filter((a) =>
      /^aws_(cloudwatch_log_group|iam_role|iam_role_policy)\.organization-trail_/.test(a),
    );
    expect(logAddresses).toHaveLength(3);
    for (const address of logAddresses) {
      expect({ address, forgottenWhenOff: removedOf(s3Only).includes(address) }).toEqual({ address, forgottenWhenOff: true });
      expect({ address, forgottenWhenOn: removedOf(json).includes(address) }).toEqual({ address, forgottenWhenOn: false });
    }
  });

  test('with member trails, the CIS 4.1-4.15 filters are on its account trail’s log group, each with an alarm, none on the organization trail’s', () => {
    const filters = entries(json, 'aws_cloudwatch_log_metric_filter').filter(([id]) => id.startsWith('cis-monitoring'));
    expect(filters.length).toBeGreaterThanOrEqual(15);
    const accountLogGroupId = trailLogGroupId(trailOf(json, 'account'));
    expect(accountLogGroupId).not.toBe(logGroupId);
    for (const [, filter] of filters) expect(filter.log_group_name).toBe(ref('aws_cloudwatch_log_group', accountLogGroupId!, 'name'));
    const onOrganizationLogs = entries(json, 'aws_cloudwatch_log_metric_filter').filter(
      ([, f]) => f.log_group_name === ref('aws_cloudwatch_log_group', logGroupId!, 'name'),
    );
    expect(onOrganizationLogs).toEqual([]);
    const alarms = Object.values(resourcesOfType(json, 'aws_cloudwatch_metric_alarm'));
    for (let n = 1; n <= 15; n++) {
      const alarm = alarms.find((a) => a.alarm_name === `acme-cis-4.${n}`);
      expect(filters.some(([, f]) => f.metric_transformation.name === alarm?.metric_name)).toBe(true);
    }
  });

  test('its own GuardDuty detector in every detective-control region, without protection plans (the administrator sets them)', () => {
    expect(regionsOf(json, 'aws_guardduty_detector')).toEqual(REGIONS);
    for (const [, detector] of entries(json, 'aws_guardduty_detector')) {
      expect(detector).toMatchObject({ enable: true, lifecycle: { prevent_destroy: true } });
    }
    expect(typesOf(json).filter((t) => t.startsWith('aws_guardduty_'))).toEqual([
      'aws_guardduty_detector',
      'aws_guardduty_organization_admin_account',
    ]);
  });

  test('Security Hub enabled in the home region only (required before the administrator can enrol it), no standards of its own, and the delegated administrator there', () => {
    expect(typesOf(json).filter((t) => t.startsWith('aws_securityhub_'))).toEqual([
      'aws_securityhub_account',
      'aws_securityhub_organization_admin_account',
    ]);
    const [, hub] = only(json, 'aws_securityhub_account');
    expect(regionOf(json, hub)).toBe(HOME);
    expect(hub).toMatchObject({
      enable_default_standards: false,
      control_finding_generator: 'SECURITY_CONTROL',
      lifecycle: { prevent_destroy: true },
    });
    const [, admin] = only(json, 'aws_securityhub_organization_admin_account');
    expect(admin.admin_account_id).toBe(security.id);
    expect(regionOf(json, admin)).toBe(HOME);
  });

  test('security is the GuardDuty delegated administrator in every detective-control region', () => {
    expect(regionsOf(json, 'aws_guardduty_organization_admin_account')).toEqual(REGIONS);
    for (const [, admin] of entries(json, 'aws_guardduty_organization_admin_account')) expect(admin.admin_account_id).toBe(security.id);
  });

  test('security is registered with Organizations as delegated administrator for Config and Access Analyzer (not the unused Config multi-account setup)', () => {
    const registrations = Object.values(resourcesOfType(json, 'aws_organizations_delegated_administrator'));
    expect(registrations.map((r) => r.service_principal).sort()).toEqual(['access-analyzer.amazonaws.com', 'config.amazonaws.com']);
    for (const registration of registrations) expect(registration.account_id).toBe(security.id);
  });

  test('trusted access is checked, not managed: a check block reads the organization and asserts its id, root, features and principals', () => {
    expect(resourcesOfType(json, 'aws_organizations_organization')).toEqual({});
    expect(json.import).toBeUndefined();
    const check = (json as any).check?.organization_trusted_access;
    expect(check.data.aws_organizations_organization).toBeDefined();
    const conditions = check.assert.map((a: { condition: string }) => a.condition).join('\n');
    expect(conditions).toContain(`"${ORG_ID}"`);
    expect(conditions).toContain(`"${ROOT_ID}"`);
    expect(conditions).toContain('feature_set == "ALL"');
    for (const principal of ['cloudtrail', 'config', 'access-analyzer', 'malware-protection.guardduty']) {
      expect(conditions).toContain(`"${principal}.amazonaws.com"`);
    }
    expect(conditions).not.toContain('config-multiaccountsetup');
  });

  test('its remediation loop guard reads its account trail’s log group and counts the management account’s executions only', () => {
    const repeatFilters = entries(json, 'aws_cloudwatch_log_metric_filter').filter(([id]) =>
      /^remediation-loop-guard_.*-repeats_/.test(id),
    );
    expect(repeatFilters.length).toBeGreaterThan(0);
    const accountLogGroupId = trailLogGroupId(trailOf(json, 'account'));
    for (const [id, filter] of repeatFilters) {
      expect({ id, logGroup: filter.log_group_name }).toEqual({
        id,
        logGroup: ref('aws_cloudwatch_log_group', accountLogGroupId!, 'name'),
      });
      const documentName = /documentName = "([^"]+)"/.exec(filter.pattern)?.[1];
      const execution = (account: string) =>
        apiCall('ssm.amazonaws.com', 'StartAutomationExecution', {
          userIdentity: { accountId: account, arn: `arn:aws:sts::${account}:assumed-role/AWSServiceRoleForConfigRemediation/x` },
          requestParameters: { documentName },
          recipientAccountId: account,
        });
      expect({ id, own: matchesFilterPattern(filter.pattern, execution(management.id)) }).toEqual({ id, own: true });
      expect({ id, member: matchesFilterPattern(filter.pattern, execution(workloads[0].id)) }).toEqual({ id, member: false });
    }
  });

  describe('with organization.manageOrganization', () => {
    const manage = {
      keepServicePrincipals: ['sso.amazonaws.com', 'controltower.amazonaws.com'],
      enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'TAG_POLICY'],
    };
    const variant = organizationVariant((input) => (input.organization.manageOrganization = manage), 'organization-mode-managed');
    const managed = stackOf(management, variant);
    const [organizationId, organization] = only(managed, 'aws_organizations_organization');
    const address = `aws_organizations_organization.${organizationId}`;

    test('the organization: all features, every principal the baseline uses plus the kept ones, exactly the configured policy types, imported, protected', () => {
      expect(organization.feature_set).toBe('ALL');
      // The list is authoritative: a principal left out is switched off, GuardDuty's and Security Hub's included.
      expect(organization.aws_service_access_principals).toEqual([
        'access-analyzer.amazonaws.com',
        'cloudtrail.amazonaws.com',
        'config.amazonaws.com',
        'controltower.amazonaws.com',
        'guardduty.amazonaws.com',
        'malware-protection.guardduty.amazonaws.com',
        'securityhub.amazonaws.com',
        'sso.amazonaws.com',
      ]);
      expect(organization.enabled_policy_types).toEqual(['SERVICE_CONTROL_POLICY', 'TAG_POLICY']);
      expect(organization.lifecycle).toEqual({ prevent_destroy: true });
      expect(managed.import).toEqual([expect.objectContaining({ to: address, id: ORG_ID })]);
      expect((managed as any).check?.organization_trusted_access).toBeDefined();
    });

    test('the organization trail and every registration wait for it, by a plain reference Terraform accepts', () => {
      expect(trailOf(managed, 'organization').depends_on).toContain(address);
      for (const type of [
        'aws_guardduty_organization_admin_account',
        'aws_securityhub_organization_admin_account',
        'aws_organizations_delegated_administrator',
      ]) {
        for (const [, registration] of entries(managed, type)) expect(registration.depends_on).toContain(address);
      }
    });
  });
});

describe('security: the administrator of every account', () => {
  const json = stackOf(security);

  test('GuardDuty for the organization in every detective-control region: a detector, auto-enable ALL, one feature per protection plan', () => {
    expect(regionsOf(json, 'aws_guardduty_detector')).toEqual(REGIONS);
    expect(regionsOf(json, 'aws_guardduty_organization_configuration')).toEqual(REGIONS);
    const detectors = resourcesOfType(json, 'aws_guardduty_detector');
    for (const [, configuration] of entries(json, 'aws_guardduty_organization_configuration')) {
      expect(configuration.auto_enable_organization_members).toBe('ALL');
      expect(configuration.auto_enable).toBeUndefined();
      const detectorId = /^\$\{aws_guardduty_detector\.([\w-]+)\.id\}$/.exec(configuration.detector_id)![1];
      expect(detectors[detectorId].lifecycle).toEqual({ prevent_destroy: true });
      expect(regionOf(json, detectors[detectorId])).toBe(regionOf(json, configuration));
    }
    const expected = GUARDDUTY_PROTECTIONS.map((p) => {
      const on = org.guardDuty.protections[p.key as GuardDutyProtectionKey] ?? p.enabledByDefault;
      return [p.feature, on ? 'ALL' : 'NONE'];
    }).sort();
    for (const region of REGIONS) {
      const features = Object.values(resourcesOfType(json, 'aws_guardduty_organization_configuration_feature')).filter(
        (f) => regionOf(json, f) === region,
      );
      expect(features.map((f) => [f.name, f.auto_enable]).sort()).toEqual(expected);
    }
    // The example switches runtime monitoring off: NONE for every account, not a deleted feature.
    expect(expected).toContainEqual(['RUNTIME_MONITORING', 'NONE']);
  });

  test('Security Hub central configuration in the home region: hub, aggregator, then CENTRAL, then the policy, associated with the root', () => {
    expect(typesOf(json).filter((t) => t.startsWith('aws_securityhub_'))).toEqual([
      'aws_securityhub_account',
      'aws_securityhub_action_target', // remediation from Security Hub (security-hub-remediation.test.ts)
      'aws_securityhub_configuration_policy',
      'aws_securityhub_configuration_policy_association',
      'aws_securityhub_finding_aggregator',
      'aws_securityhub_organization_configuration',
    ]);
    const [hubId, hub] = only(json, 'aws_securityhub_account');
    const [aggregatorId, aggregator] = only(json, 'aws_securityhub_finding_aggregator');
    const [configurationId, configuration] = only(json, 'aws_securityhub_organization_configuration');
    const [policyId, policy] = only(json, 'aws_securityhub_configuration_policy');
    const [, association] = only(json, 'aws_securityhub_configuration_policy_association');
    for (const resource of [hub, aggregator, configuration, policy, association]) expect(regionOf(json, resource)).toBe(HOME);

    expect(hub).toMatchObject({
      control_finding_generator: 'SECURITY_CONTROL',
      enable_default_standards: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(aggregator.depends_on).toContain(`aws_securityhub_account.${hubId}`);
    expect(aggregator.specified_regions.sort()).toEqual(REGIONS.filter((r) => r !== HOME));
    expect(configuration).toMatchObject({
      auto_enable: false,
      auto_enable_standards: 'NONE',
      organization_configuration: { configuration_type: 'CENTRAL' },
    });
    expect(configuration.depends_on).toContain(`aws_securityhub_finding_aggregator.${aggregatorId}`);
    expect(policy.depends_on).toContain(`aws_securityhub_organization_configuration.${configurationId}`);
    expect(policy.configuration_policy).toEqual({
      service_enabled: true,
      enabled_standard_arns: org.securityHub.standards.map((s) => `arn:aws:securityhub:${HOME}::standards/${s}`),
      security_controls_configuration: {
        disabled_control_identifiers: [...new Set(org.securityHub.disabledControls.map((c) => c.controlId))].sort(),
      },
    });
    expect(association).toMatchObject({ target_id: ROOT_ID, policy_id: ref('aws_securityhub_configuration_policy', policyId, 'id') });
  });

  test('an organization Config aggregator over every region, with a role AWS Config assumes to read the organization', () => {
    const [, aggregator] = only(json, 'aws_config_configuration_aggregator');
    expect(regionOf(json, aggregator)).toBe(HOME);
    expect(aggregator.organization_aggregation_source.all_regions).toBe(true);
    const roleId = /^\$\{aws_iam_role\.([\w-]+)\.arn\}$/.exec(aggregator.organization_aggregation_source.role_arn)![1];
    const role = resourcesOfType(json, 'aws_iam_role')[roleId];
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'config.amazonaws.com' });
    const attachments = Object.values(resourcesOfType(json, 'aws_iam_role_policy_attachment')).filter(
      (a) => a.role === ref('aws_iam_role', roleId, 'name'),
    );
    expect(attachments.map((a) => a.policy_arn)).toEqual(['arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations']);
  });

  test('ORGANIZATION Access Analyzers in every detective-control region, beside its own ACCOUNT analyzers', () => {
    const analyzers = Object.values(resourcesOfType(json, 'aws_accessanalyzer_analyzer'));
    const ofType = (type: string) =>
      analyzers
        .filter((a) => a.type === type)
        .map((a) => regionOf(json, a))
        .sort();
    expect(ofType('ORGANIZATION')).toEqual(REGIONS);
    expect(ofType('ACCOUNT')).toEqual(REGIONS);
  });
});

test('no account of the organization subscribes standards or disables controls itself: the central policy does', () => {
  for (const [account, json] of synthesized.all) {
    for (const type of [
      'aws_securityhub_standards_subscription',
      'aws_securityhub_standards_control_association',
      'aws_securityhub_standards_control',
    ]) {
      expect({ account: account.name, type, resources: resourcesOfType(json, type) }).toEqual({
        account: account.name,
        type,
        resources: {},
      });
    }
  }
});

describe.each(org.accounts.map((a) => [a.name, a] as const))('%s keeps the member baseline', (_, account) => {
  const json = stackOf(account);

  test('hardening, an ACCOUNT analyzer and EBS default encryption in every detective-control region', () => {
    expect(Object.keys(resourcesOfType(json, 'aws_iam_account_password_policy'))).toHaveLength(1);
    expect(Object.keys(resourcesOfType(json, 'aws_s3_account_public_access_block'))).toHaveLength(1);
    const accountAnalyzers = Object.values(resourcesOfType(json, 'aws_accessanalyzer_analyzer')).filter((a) => a.type === 'ACCOUNT');
    expect(accountAnalyzers.map((a) => regionOf(json, a)).sort()).toEqual(REGIONS);
    const ebs = Object.values(resourcesOfType(json, 'aws_ebs_encryption_by_default'));
    expect(ebs.every((e) => e.enabled === true)).toBe(true);
    expect(regionsOf(json, 'aws_ebs_encryption_by_default')).toEqual(REGIONS);
  });

  test('an AWS Config recorder with the service-linked role, started, in every detective-control region', () => {
    const [roleId, role] = only(json, 'aws_iam_service_linked_role');
    expect(role.aws_service_name).toBe('config.amazonaws.com');
    for (const [recorderId, recorder] of entries(json, 'aws_config_configuration_recorder')) {
      expect(recorder.role_arn).toBe(ref('aws_iam_service_linked_role', roleId, 'arn'));
      const status = Object.values(resourcesOfType(json, 'aws_config_configuration_recorder_status')).find(
        (s) => s.name === ref('aws_config_configuration_recorder', recorderId, 'name'),
      );
      expect(status?.is_enabled).toBe(true);
    }
    expect(regionsOf(json, 'aws_config_configuration_recorder')).toEqual(REGIONS);
  });

  if (account.role === 'workload' || account.role === 'log-archive') {
    test('no GuardDuty and no Security Hub resources at all: the administrator manages them', () => {
      expect(typesOf(json).filter((t) => t.startsWith('aws_guardduty_') || t.startsWith('aws_securityhub_'))).toEqual([]);
    });
  }

  test('every depends_on entry is a plain reference to something the stack declares', () => {
    const declared = new Set([
      ...addressesOf(json),
      ...Object.entries(json.data ?? {}).flatMap(([t, byId]) => Object.keys(byId).map((id) => `data.${t}.${id}`)),
    ]);
    for (const [type, byId] of Object.entries(json.resource ?? {})) {
      for (const [id, body] of Object.entries(byId)) {
        for (const dependency of (body as { depends_on?: string[] }).depends_on ?? []) {
          expect({ resource: `${type}.${id}`, dependency, declared: declared.has(dependency) }).toEqual({
            resource: `${type}.${id}`,
            dependency,
            declared: true,
          });
        }
      }
    }
  });
});

test('cdktf deploys log-archive, then management, then security, then every workload (manifest.json)', () => {
  const dependencies = Object.fromEntries(
    Object.entries(synthesized.manifest.stacks).map(([name, s]) => [name, [...s.dependencies].sort()]),
  );
  expect(dependencies).toEqual({
    [logArchive.name]: [],
    [management.name]: [logArchive.name],
    [security.name]: [management.name],
    ...Object.fromEntries(workloads.map((w) => [w.name, [security.name]])),
  });
});

describe('migration from standalone: nothing a member had is destroyed', () => {
  test('the standalone example is the same organization, so its stacks are what these would replace', () => {
    const { mode, organization, ...rest } = organizationModeExampleInput();
    expect({ mode, organization: organization !== undefined }).toEqual({ mode: 'organization', organization: true });
    expect(rest).toEqual(exampleOrgInput());
  });

  type Removed = { from: string; lifecycle: { destroy: boolean } };
  type Moved = { from: string; to: string };

  describe.each(org.accounts.map((a) => [a.name, a] as const))('%s', (_, account) => {
    // What the standalone stack and earlier versions of this one declared.
    const before = new Set([
      ...addressesOf(stackOf(account, standalone)),
      ...RETIRED_RESOURCES.filter((r) => r.role === account.role).map((r) => r.address),
    ]);
    const now = new Set(addressesOf(stackOf(account)));
    const json = stackOf(account) as StackJson & { removed?: Removed[]; moved?: Moved[] };
    const removed = json.removed ?? [];
    const moved = json.moved ?? [];

    test('every removed block forgets (destroy = false) an address the standalone stack or an earlier version declares and this one does not', () => {
      for (const block of removed) {
        expect({ from: block.from, lifecycle: block.lifecycle, before: before.has(block.from), now: now.has(block.from) }).toEqual({
          from: block.from,
          lifecycle: { destroy: false },
          before: true,
          now: false,
        });
      }
    });

    test('every moved block goes from a standalone address to a new one of the same type and region', () => {
      const before = new Set(addressesOf(stackOf(account, standalone)));
      const beforeJson = stackOf(account, standalone);
      const bodyAt = (stack: StackJson, address: string) => {
        const [type, id] = address.split('.');
        return resourcesOfType(stack, type)[id];
      };
      for (const { from, to } of moved) {
        expect({ from, to, before: [before.has(from), before.has(to)], now: [now.has(from), now.has(to)] }).toEqual({
          from,
          to,
          before: [true, false],
          now: [false, true],
        });
        expect(to.split('.')[0]).toBe(from.split('.')[0]);
        expect(regionOf(json, bodyAt(json, to))).toBe(regionOf(beforeJson, bodyAt(beforeJson, from)));
      }
    });

    test('every address of the standalone stack or an earlier version that this stack drops is either forgotten or moved: none is destroyed', () => {
      const dropped = [...before].filter((address) => !now.has(address)).sort();
      const handled = [...removed.map((r) => r.from), ...moved.map((m) => m.from)].sort();
      expect(handled).toEqual(dropped);
    });
  });

  test('security moves its detectors, its home-region hub and its aggregator to the administrator’s constructs', () => {
    const json = stackOf(security) as StackJson & { moved?: Moved[] };
    const targets = (type: string) => (json.moved ?? []).filter((m) => m.to.startsWith(`${type}.`));
    const detectors = targets('aws_guardduty_detector');
    expect(detectors.map((m) => regionOf(json, resourcesOfType(json, 'aws_guardduty_detector')[m.to.split('.')[1]])).sort()).toEqual(
      REGIONS,
    );
    expect(new Set(detectors.map((m) => m.to))).toEqual(
      new Set(Object.keys(resourcesOfType(json, 'aws_guardduty_detector')).map((id) => `aws_guardduty_detector.${id}`)),
    );
    expect(targets('aws_securityhub_account').map((m) => m.to)).toEqual([
      `aws_securityhub_account.${only(json, 'aws_securityhub_account')[0]}`,
    ]);
    expect(targets('aws_securityhub_finding_aggregator').map((m) => m.to)).toEqual([
      `aws_securityhub_finding_aggregator.${only(json, 'aws_securityhub_finding_aggregator')[0]}`,
    ]);
  });

  test.each(workloads.map((w) => [w.name, w] as const))(
    '%s forgets its GuardDuty detectors, its hubs and its trail bucket instead of destroying them',
    (_, workload) => {
      const before = stackOf(workload, standalone);
      const forgotten = new Set(
        ((stackOf(workload) as { removed?: Removed[] }).removed ?? []).filter((r) => !r.lifecycle.destroy).map((r) => r.from),
      );
      const addressesOfType = (type: string) => Object.keys(resourcesOfType(before, type)).map((id) => `${type}.${id}`);
      const detectors = addressesOfType('aws_guardduty_detector');
      const hubs = addressesOfType('aws_securityhub_account');
      expect(detectors).toHaveLength(REGIONS.length);
      expect(hubs).toHaveLength(REGIONS.length);
      const trailBucket = entries(before, 'aws_s3_bucket').find(([, b]) => b.bucket === `acme-cloudtrail-${workload.id}-${HOME}`)!;
      const configBucket = entries(before, 'aws_s3_bucket').find(([, b]) => b.bucket === `acme-config-${workload.id}-${HOME}`)!;
      for (const address of [...detectors, ...hubs, `aws_s3_bucket.${trailBucket[0]}`, `aws_s3_bucket.${configBucket[0]}`]) {
        expect({ address, forgotten: forgotten.has(address) }).toEqual({ address, forgotten: true });
      }
    },
  );
});

describe('standalone mode stays as it was', () => {
  test.each(standalone.all.map(([a, json]) => [a.name, json] as const))('%s: no removed, moved, check or import blocks', (_, json) => {
    const blocks = json as unknown as Record<string, unknown>;
    expect({ removed: blocks.removed, moved: blocks.moved, check: blocks.check, import: blocks.import }).toEqual({
      removed: undefined,
      moved: undefined,
      check: undefined,
      import: undefined,
    });
  });

  test('no stack depends on another', () => {
    for (const [name, entry] of Object.entries(standalone.manifest.stacks))
      expect({ name, dependencies: entry.dependencies }).toEqual({ name, dependencies: [] });
    expect(Object.keys(standalone.manifest.stacks).sort()).toEqual(org.accounts.map((a) => a.name).sort());
  });

  test.each(standalone.all.map(([a, json]) => [a.name, a, json] as const))(
    '%s keeps its own trail, buckets, GuardDuty and Security Hub',
    (_, account, json) => {
      const [, trail] = only(json, 'aws_cloudtrail');
      expect(trail.s3_bucket_name).toBe(`acme-cloudtrail-${account.id}-${HOME}`);
      expect(trail.is_organization_trail).toBeUndefined();
      for (const channel of Object.values(resourcesOfType(json, 'aws_config_delivery_channel')))
        expect(channel.s3_bucket_name).toBe(`acme-config-${account.id}-${HOME}`);
      expect(regionsOf(json, 'aws_guardduty_detector')).toEqual(REGIONS);
      expect(regionsOf(json, 'aws_securityhub_account')).toEqual(REGIONS);
      expect(typesOf(json).filter((t) => /organization/.test(t))).toEqual([]);
    },
  );
});

test('securityHub.policyTargets: the central policy is associated with the named OUs and accounts instead of the root', () => {
  const variant = organizationVariant((input) => {
    input.securityHub.policyTargets = ['ou-ab12-cd34ef56', 'workload-prod'];
  }, 'organization-policy-targets');
  const security = variant.org.accounts.find((a) => a.role === 'security')!;
  const workload = variant.org.accounts.find((a) => a.name === 'workload-prod')!;
  const targets = Object.values(resourcesOfType(variant.stack(security.name), 'aws_securityhub_configuration_policy_association')).map(
    (a) => a.target_id,
  );
  expect(targets.sort()).toEqual(['ou-ab12-cd34ef56', workload.id].sort());
});

test('a first roll-out: the security account adopts the detectors and hub its designation enabled, at the administrator constructs', () => {
  const detectorIds = Object.fromEntries(REGIONS.map((region, i) => [region, String(i).repeat(32)]));
  const variant = organizationVariant((input) => {
    input.accounts.find((a: { role: string }) => a.role === 'security').adopt = { guardDutyDetectors: detectorIds, securityHub: [HOME] };
  }, 'organization-security-adopts');
  const json = variant.stack(security.name);
  const providerOf = (to: string) => {
    const [type, id] = to.split('.');
    return (resourcesOfType(json, type)[id].provider ?? 'aws') as string;
  };
  const imports = ((json as any).import as { to: string; id: string; provider: string }[]).map((i) => ({
    ...i,
    declaredWith: providerOf(i.to),
  }));
  expect(imports.map((i) => i.to.split('.')[0]).sort()).toEqual([
    ...REGIONS.map(() => 'aws_guardduty_detector'),
    'aws_securityhub_account',
  ]);
  for (const i of imports) {
    // Each import targets the administrator's construct (not the member baseline's), in its region, with the existing id.
    expect(i.to).toMatch(/^aws_(guardduty_detector\.organization-guardduty_|securityhub_account\.security-hub-central-configuration_)/);
    expect(i.provider).toBe(i.declaredWith);
  }
  const byRegion = Object.fromEntries(
    imports.filter((i) => i.to.startsWith('aws_guardduty')).map((i) => [regionOf(json, { provider: i.provider }), i.id]),
  );
  expect(byRegion).toEqual(detectorIds);
  expect(imports.find((i) => i.to.startsWith('aws_securityhub'))!.id).toBe(security.id);
});

test('a first roll-out with nothing adopted: the security stack imports the detector of every region (its id read there at plan time) and its hub', () => {
  // Designating the account (the management stack, applied first) enabled both: creating them again is refused.
  const json = stackOf(security) as StackJson & { import?: { to: string; id: string; provider: string }[] };
  const detectors = entries(json, 'aws_guardduty_detector').filter(([id]) => id.startsWith('organization-guardduty_'));
  const lookups = resourcesOfType({ resource: (json as any).data } as StackJson, 'aws_guardduty_detector');
  expect(detectors.map(([, d]) => regionOf(json, d)).sort()).toEqual(REGIONS);
  for (const [id, detector] of detectors) {
    const imported = json.import!.find((i) => i.to === `aws_guardduty_detector.${id}`)!;
    const [, lookupId] = /^\$\{data\.aws_guardduty_detector\.([\w-]+)\.id\}$/.exec(imported.id)!;
    // The lookup runs in the detector's own region, with no id: the account's one detector there.
    expect({ lookupProvider: lookups[lookupId].provider ?? 'aws', id: lookups[lookupId].id }).toEqual({
      lookupProvider: detector.provider ?? 'aws',
      id: undefined,
    });
    expect(imported.provider).toBe(detector.provider ?? 'aws');
  }
  const [hubId] = entries(json, 'aws_securityhub_account').map(([id]) => id);
  expect(json.import!.filter((i) => i.to.startsWith('aws_securityhub_account.'))).toEqual([
    { to: `aws_securityhub_account.${hubId}`, id: security.id, provider: 'aws' },
  ]);
  // Members keep no detector or hub of their own to import.
  for (const member of workloads) expect((stackOf(member) as any).import).toBeUndefined();
});

describe('first apply of log-archive: what delivers into its own central buckets waits for their policies', () => {
  // CreateTrail and PutDeliveryChannel refuse a bucket whose policy does not admit them yet (apply-review-2, finding 1).
  const json = stackOf(logArchive);
  const policyAddress = (bucket: string) => bucketPolicyResourceOf(json, bucket).address;

  test("its account trail waits for the central trail bucket's policy", () => {
    const trail = trailOf(json, 'account');
    expect(trail.s3_bucket_name).toBe(CENTRAL_TRAIL_BUCKET);
    expect(trail.depends_on).toContain(policyAddress(CENTRAL_TRAIL_BUCKET));
  });

  test("each of its delivery channels waits for the central Config bucket's policy", () => {
    const channels = entries(json, 'aws_config_delivery_channel');
    expect(channels.map(([, c]) => regionOf(json, c)).sort()).toEqual(REGIONS);
    for (const [id, channel] of channels) {
      expect({ id, bucket: channel.s3_bucket_name, waits: channel.depends_on.includes(policyAddress(CENTRAL_CONFIG_BUCKET)) }).toEqual({
        id,
        bucket: CENTRAL_CONFIG_BUCKET,
        waits: true,
      });
    }
  });
});

describe("management's detectors and hub declare nothing a member of the administrator may not change", () => {
  const json = stackOf(management);

  test('its detectors leave the publishing frequency to the administrator (a member cannot change it: an apply would fail)', () => {
    const detectors = entries(json, 'aws_guardduty_detector');
    expect(detectors.map(([, d]) => regionOf(json, d)).sort()).toEqual(REGIONS);
    for (const [, detector] of detectors) {
      expect(detector).toMatchObject({ enable: true, lifecycle: { prevent_destroy: true } });
      expect(detector).not.toHaveProperty('finding_publishing_frequency');
    }
    // The administrator sets it, for every member.
    for (const [, detector] of entries(stackOf(security), 'aws_guardduty_detector'))
      expect(detector.finding_publishing_frequency).toBe(org.guardDuty.findingPublishingFrequency);
  });

  test('its hub ignores changes to what the central configuration then owns', () => {
    const [[, hub], ...others] = entries(json, 'aws_securityhub_account');
    expect(others).toEqual([]);
    expect(hub.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['auto_enable_controls', 'control_finding_generator'] });
    // The administrator's own hub keeps managing them.
    const [[, adminHub]] = entries(stackOf(security), 'aws_securityhub_account');
    expect(adminHub.lifecycle).toEqual({ prevent_destroy: true });
  });
});

test('management adopts the Security Hub it already has in the home region (enrolment needs it; creating it again would fail)', () => {
  const variant = organizationVariant((input) => {
    input.accounts.find((a: { role: string }) => a.role === 'management').adopt = { securityHub: [HOME] };
  }, 'organization-management-adopts-hub');
  const json = variant.stack(management.name) as StackJson & { import?: { to: string; id: string; provider: string }[] };
  const [[hubId, hub]] = entries(json, 'aws_securityhub_account');
  expect(regionOf(json, hub)).toBe(HOME);
  expect(json.import).toEqual([{ to: `aws_securityhub_account.${hubId}`, id: management.id, provider: 'aws' }]);
  // Only the home region: central configuration covers the others.
  const elsewhere = organizationModeExampleInput();
  elsewhere.accounts.find((a: { role: string }) => a.role === 'management').adopt = { securityHub: ['us-east-1'] };
  expect(() => validateOrganizationConfig(elsewhere)).toThrow(
    /adopt\.securityHub\[0\]: "us-east-1" is not the home region eu-west-1: in organization mode the management account's hub/,
  );
});

test('a security account adopting the detectors of some regions only still imports the others’ (found at plan time), never creates one', () => {
  const variant = organizationVariant((input) => {
    input.accounts.find((a: { role: string }) => a.role === 'security').adopt = { guardDutyDetectors: { [HOME]: 'a'.repeat(32) } };
  }, 'organization-security-adopts-one-region');
  const json = variant.stack(security.name) as StackJson & { import?: { to: string; id: string }[] };
  const detectors = entries(json, 'aws_guardduty_detector').filter(([id]) => id.startsWith('organization-guardduty_'));
  const idOf = (id: string) => json.import!.find((i) => i.to === `aws_guardduty_detector.${id}`)?.id;
  expect(
    detectors
      .map(([id, d]) => [regionOf(json, d), /^\$\{data\.aws_guardduty_detector\./.test(idOf(id) ?? '') ? 'looked up' : idOf(id)])
      .sort(),
  ).toEqual(REGIONS.map((region) => [region, region === HOME ? 'a'.repeat(32) : 'looked up']).sort());
});
