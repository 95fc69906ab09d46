/**
 * What the remediation-trigger function knows, built into its bundle at synth from the
 * organization file (esbuild `define` of REMEDIATION_SETTINGS): no configuration to read at run time.
 */

/** How a Security Hub control's finding is remediated: the baseline Config rule whose remediation runs. */
export interface ControlRemediation {
  /** `manual`: only from the Security Hub custom action; `automatic`: also on imported findings. */
  readonly mode: 'manual' | 'automatic';
  /** The baseline Config rule (in the finding's account and region) whose remediation configuration is started. */
  readonly configRuleName: string;
  /** Config resource type of that rule's evaluations, such as `AWS::EC2::SecurityGroup`. */
  readonly resourceType: string;
  /**
   * Where the Config resource id comes from: the last segment of the finding resource's ARN
   * (`sg-…`, `vpc-…`, a key id, a trail name), or the account id (account-level rules).
   */
  readonly resourceId: 'arn-last-segment' | 'account-id';
}

export interface RemediationSettings {
  /** The account the function runs in (the security account, or the account itself in standalone mode). */
  readonly homeAccountId: string;
  /** Remediable controls, by Security Hub security control id (`EC2.2`, …); every other control is refused. */
  readonly controls: Readonly<Record<string, ControlRemediation>>;
  /** Account id → name, the accounts of the organization file; findings of any other account are refused. */
  readonly accounts: Readonly<Record<string, string>>;
  /** Role assumed in the finding's account when it is not `homeAccountId`. */
  readonly triggerRoleName: string;
  /** The same control and resource are not remediated again within this many minutes. */
  readonly windowMinutes: number;
  /** At most this many remediations start per hour (UTC clock hour), across all accounts. */
  readonly maxPerHour: number;
}
