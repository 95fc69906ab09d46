/**
 * The settings that decide what Control Tower runs in place of the baseline (its landing zone
 * version and Config integration) and whether the organization trail delivers to CloudWatch Logs.
 */
import { validateOrganizationConfig } from '../../config/load';
import { configRecordedByControlTower, controlTowerNames } from '../../config/names';
import { controlTowerExampleInput, organizationModeExampleInput, problemsOf } from '../helpers/synth';

/** The Control Tower example with these controlTower settings instead. */
function withControlTower(settings: Record<string, unknown>): Record<string, any> {
  const input = controlTowerExampleInput();
  input.organization.controlTower = { enabled: true, ...settings };
  return input;
}
/** `[field, message]` of every problem; none for a valid file. */
function fields(input: unknown): [string, string][] {
  try {
    validateOrganizationConfig(input);
    return [];
  } catch {
    return problemsOf(input).map((p) => [p.field, p.message]);
  }
}

describe('organization.controlTower.landingZoneVersion decides where Config goes', () => {
  test('is required with Control Tower, and says where to read it', () => {
    expect(fields(withControlTower({}))).toEqual([
      [
        'organization.controlTower.landingZoneVersion',
        expect.stringMatching(/^is required with Control Tower.*aws controltower get-landing-zone/),
      ],
    ]);
  });

  test.each([['3'], ['v3.3'], ['2.9']])('refuses %s', (version) => {
    expect(fields(withControlTower({ landingZoneVersion: version }))).toEqual([
      ['organization.controlTower.landingZoneVersion', expect.stringMatching(/landing zone version such as "3.3"|older than 3.0/)],
    ]);
  });

  test('up to 3.x: Control Tower records Config, into its logging bucket unless named; configIntegration is refused', () => {
    const org = validateOrganizationConfig(withControlTower({ landingZoneVersion: '3.3' }));
    expect(configRecordedByControlTower(org)).toBe(true);
    expect(controlTowerNames(org)?.configBucket).toMatch(/^aws-controltower-logs-\d{12}-eu-west-1$/);
    expect(fields(withControlTower({ landingZoneVersion: '3.3', configIntegration: true }))).toEqual([
      ['organization.controlTower.configIntegration', 'is only used from landing zone 4.0 (3.3 always records Config); remove it'],
    ]);
  });

  test('from 4.0: configIntegration is required; on, the Config bucket (random suffix) must be named; off, it must not', () => {
    expect(fields(withControlTower({ landingZoneVersion: '4.0' }))).toEqual([
      ['organization.controlTower.configIntegration', expect.stringMatching(/^is required from landing zone 4.0 \(here 4.0\)/)],
    ]);
    expect(fields(withControlTower({ landingZoneVersion: '4.0', configIntegration: true }))).toEqual([
      [
        'organization.controlTower.configBucketName',
        expect.stringMatching(/aws-controltower-config-logs-<log-archive id>-<random suffix>/),
      ],
    ]);
    expect(fields(withControlTower({ landingZoneVersion: '4.0', configIntegration: false, configBucketName: 'some-bucket' }))).toEqual([
      ['organization.controlTower.configBucketName', expect.stringMatching(/^is not used with the Config integration off/)],
    ]);
    const on = validateOrganizationConfig(
      withControlTower({ landingZoneVersion: '4.0', configIntegration: true, configBucketName: 'ct-config' }),
    );
    expect([configRecordedByControlTower(on), controlTowerNames(on)?.configBucket]).toEqual([true, 'ct-config']);
    const off = validateOrganizationConfig(withControlTower({ landingZoneVersion: '4.1', configIntegration: false }));
    expect([configRecordedByControlTower(off), controlTowerNames(off)?.configBucket]).toEqual([false, undefined]);
  });

  test('with Control Tower off, its settings are not used', () => {
    const input = organizationModeExampleInput();
    input.organization.controlTower = { enabled: false, landingZoneVersion: '3.3' };
    expect(fields(input)).toEqual([
      ['organization.controlTower.landingZoneVersion', 'is only used while organization.controlTower.enabled is true'],
    ]);
  });

  test('adopting a recorder in an enrolled account is refused only while Control Tower records Config there', () => {
    const adopting = (settings: Record<string, unknown>) => {
      const input = withControlTower(settings);
      input.accounts.find((a: { role: string }) => a.role === 'log-archive').adopt = { configServiceLinkedRole: true };
      return input;
    };
    expect(fields(adopting({ landingZoneVersion: '3.3' }))).toEqual([
      [
        expect.stringMatching(/^accounts\[\d\]\.adopt\.configServiceLinkedRole$/),
        expect.stringMatching(/Control Tower owns its Config recorder/),
      ],
    ]);
    expect(fields(adopting({ landingZoneVersion: '4.0', configIntegration: false }))).toEqual([]);
  });
});

describe('auditTrail.organizationTrailLogs', () => {
  test('is on by default; off is allowed with member trails', () => {
    expect(validateOrganizationConfig(organizationModeExampleInput()).auditTrail.organizationTrailLogs).toBeUndefined();
    const input = organizationModeExampleInput();
    input.auditTrail = { organizationTrailLogs: false };
    expect(fields(input)).toEqual([]);
  });

  test('cannot be off without member trails (its log group then carries every CIS alarm)', () => {
    const input = organizationModeExampleInput();
    input.auditTrail = { memberAccountTrails: false, organizationTrailLogs: false };
    input.awsConfig = { remediations: {} };
    const problems = fields(input).filter(([field]) => field === 'auditTrail.organizationTrailLogs');
    expect(problems).toEqual([
      ['auditTrail.organizationTrailLogs', expect.stringMatching(/^cannot be false while memberAccountTrails is false/)],
    ]);
  });

  test('is refused under Control Tower and in standalone mode', () => {
    const underControlTower = controlTowerExampleInput();
    underControlTower.auditTrail = { organizationTrailLogs: true };
    expect(fields(underControlTower)).toEqual([
      ['auditTrail.organizationTrailLogs', expect.stringMatching(/^is not used under Control Tower/)],
    ]);
    const standalone = organizationModeExampleInput();
    standalone.mode = 'standalone';
    delete standalone.organization;
    standalone.auditTrail = { organizationTrailLogs: false };
    expect(fields(standalone).filter(([field]) => field.startsWith('auditTrail'))).toEqual([
      ['auditTrail.organizationTrailLogs', expect.stringMatching(/^is only used in organization mode/)],
    ]);
  });
});

test('an organization without a security account is a problem of the file, not a crash while checking names', () => {
  const input = organizationModeExampleInput();
  input.accounts = input.accounts.filter((a: { role: string }) => a.role !== 'security');
  // Before, building the generated names threw a plain Error ("organization mode needs a security account").
  expect(fields(input)).toEqual([['accounts', 'must include one account with role "security" in organization mode']]);
});
