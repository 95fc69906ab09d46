/**
 * The checkers users run (helpers/judges.ts, helpers/stack-judges.ts), applied to every stack of
 * the organization-mode example as `cdktf synth` writes it: the per-account CIS 4.x controls
 * (Security Hub CloudWatch.1-14, Prowler's current `cloudwatch_*` checks and their pre-5.30
 * form) must pass in every account through its own account trail (management's too: alarms on the
 * organization trail's log group would repeat every member's), and Config.1 in every
 * detective-control region of every account. With member trails off, the members fail them, as
 * the README warns, and management passes them through the organization trail.
 */
import { validateOrganizationConfig } from '../../config/load';
import { detectiveRegions } from '../../config/regions';
import { REMEDIATION_KEYS } from '../../modules/catalogs/remediations';
import { PROWLER_BEFORE_5_30_CHECKS, PROWLER_CHECKS, SECURITY_HUB_PATTERNS, securityHubAccepts } from '../helpers/judges';
import { monitoredBy, monitoringTrails, regionsRecordingWithServiceLinkedRole, subscribedTopicArns } from '../helpers/stack-judges';
import { organizationModeExample, organizationModeExampleInput } from '../helpers/synth';
import { synthesizeToTempDir } from '../helpers/synthesized-organization';

const org = organizationModeExample();
const synthesized = synthesizeToTempDir(org, 'judges-organization');
const { all } = synthesized;
const security = org.accounts.find((a) => a.role === 'security')!;
/** Members' alarms notify the security account's topic, subscribed there (its policy lets their Security Hub see it: central-alerting.test.ts). */
const centralTopics = subscribedTopicArns(synthesized.stack(security.name), security.id);
const regions = [...detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions)].sort();

/** Every check, as [judge, check, accepts(pattern)]. */
const CHECKS: [string, string, (pattern: string) => boolean][] = [
  ...Object.keys(SECURITY_HUB_PATTERNS).map((control): [string, string, (p: string) => boolean] => [
    'Security Hub',
    control,
    (p) => securityHubAccepts(control, p),
  ]),
  ...PROWLER_CHECKS.map((c): [string, string, (p: string) => boolean] => ['Prowler', c.check, (p) => c.regex.test(p)]),
  ...PROWLER_BEFORE_5_30_CHECKS.map((c): [string, string, (p: string) => boolean] => ['Prowler < 5.30', c.check, (p) => c.regex.test(p)]),
];

describe.each(all.map(([account, stack]) => [account.name, account.role, stack] as const))(
  '%s (%s), as the checkers see it',
  (_, _role, stack) => {
    test.each(CHECKS)('%s %s: PASSED, through its own account trail', (_judge, _check, accepts) => {
      const trails = monitoringTrails(stack, accepts, centralTopics);
      expect(trails.length).toBeGreaterThan(0);
      expect(trails.every(([, trail]) => trail.is_organization_trail === undefined)).toBe(true);
    });

    test('Security Hub Config.1 and Prowler config_recorder_using_aws_service_role: PASSED in every detective-control region', () => {
      expect(regionsRecordingWithServiceLinkedRole(stack)).toEqual(regions);
    });
  },
);

test('with auditTrail.memberAccountTrails false, members fail the CIS 4.x checks and management still passes them', () => {
  const input = organizationModeExampleInput();
  input.auditTrail.memberAccountTrails = false;
  input.awsConfig = { remediations: Object.fromEntries(REMEDIATION_KEYS.map((key) => [key, 'off'])) };
  delete input.securityHub.remediation; // nothing left to start from Security Hub
  const variant = validateOrganizationConfig(input);
  for (const [account, stack] of synthesizeToTempDir(variant, 'judges-organization-no-member-trails').all) {
    const passing = CHECKS.filter(([, , accepts]) => monitoredBy(stack, accepts, centralTopics)).length;
    expect({ account: account.name, passing }).toEqual({
      account: account.name,
      passing: account.role === 'management' ? CHECKS.length : 0,
    });
    // Config.1 does not depend on the trail.
    expect(regionsRecordingWithServiceLinkedRole(stack)).toEqual(regions);
  }
});
