/**
 * Organization mode under AWS Control Tower (`organization.controlTower.enabled`), as `cdktf synth`
 * writes it: the baseline creates nothing Control Tower owns (organization trail, its bucket and
 * key, enrolled accounts' Config recorders, the Config aggregator, the organization resource),
 * puts the management account's CIS 4.x filters and alarms on its own account trail (or, without
 * member trails, on Control Tower's log group), and records Config itself only where Control
 * Tower does not, into Control Tower's bucket.
 *
 * The variant is the bundled example with workload-dev not enrolled (helpers/synth.ts).
 */
import { detectiveRegions } from '../../config/regions';
import { validateOrganizationConfig } from '../../config/load';
import type { AccountConfig } from '../../config/schema';
import { REMEDIATION_KEYS } from '../../modules/catalogs/remediations';
import { simulate } from '../helpers/policy-simulator';
import { bucketPolicyOf, bucketPolicyResourceOf } from '../helpers/synthesized-policies';
import { PROWLER_BEFORE_5_30_CHECKS, PROWLER_CHECKS, SECURITY_HUB_PATTERNS, securityHubAccepts } from '../helpers/judges';
import { monitoredBy, monitoredOnLogGroup, subscribedTopicArns, trailLogGroupId } from '../helpers/stack-judges';
import { addressesOf, synthesizeToTempDir, typesOf } from '../helpers/synthesized-organization';
import { accountBaselineNames, organizationNames } from '../../config/names';
import { controlTowerExampleInput, organizationModeExample, resourcesOfType, type StackJson } from '../helpers/synth';

const org = validateOrganizationConfig(controlTowerExampleInput());
const synthesized = synthesizeToTempDir(org, 'control-tower');
const accountWithRole = (role: AccountConfig['role']) => org.accounts.find((a) => a.role === role)!;
const management = accountWithRole('management');
const logArchive = accountWithRole('log-archive');
const security = accountWithRole('security');
const stackOf = (account: AccountConfig) => synthesized.stack(account.name);
const values = (json: StackJson, type: string): any[] => Object.values(resourcesOfType(json, type));

const NAMES = organizationNames(org);
const CONTROL_TOWER_LOG_GROUP = 'aws-controltower/CloudTrailLogs';
const CONTROL_TOWER_BUCKET = `aws-controltower-logs-${logArchive.id}-${org.homeRegion}`;
const REGIONS = [...detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions)];
/** Control Tower never enrols the management account; the variant leaves workload-dev out. */
const NOT_ENROLLED = ['management', 'workload-dev'];

const CHECKS: [string, (pattern: string) => boolean][] = [
  ...Object.keys(SECURITY_HUB_PATTERNS).map((control): [string, (p: string) => boolean] => [
    `Security Hub ${control}`,
    (p) => securityHubAccepts(control, p),
  ]),
  ...PROWLER_CHECKS.map((c): [string, (p: string) => boolean] => [`Prowler ${c.check}`, (p) => c.regex.test(p)]),
  ...PROWLER_BEFORE_5_30_CHECKS.map((c): [string, (p: string) => boolean] => [`Prowler < 5.30 ${c.check}`, (p) => c.regex.test(p)]),
];

/** The Control Tower example without member account trails (which needs every remediation off). */
function withoutMemberTrails(): ReturnType<typeof synthesizeToTempDir> {
  const input = controlTowerExampleInput();
  input.auditTrail.memberAccountTrails = false;
  input.awsConfig = { remediations: Object.fromEntries(REMEDIATION_KEYS.map((key) => [key, 'off'])) };
  delete input.securityHub.remediation; // nothing left to start from Security Hub
  return synthesizeToTempDir(validateOrganizationConfig(input), 'control-tower-no-member-trails');
}
const noMemberTrails = withoutMemberTrails();

