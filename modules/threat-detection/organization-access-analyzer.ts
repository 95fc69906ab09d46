import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { Construct } from 'constructs';
import type { RegionalProviders } from '../core/regional-providers';

export interface OrganizationAccessAnalyzerProps {
  /** The delegated administrator's providers: every region of `providers.regions` gets an analyzer. */
  readonly providers: RegionalProviders;
  /**
   * Name of the analyzer in each region. It must differ from the account's own ACCOUNT analyzer
   * (names are unique per account and region).
   */
  readonly analyzerName: string;
}

/**
 * IAM Access Analyzer with the organization as its zone of trust, in every region, run by the
 * delegated administrator: it reports resources in any account of the organization that are
 * shared outside it. External-access analyzers are free. Each account keeps its own ACCOUNT
 * analyzer (CIS 1.20 and Prowler look for one in the account itself).
 *
 * The account must already be registered as Access Analyzer's delegated administrator (the
 * management stack's job; deploy that stack first).
 */
export class OrganizationAccessAnalyzer extends Construct {
  /** The analyzer, by region. */
  readonly analyzers: ReadonlyMap<string, AccessanalyzerAnalyzer>;

  constructor(scope: Construct, id: string, props: OrganizationAccessAnalyzerProps) {
    super(scope, id);
    this.analyzers = new Map(
      props.providers.regions.map((region) => [
        region,
        new AccessanalyzerAnalyzer(this, region, {
          provider: props.providers.forRegion(region),
          analyzerName: props.analyzerName,
          type: 'ORGANIZATION',
        }),
      ]),
    );
  }
}
