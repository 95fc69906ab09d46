/**
 * The offline stand-in for AWS (operations/offline-aws.ts), without Terraform: it answers the calls
 * it serves from the account state, region by region as the request's signature names it (checked
 * with the AWS SDK's own clients where the project has them), refuses every other call by name,
 * and the state it gives the security account is what the management stack designates.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { validateOrganizationConfig } from '../../config/load';
import {
  madeUpDetectorId,
  startOfflineAws,
  stateAfterDesignation,
  stateBeforeFirstApply,
  type OfflineAws,
} from '../../operations/offline-aws';
import { organizationModeExample, organizationModeExampleInput } from '../helpers/synth';
import { synthesizeToTempDir } from '../helpers/synthesized-organization';

const ACCOUNT = '333333333333';
const DETECTOR = '0123456789abcdef0123456789abcdef';
const credentials = { accessKeyId: 'AKIAOFFLINEPLANNING0', secretAccessKey: 'offline-planning-fake-secret-key' };

let aws: OfflineAws;
beforeEach(async () => {
  aws = await startOfflineAws({ accountId: ACCOUNT, guardDutyDetectors: { 'eu-west-1': DETECTOR }, securityHubRegions: ['eu-west-1'] });
});
afterEach(() => aws.close());

/** A request signed (in form only: the stand-in checks no signature) for `service` in `region`. */
async function call(
  service: string,
  region: string,
  pathAndQuery: string,
): Promise<{ status: number; errorType: string | null; body: any }> {
  const response = await fetch(`${aws.endpoint}${pathAndQuery}`, {
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAOFFLINEPLANNING0/20240101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
  });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: await response.json() };
}

test('GuardDuty: the detector of the region the request is signed for, and none elsewhere', async () => {
  expect((await call('guardduty', 'eu-west-1', '/detector')).body).toEqual({ detectorIds: [DETECTOR] });
  expect((await call('guardduty', 'us-east-1', '/detector')).body).toEqual({ detectorIds: [] });
  const detector = await call('guardduty', 'eu-west-1', `/detector/${DETECTOR}`);
  expect(detector.body).toMatchObject({ status: 'ENABLED', findingPublishingFrequency: 'SIX_HOURS', tags: {} });
  // Another region's (or account's) id: what GuardDuty answers, which the provider reads as "not found".
  expect(await call('guardduty', 'us-east-1', `/detector/${DETECTOR}`)).toMatchObject({ status: 400, errorType: 'BadRequestException' });
  expect(aws.unexpectedRequests).toEqual([]);
});

test('Security Hub (through the SDK client): the hub where it is on, "not subscribed" elsewhere', async () => {
  const hub = (region: string) =>
    new SecurityHubClient({ region, endpoint: aws.endpoint, credentials }).send(
      new DescribeHubCommand({ HubArn: `arn:aws:securityhub:${region}:${ACCOUNT}:hub/default` }),
    );
  expect(await hub('eu-west-1')).toMatchObject({
    HubArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`,
    AutoEnableControls: true,
  });
  await expect(hub('eu-central-1')).rejects.toMatchObject({
    name: 'InvalidAccessException',
    message: `Account ${ACCOUNT} is not subscribed to AWS Security Hub`,
  });
});

test('STS (through the SDK client): assumes a role of the account only, and names the account', async () => {
  const sts = new STSClient({ region: 'eu-west-1', endpoint: aws.endpoint, credentials });
  const assumed = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Deployer`, RoleSessionName: 'security-baseline' }),
  );
  expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/security-baseline`);
  expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
  await expect(
    sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444444444444:role/Deployer', RoleSessionName: 's' })),
  ).rejects.toMatchObject({
    name: 'AccessDenied',
    message: `the offline plan is for account ${ACCOUNT}: cannot assume arn:aws:iam::444444444444:role/Deployer`,
  });
});

test('any other call is refused with an error naming it, and kept', async () => {
  const refused = await call('guardduty', 'eu-west-1', `/detector/${DETECTOR}/member/get`);
  expect(refused).toMatchObject({ status: 400, errorType: 'NotServedOffline' });
  expect(refused.body.message).toContain(`does not serve GET /detector/${DETECTOR}/member/get (guardduty, eu-west-1)`);
  await call('s3', 'us-east-1', '/bucket');
  const unsigned = await fetch(`${aws.endpoint}/detector`);
  expect(unsigned.status).toBe(400);
  expect(aws.unexpectedRequests).toEqual([
    `GET /detector/${DETECTOR}/member/get (guardduty, eu-west-1)`,
    'GET /bucket (s3, us-east-1)',
    'GET /detector ((no SigV4 signature), (no region))',
  ]);
});

describe('the state before the first apply', () => {
  const org = organizationModeExample();
  const security = org.accounts.find((a) => a.role === 'security')!;

  test("the security account's is what the management stack designates: a detector in each region of GuardDuty's designation, the hub in Security Hub's", () => {
    const { stack } = synthesizeToTempDir(org, 'offline-aws-designation');
    const management = stack(org.accounts.find((a) => a.role === 'management')!.name);
    const regionOf = (body: { provider?: string }) => {
      const alias = body.provider?.split('.')[1];
      return management.provider!.aws.find((config) => config.alias === alias)!.region;
    };
    const guardDuty = Object.values(management.resource!.aws_guardduty_organization_admin_account);
    const securityHub = Object.values(management.resource!.aws_securityhub_organization_admin_account);
    expect([...guardDuty, ...securityHub].map((admin) => admin.admin_account_id)).toEqual(Array(guardDuty.length + 1).fill(security.id));

    const state = stateBeforeFirstApply(org, security);
    expect(Object.keys(state.guardDutyDetectors).sort()).toEqual(guardDuty.map(regionOf).sort());
    expect(state.securityHubRegions).toEqual(securityHub.map(regionOf));
    expect(state).toEqual({
      accountId: '333333333333',
      guardDutyDetectors: {
        'eu-west-1': madeUpDetectorId('333333333333', 'eu-west-1'),
        'eu-central-1': madeUpDetectorId('333333333333', 'eu-central-1'),
        'us-east-1': madeUpDetectorId('333333333333', 'us-east-1'),
      },
      securityHubRegions: ['eu-west-1'],
    });
    expect(madeUpDetectorId('333333333333', 'eu-west-1')).toMatch(/^[0-9a-f]{32}$/);
  });

  test('a detector the account adopts keeps its id', () => {
    const raw = organizationModeExampleInput();
    raw.accounts.find((a: { role: string }) => a.role === 'security').adopt = { guardDutyDetectors: { 'eu-central-1': DETECTOR } };
    const adopting = validateOrganizationConfig(raw);
    const state = stateAfterDesignation(
      adopting,
      adopting.accounts.find((a) => a.role === 'security')!,
    );
    expect(state.guardDutyDetectors['eu-central-1']).toBe(DETECTOR);
    expect(state.guardDutyDetectors['eu-west-1']).toBe(madeUpDetectorId(security.id, 'eu-west-1'));
  });

  test('every other account is fresh: nothing there yet', () => {
    for (const account of org.accounts.filter((a) => a.role !== 'security')) {
      expect(stateBeforeFirstApply(org, account)).toEqual({ accountId: account.id, guardDutyDetectors: {}, securityHubRegions: [] });
    }
  });
});
