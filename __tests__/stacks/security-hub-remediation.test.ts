/**
 * Remediation from Security Hub as `cdktf synth` writes it: in organization mode the security
 * account holds the custom action, the rules, the function and its guard table, and every other
 * account the role the function assumes; in standalone mode each account remediates its own
 * findings. What the function does with a finding is tested in __tests__/functions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { validateOrganizationConfig } from '../../config/load';
import { accountBaselineNames } from '../../config/names';
import { SECURITY_HUB_REMEDIATIONS } from '../../modules/catalogs/security-hub-remediations';
import { REMEDIATE_ACTION_ID } from '../../modules/compliance/security-hub-remediation';
import { eventPatternMatches } from '../helpers/event-pattern';
import { matchesFilterPattern } from '../helpers/filter-pattern-evaluator';
import { identityPolicyAllowing, simulate } from '../helpers/policy-simulator';
import { synthesizeToTempDir } from '../helpers/synthesized-organization';
import { exampleOrg, organizationModeExample, organizationModeExampleInput, resourcesOfType, type StackJson } from '../helpers/synth';
import { unzipSingleFile } from '../helpers/zip';

const org = organizationModeExample();
const synthesized = synthesizeToTempDir(org, 'securityhub-remediation');
const HOME = org.homeRegion;
const ORG_ID = org.organization!.id;
const security = org.accounts.find((a) => a.role === 'security')!;
const members = org.accounts.filter((a) => a.role !== 'security');
const workload = org.accounts.find((a) => a.role === 'workload')!;
const names = accountBaselineNames(org, security);
const FUNCTION_ROLE_ARN = `arn:aws:iam::${security.id}:role/${names.securityHubRemediation}`;
const OUTSIDER = '999999999999';
const AUTOMATIC = Object.entries(org.securityHub.remediation.controls)
  .filter(([, mode]) => mode === 'automatic')
  .map(([id]) => id);

const entries = (json: StackJson, type: string): [string, any][] => Object.entries(resourcesOfType(json, type));
const securityJson = synthesized.stack(security.name);
const rules = entries(securityJson, 'aws_cloudwatch_event_rule').filter(([id]) => id.startsWith('securityhub-remediation'));
const ruleNamed = (purpose: string) => rules.find(([, r]) => r.name === `${names.securityHubRemediation}-${purpose}`)?.[1];

/** The settings built into the function's bundle (esbuild define of REMEDIATION_SETTINGS). */
function bundledSettings(json: StackJson, outdir: string, stackName: string): any {
  const [, fn] = entries(json, 'aws_lambda_function').find(([, f]) => f.function_name === names.securityHubRemediation)!;
  const code = unzipSingleFile(fs.readFileSync(path.join(outdir, 'stacks', stackName, fn.filename))).content.toString('utf8');
  // esbuild prints the defined value as an object literal on one line.
  const match = /var define_REMEDIATION_SETTINGS_default = (\{.*\});\n/.exec(code);
  if (!match) throw new Error('REMEDIATION_SETTINGS not found in the bundle');
  return vm.runInNewContext(`(${match[1]})`);
}

const importedFinding = (controlId: string, status = 'FAILED', workflow = 'NEW') => ({
  source: 'aws.securityhub',
  'detail-type': 'Security Hub Findings - Imported',
  account: security.id,
  region: HOME,
  resources: [],
  detail: {
    findings: [
      {
        AwsAccountId: workload.id,
        Compliance: { Status: status, SecurityControlId: controlId },
        Workflow: { Status: workflow },
        RecordState: 'ACTIVE',
      },
    ],
  },
});

