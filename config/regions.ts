/**
 * Which regions a stack deploys to, decided from the config alone.
 */

/** IAM, STS, Organizations and root sign-in events are recorded here, whatever the home region. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';

/**
 * Regions every AWS account has enabled from the start (the others are opt-in). An attacker can
 * use any of them, so CIS 3.3 / 4.16 and GuardDuty's guidance ask for detective controls in all.
 */
export const DEFAULT_ENABLED_REGIONS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

/** Regions an account must opt in to before use. */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
] as const;

/** Commercial AWS regions (partition `aws`), the partition every generated ARN uses. */
export const AWS_REGIONS = [...DEFAULT_ENABLED_REGIONS, ...OPT_IN_REGIONS] as const;

/** Where the detective controls (GuardDuty, Config, Security Hub, Access Analyzer, EBS encryption) run. */
export const DETECTIVE_REGION_MODES = ['enabled', 'all-default-enabled'] as const;
export type DetectiveRegionMode = (typeof DETECTIVE_REGION_MODES)[number];

/**
 * The regions that get every regional control, the home region first:
 * - `enabled`: the configured regions plus us-east-1, where global activity lands and where the
 *   baseline operates anyway (its global-service event rules live there);
 * - `all-default-enabled`: additionally every region enabled by default in an AWS account.
 */
export function detectiveRegions(homeRegion: string, regions: readonly string[], mode: DetectiveRegionMode): string[] {
  const wanted = [homeRegion, ...regions, GLOBAL_EVENTS_REGION, ...(mode === 'all-default-enabled' ? DEFAULT_ENABLED_REGIONS : [])];
  return [...new Set(wanted)];
}

/** The only regions with an AWS Chatbot API endpoint (AWS General Reference, "AWS Chatbot endpoints"). */
export const CHATBOT_REGIONS = ['us-east-2', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;

/** Where the Chatbot channel configuration goes: the home region if Chatbot is offered there, else us-west-2. */
export function defaultChatbotRegion(homeRegion: string): (typeof CHATBOT_REGIONS)[number] {
  return (CHATBOT_REGIONS as readonly string[]).includes(homeRegion) ? (homeRegion as (typeof CHATBOT_REGIONS)[number]) : 'us-west-2';
}
