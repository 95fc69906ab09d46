import { TerraformStack, Testing } from 'cdktf';
import { RegionalProviders } from '../../../modules/core/regional-providers';
import { synthStack } from '../../helpers/synth';

describe('RegionalProviders', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const providers = new RegionalProviders(stack, 'aws', {
    accountId: '123456789012',
    roleArn: 'arn:aws:iam::123456789012:role/Deployer',
    homeRegion: 'eu-west-1',
    regions: ['us-east-1', 'eu-west-1', 'eu-central-1'],
    defaultTags: { ManagedBy: 'security-baseline' },
  });
  const configs = synthStack(stack).provider!.aws;

  test('one provider per detective-control region: the home region unaliased, the others aliased by region', () => {
    expect(configs.map((p) => [p.alias, p.region])).toEqual([
      [undefined, 'eu-west-1'],
      ['us-east-1', 'us-east-1'],
      ['eu-central-1', 'eu-central-1'],
    ]);
    expect(providers.regions).toEqual(['eu-west-1', 'us-east-1', 'eu-central-1']);
  });

  test('every provider is pinned to the account, assumes its role and tags resources', () => {
    for (const config of configs) {
      expect(config.allowed_account_ids).toEqual(['123456789012']);
      expect(config.assume_role).toEqual([{ role_arn: 'arn:aws:iam::123456789012:role/Deployer', session_name: 'security-baseline' }]);
      expect(config.default_tags).toEqual([{ tags: { ManagedBy: 'security-baseline' } }]);
    }
  });

  test('looks providers up by region and refuses regions without one', () => {
    expect(providers.forRegion('eu-west-1')).toBe(providers.home);
    expect(providers.forRegion('us-east-1').alias).toBe('us-east-1');
    expect(() => providers.forRegion('ap-south-1')).toThrow(
      'No provider for region ap-south-1; regions with providers: eu-west-1, us-east-1, eu-central-1',
    );
  });
});

test('additional regions get a provider without becoming detective-control regions', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const providers = new RegionalProviders(stack, 'aws', {
    accountId: '123456789012',
    roleArn: 'arn:aws:iam::123456789012:role/Deployer',
    homeRegion: 'eu-west-1',
    regions: ['eu-west-1'],
    additionalRegions: ['us-east-1', 'eu-west-1'],
  });
  expect(providers.regions).toEqual(['eu-west-1']);
  expect(providers.forRegion('us-east-1').region).toBe('us-east-1');
  expect(synthStack(stack).provider!.aws.map((p) => p.alias ?? 'default')).toEqual(['default', 'us-east-1']);
});
