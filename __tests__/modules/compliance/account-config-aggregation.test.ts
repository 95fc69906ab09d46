import { AccountsConfigAggregator, ConfigAggregatorAuthorization } from '../../../modules/compliance/account-config-aggregation';
import { onlyResource, regionalTestStack, regionOf, resourcesOfType, synthStack, TEST_REGIONS } from '../../helpers/synth';

test('AccountsConfigAggregator: the listed accounts (sorted), from the regions the sources authorize it in, in the home region', () => {
  const { stack, providers } = regionalTestStack();
  new AccountsConfigAggregator(stack, 'aggregator', {
    providers,
    aggregatorName: 'acme-all-accounts',
    accountIds: ['222222222222', '111111111111'],
  });
  const json = synthStack(stack);
  const aggregator = onlyResource(json, 'aws_config_configuration_aggregator');
  expect(regionOf(json, aggregator)).toBe('eu-west-1');
  expect(aggregator).toMatchObject({
    name: 'acme-all-accounts',
    account_aggregation_source: { account_ids: ['111111111111', '222222222222'], regions: TEST_REGIONS },
  });
  expect(aggregator).not.toHaveProperty('organization_aggregation_source');
});

test.each([[[]], [['12345']]])('AccountsConfigAggregator refuses account ids %j', (accountIds) => {
  const { stack, providers } = regionalTestStack();
  expect(() => new AccountsConfigAggregator(stack, 'aggregator', { providers, aggregatorName: 'x', accountIds })).toThrow(
    /aggregator: accountIds must be 12-digit account ids/,
  );
});

test('ConfigAggregatorAuthorization: the aggregator account and region, authorized in every source region', () => {
  const { stack, providers } = regionalTestStack();
  const construct = new ConfigAggregatorAuthorization(stack, 'authorization', {
    providers,
    aggregatorAccountId: '333333333333',
    aggregatorRegion: 'eu-west-1',
  });
  const json = synthStack(stack);
  const authorizations = Object.values(resourcesOfType(json, 'aws_config_aggregate_authorization'));
  expect(authorizations.map((a) => regionOf(json, a)).sort()).toEqual([...TEST_REGIONS].sort());
  for (const authorization of authorizations) expect(authorization).toMatchObject({ account_id: '333333333333', region: 'eu-west-1' });
  expect([...construct.authorizations.keys()]).toEqual(TEST_REGIONS);
  expect(
    () => new ConfigAggregatorAuthorization(stack, 'bad', { providers, aggregatorAccountId: 'x', aggregatorRegion: 'eu-west-1' }),
  ).toThrow(/aggregatorAccountId "x" is not a 12-digit account id/);
});
