import { serviceTrustPolicy, SERVICES_SENDING_SOURCE_KEYS } from '../../../modules/core/policy-document';

test('services that send aws:SourceAccount on AssumeRole get it as a condition', () => {
  for (const service of SERVICES_SENDING_SOURCE_KEYS) {
    expect(JSON.parse(serviceTrustPolicy(service, '111111111111')).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111111111111' },
    });
  }
});

test('a condition that could never match, or a missing one where the service sends it, is refused', () => {
  expect(() => serviceTrustPolicy('cloudtrail.amazonaws.com', '111111111111')).toThrow('does not document aws:SourceAccount');
  expect(() => serviceTrustPolicy('ssm.amazonaws.com')).toThrow('give its trust policy the account');
  expect(JSON.parse(serviceTrustPolicy('lambda.amazonaws.com')).Statement[0].Condition).toBeUndefined();
});