describe('the security account: custom action, rules, function, guard', () => {
  test('one custom action, after the hub; the custom-action rule selects exactly its events', () => {
    const [, action] = entries(securityJson, 'aws_securityhub_action_target')[0];
    expect(action).toMatchObject({ identifier: REMEDIATE_ACTION_ID, name: 'Baseline remediation' });
    expect(action.depends_on.join()).toMatch(/aws_securityhub_account\.security-hub-central-configuration_hub/);
    const pattern = JSON.parse(ruleNamed('custom-action').event_pattern);
    const actionArn = `arn:aws:securityhub:${HOME}:${security.id}:action/custom/${REMEDIATE_ACTION_ID}`;
    const customAction = {
      source: 'aws.securityhub',
      'detail-type': 'Security Hub Findings - Custom Action',
      resources: [actionArn],
      detail: {},
    };
    expect(eventPatternMatches(pattern, customAction)).toBe(true);
    expect(eventPatternMatches(pattern, { ...customAction, resources: [actionArn.replace(REMEDIATE_ACTION_ID, 'OtherAction')] })).toBe(
      false,
    );
  });

  test('the automatic rule selects new failed findings of the automatic controls only (KMS.4 in the example)', () => {
    const pattern = JSON.parse(ruleNamed('automatic').event_pattern);
    expect(AUTOMATIC).toEqual(['KMS.4']);
    expect(eventPatternMatches(pattern, importedFinding('KMS.4'))).toBe(true);
    expect(eventPatternMatches(pattern, importedFinding('EC2.2'))).toBe(false);
    expect(eventPatternMatches(pattern, importedFinding('KMS.4', 'PASSED'))).toBe(false);
    expect(eventPatternMatches(pattern, importedFinding('KMS.4', 'FAILED', 'NOTIFIED'))).toBe(false);
  });

  test('both rules invoke the function, which lets exactly those rules invoke it', () => {
    const targets = entries(securityJson, 'aws_cloudwatch_event_target').filter(([id]) => id.startsWith('securityhub-remediation'));
    expect(targets.map(([, t]) => t.arn)).toEqual(
      rules.map(() => expect.stringMatching(/^\$\{aws_lambda_function\.securityhub-remediation_function_\w+\.arn\}$/)),
    );
    const permissions = entries(securityJson, 'aws_lambda_permission').filter(([id]) => id.startsWith('securityhub-remediation'));
    expect(permissions.map(([, p]) => [p.principal, p.source_arn]).sort()).toEqual(
      rules.map(([id]) => ['events.amazonaws.com', `\${aws_cloudwatch_event_rule.${id}.arn}`]).sort(),
    );
  });

  test('the guard table expires entries (TTL) and is encrypted', () => {
    const [, table] = entries(securityJson, 'aws_dynamodb_table')[0];
    expect(table).toMatchObject({
      name: names.remediationGuardTable,
      hash_key: 'pk',
      ttl: { attribute_name: 'expiresAt', enabled: true },
      server_side_encryption: { enabled: true },
    });
  });

  test("failures and the hourly cap alarm to the central topic, from the function's JSON log lines", () => {
    const filters = entries(securityJson, 'aws_cloudwatch_log_metric_filter').filter(([id]) => id.startsWith('securityhub-remediation'));
    const line = (outcome: string) => ({ outcome, controlId: 'EC2.2', accountId: workload.id });
    const byPurpose = Object.fromEntries(filters.map(([, f]) => [f.name.replace(/^remediation-/, ''), f.pattern]));
    expect(matchesFilterPattern(byPurpose.failed, line('failed'))).toBe(true);
    expect(matchesFilterPattern(byPurpose.failed, line('started'))).toBe(false);
    expect(matchesFilterPattern(byPurpose['cap-reached'], line('cap-reached'))).toBe(true);
    expect(matchesFilterPattern(byPurpose['cap-reached'], line('duplicate'))).toBe(false);
    const alarms = entries(securityJson, 'aws_cloudwatch_metric_alarm').filter(([id]) => id.startsWith('securityhub-remediation'));
    expect(alarms).toHaveLength(3);
    // The function failing as a whole (before it could log) alarms too.
    expect(alarms.find(([, a]) => a.metric_name === 'Errors')![1]).toMatchObject({
      namespace: 'AWS/Lambda',
      dimensions: { FunctionName: expect.stringMatching(/aws_lambda_function\.securityhub-remediation_function/) },
    });
    for (const [, alarm] of alarms)
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.notifications_topic_\w+\.arn\}$/)]);
  });

  test('FSBP and CIS v3.0.0 report public admin ports as EC2.53/EC2.54: they start the same remediation as EC2.13', () => {
    const settings = bundledSettings(securityJson, synthesized.outdir, security.name);
    for (const controlId of ['EC2.53', 'EC2.54']) expect(settings.controls[controlId]).toEqual(settings.controls['EC2.13']);
    expect(settings.controls['EC2.13'].configRuleName).toBe(`${org.namePrefix}-restricted-ssh`);
  });

  test('the bundled settings: every enabled control names a baseline Config rule with a remediation in every member', () => {
    const settings = bundledSettings(securityJson, synthesized.outdir, security.name);
    const { windowMinutes, maxPerHour } = org.securityHub.remediation;
    expect(settings).toMatchObject({
      homeAccountId: security.id,
      triggerRoleName: names.remediationTriggerRole,
      windowMinutes,
      maxPerHour,
    });
    expect(settings.accounts).toEqual(Object.fromEntries(org.accounts.map((a) => [a.id, a.name])));
    expect(Object.keys(settings.controls).filter((id) => settings.controls[id].mode === 'automatic')).toEqual(AUTOMATIC);
    expect(Object.keys(settings.controls).sort()).toEqual(
      SECURITY_HUB_REMEDIATIONS.map((r) => r.controlId)
        .filter((id) => id in settings.controls)
        .sort(),
    );
    for (const member of members) {
      const json = synthesized.stack(member.name);
      const ruleIds = new Map(entries(json, 'aws_config_config_rule').map(([id, rule]) => [rule.name, id]));
      const remediated = new Set(entries(json, 'aws_config_remediation_configuration').map(([, r]) => r.config_rule_name));
      for (const [controlId, control] of Object.entries<any>(settings.controls)) {
        const ruleId = ruleIds.get(control.configRuleName);
        expect({ member: member.name, controlId, rule: ruleId !== undefined }).toEqual({ member: member.name, controlId, rule: true });
        expect([...remediated].some((ref) => ref.includes(ruleId!))).toBe(true);
      }
    }
  });
});