describe('what Control Tower owns, the baseline does not create', () => {
  test.each(org.accounts.map((a) => a.name))('%s: no organization trail, no organization aggregator, no organization resource', (name) => {
    const json = synthesized.stack(name);
    expect(values(json, 'aws_cloudtrail').filter((t) => t.is_organization_trail)).toEqual([]);
    expect(values(json, 'aws_config_configuration_aggregator').filter((a) => a.organization_aggregation_source)).toEqual([]);
    expect(typesOf(json)).not.toContain('aws_organizations_organization');
  });

  test('the management account runs no organization trail, only its account trail (as every member)', () => {
    const trails = values(stackOf(management), 'aws_cloudtrail');
    expect(trails.map((t) => [t.name, t.is_organization_trail])).toEqual([[accountBaselineNames(org, management).trail, undefined]]);
  });

  test('log-archive keeps only the bucket the member account trails deliver to: no Config bucket, no organization-trail admission', async () => {
    const json = stackOf(logArchive);
    const trailBucket = NAMES.centralTrailBucket;
    const central = [NAMES.centralTrailBucket, NAMES.centralConfigBucket, NAMES.centralAccessLogBucket];
    const buckets = values(json, 'aws_s3_bucket')
      .map((b) => b.bucket)
      .filter((b: string) => central.includes(b));
    expect(buckets.sort()).toEqual([NAMES.centralAccessLogBucket, trailBucket].sort());
    // As IAM decides it: the security account's trail may deliver; an organization trail of the management account may not.
    const policy = bucketPolicyOf(json, trailBucket).replace(/\$\$\{/g, '${');
    const write = (key: string, trailArn: string, sourceAccount: string) =>
      simulate(
        { resourcePolicy: policy },
        {
          principal: 'cloudtrail.amazonaws.com',
          action: 's3:PutObject',
          resource: `arn:aws:s3:::${trailBucket}/${key}`,
          resourceAccount: logArchive.id,
          context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': sourceAccount, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      );
    const securityTrail = `arn:aws:cloudtrail:${org.homeRegion}:${security.id}:trail/${accountBaselineNames(org, security).trail}`;
    expect((await write(`AWSLogs/${security.id}/CloudTrail/x.json.gz`, securityTrail, security.id)).decision).toBe('Allowed');
    const organizationTrail = `arn:aws:cloudtrail:${org.homeRegion}:${management.id}:trail/${NAMES.organizationTrail}`;
    expect(
      (await write(`AWSLogs/${org.organization!.id}/${security.id}/CloudTrail/x.json.gz`, organizationTrail, management.id)).decision,
    ).toBe('ImplicitlyDenied');
    // The trail key names no trail: the account trails encrypt with their own accounts' keys.
    const keyPolicies = values(json, 'aws_kms_key').map((k) => k.policy as string);
    expect(keyPolicies.filter((p) => p.includes('cloudtrail.amazonaws.com') && p.includes(`:${management.id}:trail/`))).toEqual([]);
  });

  test('without member trails, log-archive holds no central bucket at all', () => {
    const buckets = values(noMemberTrails.stack(logArchive.name), 'aws_s3_bucket').map((b) => b.bucket);
    expect(
      buckets.filter((b: string) => [NAMES.centralTrailBucket, NAMES.centralConfigBucket, NAMES.centralAccessLogBucket].includes(b)),
    ).toEqual([]);
    expect(typesOf(noMemberTrails.stack(management.name))).not.toContain('aws_cloudtrail');
  });
});

describe("the management account alarms on its own trail, or without member trails on Control Tower's log group", () => {
  const json = stackOf(management);
  // Its alarms notify the security account's topic (central alerting).
  const centralTopics = subscribedTopicArns(stackOf(security), security.id);

  // Control Tower's log group receives every account's events: alarms there would repeat the members'.
  test.each(CHECKS)("%s: PASSED through its account trail, nothing on Control Tower's log group", (_check, accepts) => {
    expect(monitoredBy(json, accepts, centralTopics)).toBe(true);
    expect(monitoredOnLogGroup(json, CONTROL_TOWER_LOG_GROUP, accepts, centralTopics)).toBe(false);
  });

  test.each(CHECKS)("without member trails, %s: PASSED through a filter on Control Tower's log group", (_check, accepts) => {
    const variant = noMemberTrails.stack(management.name);
    expect(monitoredOnLogGroup(variant, CONTROL_TOWER_LOG_GROUP, accepts, centralTopics)).toBe(true);
    expect(monitoredOnLogGroup(variant, CONTROL_TOWER_LOG_GROUP, accepts)).toBe(false);
    expect(monitoredBy(variant, accepts, centralTopics)).toBe(false);
  });

  test("the remediation loop guard reads its own trail's log group", () => {
    const guards = values(json, 'aws_cloudwatch_log_metric_filter').filter((f) => f.pattern.includes('StartAutomationExecution'));
    expect(guards.length).toBeGreaterThan(0);
    const [accountTrail] = values(json, 'aws_cloudtrail');
    const logGroupId = trailLogGroupId(accountTrail)!;
    for (const guard of guards) expect(guard.log_group_name).toBe(`\${aws_cloudwatch_log_group.${logGroupId}.name}`);
  });

  test("the log key is not offered to Control Tower's log group, which it does not encrypt", () => {
    const [key] = values(json, 'aws_kms_key').filter((k) => k.policy.includes('logs.'));
    expect(key.policy).not.toContain('aws-controltower');
  });
});

describe('AWS Config: Control Tower records in the accounts it enrols, the baseline everywhere else', () => {
  test.each(org.accounts.map((a) => [a.name, NOT_ENROLLED.includes(a.name)] as const))('%s (records itself: %s)', (name, recordsItself) => {
    const json = synthesized.stack(name);
    const recorders = values(json, 'aws_config_configuration_recorder');
    const channels = values(json, 'aws_config_delivery_channel');
    const rules = values(json, 'aws_config_config_rule');
    expect(rules.length).toBeGreaterThan(0);
    if (recordsItself) {
      expect(recorders).toHaveLength(REGIONS.length);
      // Into Control Tower's logging bucket, under the organization id, as its own recorders deliver.
      expect(channels.map((c) => [c.s3_bucket_name, c.s3_key_prefix])).toEqual(
        REGIONS.map(() => [CONTROL_TOWER_BUCKET, org.organization!.id]),
      );
      expect(rules.every((r) => r.depends_on?.some((d: string) => d.startsWith('aws_config_configuration_recorder_status.')))).toBe(true);
    } else {
      expect({ recorders, channels }).toEqual({ recorders: [], channels: [] });
      expect(typesOf(json)).not.toContain('aws_iam_service_linked_role');
      expect(rules.every((r) => r.depends_on === undefined)).toBe(true);
    }
  });

  test('moving from standalone, enrolled accounts forget (never destroy) their recorders, which Control Tower replaces; the others keep theirs', () => {
    for (const account of org.accounts) {
      const removed = ((synthesized.stack(account.name) as any).removed ?? []) as { from: string; lifecycle: { destroy: boolean } }[];
      const recorders = removed.filter((r) => r.from.startsWith('aws_config_configuration_recorder.'));
      expect({ account: account.name, forgotten: recorders.length }).toEqual({
        account: account.name,
        forgotten: NOT_ENROLLED.includes(account.name) ? 0 : REGIONS.length,
      });
      expect(recorders.every((r) => r.lifecycle.destroy === false)).toBe(true);
    }
  });
});

test('switching an organization-mode deployment to Control Tower forgets, never destroys, what it had without it', () => {
  const before = synthesizeToTempDir(organizationModeExample(), 'control-tower-before');
  for (const account of org.accounts) {
    const now = synthesized.stack(account.name) as any;
    const declaredNow = new Set(addressesOf(now));
    const forgotten = new Set(((now.removed ?? []) as { from: string }[]).map((r) => r.from));
    const dropped = addressesOf(before.stack(account.name)).filter((address) => !declaredNow.has(address));
    expect({ account: account.name, notForgotten: dropped.filter((address) => !forgotten.has(address)) }).toEqual({
      account: account.name,
      notForgotten: [],
    });
    if (account.role === 'management')
      expect(dropped.some((address) => address.startsWith('aws_cloudtrail.organization-trail'))).toBe(true);
  }
});

describe('the administrators under Control Tower', () => {
  const managementJson = stackOf(management);

  test('management delegates GuardDuty, Security Hub and Access Analyzer, not Config (no organization aggregator of the baseline)', () => {
    expect(values(managementJson, 'aws_organizations_delegated_administrator').map((d) => [d.service_principal, d.account_id])).toEqual([
      ['access-analyzer.amazonaws.com', security.id],
    ]);
    expect(values(managementJson, 'aws_guardduty_organization_admin_account')).toHaveLength(REGIONS.length);
    expect(values(managementJson, 'aws_securityhub_organization_admin_account')).toHaveLength(1);
  });

  test('the trusted-access check expects Control Tower and no longer asks for CloudTrail or Config access', () => {
    const check = (managementJson as any).check.organization_trusted_access;
    const conditions = check.assert.map((a: { condition: string }) => a.condition).join('\n');
    expect(conditions).not.toContain('!contains(');
    expect(conditions).toMatch(/"controltower\.amazonaws\.com"/);
    for (const notNeeded of ['cloudtrail.amazonaws.com', 'config.amazonaws.com']) {
      expect(conditions).not.toContain(`"${notNeeded}"`);
    }
    expect(conditions).toContain('"access-analyzer.amazonaws.com"');
  });

  test("the Security Hub policy accepts Control Tower's recorder role for Config.1", () => {
    const [policy] = values(stackOf(security), 'aws_securityhub_configuration_policy');
    expect(policy.configuration_policy.security_controls_configuration.security_control_custom_parameter).toEqual([
      {
        security_control_id: 'Config.1',
        parameter: [{ name: 'includeConfigServiceLinkedRoleCheck', value_type: 'CUSTOM', bool: { value: false } }],
      },
    ]);
  });

  test('everything else of organization mode stays: GuardDuty and Security Hub administration, the organization analyzer', () => {
    const addresses = addressesOf(stackOf(security)).join('\n');
    for (const type of [
      'aws_guardduty_organization_configuration',
      'aws_securityhub_organization_configuration',
      'aws_accessanalyzer_analyzer',
    ]) {
      expect(addresses).toContain(`${type}.`);
    }
  });
});

describe('the Config view of every account (finding 4 of apply-review-2)', () => {
  const authorizations = (json: StackJson) => values(json, 'aws_config_aggregate_authorization');

  test('up to landing zone 3.x, the security account aggregates every account, from the detective-control regions (Control Tower covers only those it enrols)', () => {
    const aggregators = values(stackOf(security), 'aws_config_configuration_aggregator');
    expect(aggregators).toEqual([
      expect.objectContaining({
        name: NAMES.accountsConfigAggregator,
        // The detective-control regions: where the baseline's recorders run and authorize it (every region would show failed sources).
        account_aggregation_source: { account_ids: org.accounts.map((a) => a.id).sort(), regions: REGIONS },
      }),
    ]);
  });

  test.each(org.accounts.map((a) => [a.name, NOT_ENROLLED.includes(a.name)] as const))(
    '%s authorizes it in every region: %s (the accounts whose recorder is the baseline’s; Control Tower authorizes the others)',
    (name, authorizes) => {
      const json = synthesized.stack(name);
      const regions = authorizations(json).map((a) => [a.provider ?? 'aws', a.account_id, a.region]);
      const expected = REGIONS.map((region) => [region === org.homeRegion ? 'aws' : `aws.${region}`, security.id, org.homeRegion]);
      expect(regions.sort()).toEqual(authorizes ? expected.sort() : []);
    },
  );

  /** The Control Tower example on landing zone 4.0, with its Config integration on or off. */
  function landingZone4(configIntegration: boolean) {
    const input = controlTowerExampleInput();
    input.organization.controlTower = {
      ...input.organization.controlTower,
      landingZoneVersion: '4.0',
      configIntegration,
      ...(configIntegration ? { configBucketName: `aws-controltower-config-logs-${logArchive.id}-a1b2c3` } : {}),
    };
    return synthesizeToTempDir(validateOrganizationConfig(input), `control-tower-4-${configIntegration}`);
  }

  test("landing zone 4.0 with the Config integration: Control Tower's own aggregator covers the organization; recorders deliver into its Config bucket", () => {
    const lz4 = landingZone4(true);
    for (const account of org.accounts) {
      expect({
        account: account.name,
        aggregators: typesOf(lz4.stack(account.name)).filter((t) => t.startsWith('aws_config_aggregate')),
      }).toEqual({
        account: account.name,
        aggregators: [],
      });
    }
    expect(values(lz4.stack(security.name), 'aws_config_configuration_aggregator')).toEqual([]);
    const channels = values(lz4.stack(management.name), 'aws_config_delivery_channel');
    expect(channels.map((c) => c.s3_bucket_name)).toEqual(REGIONS.map(() => `aws-controltower-config-logs-${logArchive.id}-a1b2c3`));
  });

  test('landing zone 4.0 without the Config integration: the baseline records Config everywhere into its central bucket, and aggregates the organization', () => {
    const lz4 = landingZone4(false);
    for (const account of org.accounts) {
      const channels = values(lz4.stack(account.name), 'aws_config_delivery_channel');
      expect({ account: account.name, buckets: [...new Set(channels.map((c) => c.s3_bucket_name))] }).toEqual({
        account: account.name,
        buckets: [NAMES.centralConfigBucket],
      });
    }
    const buckets = values(lz4.stack(logArchive.name), 'aws_s3_bucket').map((b) => b.bucket);
    expect(buckets).toContain(NAMES.centralConfigBucket);
    const [aggregator] = values(lz4.stack(security.name), 'aws_config_configuration_aggregator');
    expect(aggregator.organization_aggregation_source).toMatchObject({ all_regions: true });
    expect(
      values(lz4.stack(management.name), 'aws_organizations_delegated_administrator')
        .map((d) => d.service_principal)
        .sort(),
    ).toEqual(['access-analyzer.amazonaws.com', 'config.amazonaws.com']);
  });
});

test("log-archive's own account trail waits for the policy of the trail bucket of its own stack (first apply)", () => {
  const json = stackOf(logArchive);
  const [trail] = values(json, 'aws_cloudtrail');
  expect(trail.s3_bucket_name).toBe(NAMES.centralTrailBucket);
  expect(trail.depends_on).toContain(bucketPolicyResourceOf(json, NAMES.centralTrailBucket).address);
});
