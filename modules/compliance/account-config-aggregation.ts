/**
 * An AWS Config aggregator over a list of accounts, and the authorizations that let it collect
 * from an account: the pattern for accounts an organization aggregator does not cover, such as
 * those Control Tower (up to landing zone 3.x) leaves out of its audit-account aggregator.
 * Sources: AWS Config Developer Guide, "Multi-Account Multi-Region Data Aggregation" and
 * "Authorizing Aggregator Accounts" (an account source must authorize the aggregator's account
 * and region, in each source region; an organization source needs no authorization);
 * schubergphilis/terraform-aws-mcaf-landing-zone config.tf (the same pattern beside Control Tower).
 */
import { ConfigAggregateAuthorization } from '@cdktf/provider-aws/lib/config-aggregate-authorization';
import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { Construct } from 'constructs';
import type { RegionalProviders } from '../core/regional-providers';

export interface AccountsConfigAggregatorProps {
  /** The aggregator account's providers: the aggregator is created in the home region. */
  readonly providers: RegionalProviders;
  readonly aggregatorName: string;
  /**
   * The accounts aggregated. Each must authorize this account and home region in each of
   * `regions` (ConfigAggregatorAuthorization); the aggregator's own account needs not.
   */
  readonly accountIds: readonly string[];
  /** The regions aggregated: where the accounts record Config and authorize the aggregator. @default the providers' regions */
  readonly regions?: readonly string[];
}

/** An account aggregator: one view of the listed accounts' Config data from the listed regions, in the home region. */
export class AccountsConfigAggregator extends Construct {
  readonly aggregator: ConfigConfigurationAggregator;

  constructor(scope: Construct, id: string, props: AccountsConfigAggregatorProps) {
    super(scope, id);
    const invalid = props.accountIds.filter((accountId) => !/^\d{12}$/.test(accountId));
    if (props.accountIds.length === 0 || invalid.length > 0) {
      throw new Error(
        `AccountsConfigAggregator ${this.node.path}: accountIds must be 12-digit account ids; got ${JSON.stringify(props.accountIds)}`,
      );
    }
    this.aggregator = new ConfigConfigurationAggregator(this, 'aggregator', {
      provider: props.providers.home,
      name: props.aggregatorName,
      // Not all regions: a source region without an authorization would only show as failed.
      accountAggregationSource: { accountIds: [...props.accountIds].sort(), regions: [...(props.regions ?? props.providers.regions)] },
    });
  }
}

export interface ConfigAggregatorAuthorizationProps {
  /** The source account's providers: one authorization in each of their regions. */
  readonly providers: RegionalProviders;
  /** The account whose aggregator may collect from this one. */
  readonly aggregatorAccountId: string;
  /** The region of that aggregator. */
  readonly aggregatorRegion: string;
}

/** Lets an account aggregator in another account collect this account's Config data, in every region of the providers. */
export class ConfigAggregatorAuthorization extends Construct {
  /** Source region → its authorization. */
  readonly authorizations: ReadonlyMap<string, ConfigAggregateAuthorization>;

  constructor(scope: Construct, id: string, props: ConfigAggregatorAuthorizationProps) {
    super(scope, id);
    if (!/^\d{12}$/.test(props.aggregatorAccountId)) {
      throw new Error(
        `ConfigAggregatorAuthorization ${this.node.path}: aggregatorAccountId "${props.aggregatorAccountId}" is not a 12-digit account id`,
      );
    }
    this.authorizations = new Map(
      props.providers.regions.map((region) => [
        region,
        new ConfigAggregateAuthorization(this, region, {
          provider: props.providers.forRegion(region),
          accountId: props.aggregatorAccountId,
          region: props.aggregatorRegion,
        }),
      ]),
    );
  }
}