describe('who may do what, as IAM decides it', () => {
  const [, functionPolicy] = entries(securityJson, 'aws_iam_role_policy').find(([id]) => id.startsWith('securityhub-remediation'))!;
  const triggerRoleOf = (account: { name: string }) => {
    const json = synthesized.stack(account.name);
    return {
      trust: entries(json, 'aws_iam_role').find(([, r]) => r.name === names.remediationTriggerRole)![1].assume_role_policy,
      policy: entries(json, 'aws_iam_role_policy').find(([id]) => id.startsWith('remediation-trigger-role'))![1].policy,
    };
  };

  test.each(members.map((a) => [a.name, a] as const))(
    'the function may assume the trigger role in %s; its role trusts exactly the function',
    async (_, member) => {
      const roleArn = `arn:aws:iam::${member.id}:role/${names.remediationTriggerRole}`;
      const assume = (principal: string, orgId: string, identityPolicies = [functionPolicy.policy]) =>
        simulate(
          { trustPolicy: triggerRoleOf(member).trust, identityPolicies },
          {
            principal,
            action: 'sts:AssumeRole',
            resource: roleArn,
            context: { 'aws:PrincipalOrgID': orgId, 'aws:PrincipalArn': principal, 'aws:ResourceOrgID': ORG_ID },
          },
        );
      expect((await assume(FUNCTION_ROLE_ARN, ORG_ID)).decision).toBe('Allowed');
      const otherRole = `arn:aws:iam::${security.id}:role/admin`;
      expect((await assume(otherRole, ORG_ID, [identityPolicyAllowing('sts:AssumeRole')])).decision).toBe('ImplicitlyDenied');
      expect(
        (
          await assume(`arn:aws:iam::${OUTSIDER}:role/${names.securityHubRemediation}`, 'o-zzzzzzzzzz', [
            identityPolicyAllowing('sts:AssumeRole'),
          ])
        ).decision,
      ).toBe('ImplicitlyDenied');
    },
  );

  test.each(members.map((a) => [a.name, a] as const))(
    'the trigger role in %s may start remediations there, and nothing else',
    async (_, member) => {
      const { policy } = triggerRoleOf(member);
      const principal = `arn:aws:iam::${member.id}:role/${names.remediationTriggerRole}`;
      const request = (action: string, resource: string) =>
        simulate({ identityPolicies: [policy] }, { principal, action, resource, resourceAccount: member.id });
      // StartRemediationExecution has no resource-level permissions: IAM evaluates it on "*".
      expect((await request('config:StartRemediationExecution', '*')).decision).toBe('Allowed');
      expect(
        (await request('config:DeleteConfigRule', `arn:aws:config:${HOME}:${member.id}:config-rule/config-rule-a1b2c3`)).decision,
      ).toBe('ImplicitlyDenied');
      const remediationConfiguration = `arn:aws:config:${HOME}:${member.id}:remediation-configuration/acme-restricted-ssh/a1b2c3`;
      expect((await request('config:DeleteRemediationConfiguration', remediationConfiguration)).decision).toBe('ImplicitlyDenied');
      expect(
        (
          await request(
            'ssm:StartAutomationExecution',
            `arn:aws:ssm:${HOME}:${member.id}:automation-definition/AWS-RunShellScript:$DEFAULT`,
          )
        ).decision,
      ).toBe('ImplicitlyDenied');
    },
  );

  test("the function may assume trigger roles only inside the organization, and mark only its own hub's findings", async () => {
    const as = (action: string, resource: string, context: Record<string, string> = {}) =>
      simulate({ identityPolicies: [functionPolicy.policy] }, { principal: FUNCTION_ROLE_ARN, action, resource, context });
    // A role that trusts the whole security account: only the function's own policy decides.
    const trustingSecurity = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${security.id}:root` }, Action: 'sts:AssumeRole' }],
    });
    const assume = (roleArn: string, resourceOrg: string) =>
      simulate(
        { trustPolicy: trustingSecurity, identityPolicies: [functionPolicy.policy] },
        {
          principal: FUNCTION_ROLE_ARN,
          action: 'sts:AssumeRole',
          resource: roleArn,
          context: { 'aws:ResourceOrgID': resourceOrg },
        },
      );
    const role = (account: string) => `arn:aws:iam::${account}:role/${names.remediationTriggerRole}`;
    expect((await assume(role(workload.id), ORG_ID)).decision).toBe('Allowed');
    expect((await assume(role(OUTSIDER), 'o-zzzzzzzzzz')).decision).toBe('ImplicitlyDenied');
    expect((await assume(`arn:aws:iam::${workload.id}:role/OrganizationAccountAccessRole`, ORG_ID)).decision).toBe('ImplicitlyDenied');
    expect((await as('securityhub:BatchUpdateFindings', `arn:aws:securityhub:${HOME}:${security.id}:hub/default`)).decision).toBe(
      'Allowed',
    );
    expect((await as('securityhub:BatchUpdateFindings', `arn:aws:securityhub:${HOME}:${workload.id}:hub/default`)).decision).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('where the pieces are', () => {
  test('members hold the trigger role and no function; the security account has no trigger role', () => {
    for (const member of members) {
      const json = synthesized.stack(member.name);
      expect(entries(json, 'aws_iam_role').filter(([, r]) => r.name === names.remediationTriggerRole)).toHaveLength(1);
      expect(entries(json, 'aws_securityhub_action_target')).toEqual([]);
    }
    expect(entries(securityJson, 'aws_iam_role').filter(([, r]) => r.name === names.remediationTriggerRole)).toEqual([]);
  });

  test('standalone mode: each account remediates its own findings (custom action, function without AssumeRole), no trigger roles', () => {
    const standalone = synthesizeToTempDir(exampleOrg(), 'securityhub-remediation-standalone');
    for (const [account, json] of standalone.all) {
      expect({ account: account.name, actions: entries(json, 'aws_securityhub_action_target').length }).toEqual({
        account: account.name,
        actions: 1,
      });
      const [, policy] = entries(json, 'aws_iam_role_policy').find(([id]) => id.startsWith('securityhub-remediation'))!;
      expect(policy.policy).not.toContain('sts:AssumeRole');
      expect(entries(json, 'aws_iam_role').filter(([, r]) => r.name === names.remediationTriggerRole)).toEqual([]);
    }
  });

  test('with every control off, nothing of it is created', () => {
    const input = organizationModeExampleInput();
    input.securityHub.remediation = { controls: Object.fromEntries(SECURITY_HUB_REMEDIATIONS.map((r) => [r.controlId, 'off'])) };
    const off = synthesizeToTempDir(validateOrganizationConfig(input), 'securityhub-remediation-off');
    for (const [, json] of off.all) {
      expect(entries(json, 'aws_securityhub_action_target')).toEqual([]);
      expect(entries(json, 'aws_iam_role').filter(([, r]) => r.name === names.remediationTriggerRole)).toEqual([]);
    }
  });
});
