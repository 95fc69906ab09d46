import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

export interface RegionalProvidersProps {
  /** The only account these providers may touch (`allowed_account_ids`). */
  readonly accountId: string;
  /** Role assumed in that account. */
  readonly roleArn: string;
  /** Region of the default (unaliased) provider. */
  readonly homeRegion: string;
  /**
   * The detective-control regions (config/regions.ts `detectiveRegions`), where every regional
   * control runs; each gets a provider aliased by its name.
   */
  readonly regions: readonly string[];
  /**
   * Regions that get a provider but are not detective-control regions (not in `regions`): for
   * resources that must live there whatever the config, such as console sign-in rules or the
   * Chatbot channel.
   * @default none
   */
  readonly additionalRegions?: readonly string[];
  /** Tags put on every resource that supports them. @default none */
  readonly defaultTags?: Readonly<Record<string, string>>;
  /** Session name seen in the account's CloudTrail. @default 'security-baseline' */
  readonly sessionName?: string;
}

/**
 * One AWS provider per detective-control region (and per additional region), all pinned to one
 * account and role. The home region's is the default provider; every other region's is aliased by
 * the region's name.
 */
export class RegionalProviders extends Construct {
  readonly home: AwsProvider;
  readonly homeRegion: string;
  /** The detective-control regions, the home region first. */
  readonly regions: readonly string[];
  private readonly byRegion = new Map<string, AwsProvider>();

  constructor(scope: Construct, id: string, props: RegionalProvidersProps) {
    super(scope, id);
    this.regions = [props.homeRegion, ...props.regions.filter((r) => r !== props.homeRegion)];
    const extra = [...new Set(props.additionalRegions ?? [])].filter((r) => !this.regions.includes(r));
    for (const region of [...this.regions, ...extra]) {
      const isHome = region === props.homeRegion;
      this.byRegion.set(
        region,
        new AwsProvider(this, region, {
          alias: isHome ? undefined : region,
          region,
          allowedAccountIds: [props.accountId],
          assumeRole: [{ roleArn: props.roleArn, sessionName: props.sessionName ?? 'security-baseline' }],
          defaultTags: props.defaultTags ? [{ tags: { ...props.defaultTags } }] : undefined,
        }),
      );
    }
    this.homeRegion = props.homeRegion;
    this.home = this.forRegion(props.homeRegion);
  }

  forRegion(region: string): AwsProvider {
    const provider = this.byRegion.get(region);
    if (!provider) {
      throw new Error(`No provider for region ${region}; regions with providers: ${[...this.byRegion.keys()].join(', ')}`);
    }
    return provider;
  }
}
