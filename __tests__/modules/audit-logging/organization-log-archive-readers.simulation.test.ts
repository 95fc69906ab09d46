/**
 * The reader accounts (security, for investigations) may list and read the central logs, as far as
 * their own IAM policies allow; nothing more, and nobody else. Decided by the IAM policy simulator
 * on the synthesized bucket policies.
 */
import { decisionOf, identityPolicyAllowing, withContext, type SimulatedRequest } from '../../helpers/policy-simulator';
import { bodyOf } from '../../helpers/synth';
import { LOG_ARCHIVE, MEMBER, NAMES, SECURITY, synthLogArchive } from './organization-log-archive-fixtures';

const { archive, json } = synthLogArchive();
const policies = {
  trail: { policy: bodyOf(json, archive.trailBucket.policy).policy.replace(/\$\$\{/g, '${'), bucket: NAMES.trailBucket },
  config: { policy: bodyOf(json, archive.configBucket!.policy).policy.replace(/\$\$\{/g, '${'), bucket: NAMES.configBucket },
};
const investigator = (account: string) => `arn:aws:iam::${account}:role/Investigator`;

describe.each(Object.entries(policies))('central %s bucket', (_, { policy, bucket }) => {
  const read = (account: string, action = 's3:GetObject'): SimulatedRequest => ({
    principal: investigator(account),
    action,
    resource: action === 's3:ListBucket' ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/AWSLogs/${MEMBER}/x.json.gz`,
    resourceAccount: LOG_ARCHIVE,
  });
  const withIam = (iamActions: string) => ({ resourcePolicy: policy, identityPolicies: [identityPolicyAllowing(iamActions)] });

  test('a reader account principal allowed by its own IAM policy may list and read', async () => {
    expect(await decisionOf(withIam('s3:*'), read(SECURITY))).toBe('Allowed');
    expect(await decisionOf(withIam('s3:*'), read(SECURITY, 's3:ListBucket'))).toBe('Allowed');
  });

  test('without its own IAM grant, or from another account, it may not', async () => {
    expect(await decisionOf({ resourcePolicy: policy }, read(SECURITY))).not.toBe('Allowed');
    expect(await decisionOf(withIam('s3:*'), read(MEMBER))).not.toBe('Allowed');
  });

  test('a reader may not write or delete, and never without TLS', async () => {
    expect(await decisionOf(withIam('s3:*'), read(SECURITY, 's3:PutObject'))).not.toBe('Allowed');
    expect(await decisionOf(withIam('s3:*'), read(SECURITY, 's3:DeleteObject'))).not.toBe('Allowed');
    expect(await decisionOf(withIam('s3:*'), withContext(read(SECURITY), { 'aws:SecureTransport': 'false' }))).toBe('ExplicitlyDenied');
  });
});
