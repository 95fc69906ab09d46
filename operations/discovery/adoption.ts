/**
 * What one account's `adopt` entry must say, from what was recorded in it: the singletons that
 * exist and that its stack would otherwise create (and fail on), within what the schema allows for
 * the account's mode and role (config/schema/organization-mode.ts, cross-checks.ts `adoptionIssues`).
 * Pure: the recorded state and the account's settings in, the entry and findings out.
 */
import type { RecordedRegion, Reading } from './collected-files';

/** Something the user must act on (`problem`: the first apply would fail or do the wrong thing) or should know (`note`). */
export interface Finding {
  readonly severity: 'problem' | 'note';
  readonly message: string;
}

/** `accounts[].adopt` as discover writes it: only what exists (the schema's defaults say the rest). */
export interface AdoptEntry {
  configServiceLinkedRole?: true;
  configRecorder?: { recorderName: string; deliveryChannelName: string; regions: string[] };
  guardDutyDetectors?: Record<string, string>;
  securityHub?: string[];
  securityHubStandards?: string[];
  securityHubFindingAggregatorArn?: string;
  guardDutyManagedByAdministrator?: true;
  securityHubManagedByAdministrator?: true;
  accessAnalyzers?: Record<string, string>;
}

/** What decides which singletons an account's stack creates. */
export interface AdoptionSettings {
  readonly accountId: string;
  readonly mode: 'standalone' | 'organization';
  readonly role: string;
  readonly homeRegion: string;
  /** The stack's detective-control regions that were recorded, in the stack's order. */
  readonly regions: readonly string[];
  /** Control Tower's recorder serves the account (organization mode, enrolled): the stack creates no recorder or role. */
  readonly controlTowerEnrolled: boolean;
  /** `securityHub.standards` of the file (or its default). */
  readonly configuredStandards: readonly string[];
  /** `hardening.accessAnalyzer` is not false: the stack creates an account analyzer per region. */
  readonly accountAnalyzer: boolean;
}

export interface RecordedAccountState {
  readonly configServiceLinkedRole: Reading<true>;
  readonly regions: ReadonlyMap<string, RecordedRegion>;
}

/** Control Tower names its recorder `aws-controltower-BaselineConfigRecorder`. */
const CONTROL_TOWER_PREFIX = 'aws-controltower-';

/** The `adopt` entry (undefined when nothing exists to adopt) and what to tell the user. */
export function adoptionFor(state: RecordedAccountState, settings: AdoptionSettings): { adopt?: AdoptEntry; findings: Finding[] } {
  const findings: Finding[] = [];
  const regions = settings.regions.map((region) => [region, state.regions.get(region)!] as const);
  const adopt: AdoptEntry = {};
  if (!settings.controlTowerEnrolled) {
    if (known(state.configServiceLinkedRole, 'whether the Config service-linked role exists', findings))
      adopt.configServiceLinkedRole = true;
    const recorder = configRecorder(regions, findings);
    if (recorder) adopt.configRecorder = recorder;
  }
  // Organization mode: the administrator owns members' detectors and hubs; the security stack imports its own.
  if (settings.mode === 'standalone' || settings.role === 'management') guardDuty(regions, settings, adopt, findings);
  if (settings.mode === 'standalone') securityHub(regions, settings, adopt, findings);
  else if (settings.role === 'management') managementHub(regions, settings, adopt, findings);
  if (settings.accountAnalyzer) accessAnalyzers(regions, adopt, findings);
  return Object.keys(adopt).length > 0 ? { adopt: inSchemaOrder(adopt), findings } : { findings };
}

type RegionStates = readonly (readonly [string, RecordedRegion])[];

/** The value of a reading that was found; a problem when it could not be read. */
function known<T>(reading: Reading<T>, what: string, findings: Finding[]): T | undefined {
  if (reading.state === 'unreadable') {
    findings.push({
      severity: 'problem',
      message: `could not read ${what}, so discover adopts nothing for it: ${reading.message} (${reading.file})`,
    });
  }
  return reading.state === 'found' ? reading.value : undefined;
}

/** The name pair found in most regions; every other pair is a problem (the schema takes one). */
function configRecorder(regions: RegionStates, findings: Finding[]): AdoptEntry['configRecorder'] {
  const regionsByPair = new Map<string, string[]>();
  for (const [region, recorded] of regions) {
    const recorder = known(recorded.recorderNames, `the Config recorder in ${region}`, findings)?.[0];
    const channel = known(recorded.deliveryChannelNames, `the Config delivery channel in ${region}`, findings)?.[0];
    if (recorder !== undefined && channel !== undefined) {
      const pair = JSON.stringify([recorder, channel]);
      regionsByPair.set(pair, [...(regionsByPair.get(pair) ?? []), region]);
    } else if (recorder !== undefined) {
      findings.push({
        severity: 'problem',
        message:
          `${region} has the Config recorder "${recorder}" but no delivery channel: the baseline adopts both or neither; ` +
          `delete the recorder (aws configservice delete-configuration-recorder --configuration-recorder-name ${recorder} --region ${region}), then collect again`,
      });
    } else if (channel !== undefined) {
      findings.push({
        severity: 'problem',
        message:
          `${region} has the Config delivery channel "${channel}" but no recorder: ` +
          `delete it (aws configservice delete-delivery-channel --delivery-channel-name ${channel} --region ${region}), then collect again`,
      });
    }
  }
  // Most regions first; on a tie the pair seen first (regions are in the stack's order).
  const [chosen, ...others] = [...regionsByPair].sort((a, b) => b[1].length - a[1].length);
  if (!chosen) return undefined;
  const [recorderName, deliveryChannelName] = JSON.parse(chosen[0]) as [string, string];
  for (const [pair, where] of others) {
    const [recorder, channel] = JSON.parse(pair) as [string, string];
    findings.push({
      severity: 'problem',
      message:
        `the Config recorder "${recorder}" with delivery channel "${channel}" in ${where.join(', ')} has other names than ` +
        `"${recorderName}"/"${deliveryChannelName}" in ${chosen[1].join(', ')}: an account adopts one name pair, so the first apply would ` +
        `create a second recorder in ${where.join(', ')}, which AWS refuses (one per region; recorders cannot be renamed). ` +
        `Delete that recorder and channel there (aws configservice delete-delivery-channel, then delete-configuration-recorder, --region ${where[0]}), then collect again`,
    });
  }
  for (const name of [recorderName, ...others.map(([pair]) => (JSON.parse(pair) as string[])[0])].filter((n) =>
    n.startsWith(CONTROL_TOWER_PREFIX),
  )) {
    findings.push({
      severity: 'problem',
      message:
        `has Control Tower's Config recorder "${name}", but the organization file does not treat the account as enrolled in Control Tower ` +
        '(organization.controlTower, notEnrolledAccounts): adopting it would take it from Control Tower; check organization.controlTower',
    });
  }
  return { recorderName, deliveryChannelName, regions: chosen[1] };
}

function guardDuty(regions: RegionStates, settings: AdoptionSettings, adopt: AdoptEntry, findings: Finding[]): void {
  const detectors: Record<string, string> = {};
  const administered: string[] = [];
  for (const [region, recorded] of regions) {
    const id = known(recorded.detectorIds, `the GuardDuty detector in ${region}`, findings)?.[0];
    if (id === undefined) continue;
    detectors[region] = id;
    if (settings.mode === 'standalone' && known(recorded.guardDutyAdministrator, `GuardDuty's administrator in ${region}`, findings)) {
      administered.push(region);
    }
  }
  const withDetector = Object.keys(detectors);
  if (administered.length > 0) {
    adopt.guardDutyManagedByAdministrator = true;
    if (administered.length < withDetector.length) {
      findings.push({
        severity: 'note',
        message: `a GuardDuty administrator manages the detectors in ${administered.join(', ')} but not in ${withDetector.filter((r) => !administered.includes(r)).join(', ')}; the stack leaves GuardDuty to the administrator in every region`,
      });
    }
  } else if (withDetector.length > 0) {
    adopt.guardDutyDetectors = detectors;
  }
}

function securityHub(regions: RegionStates, settings: AdoptionSettings, adopt: AdoptEntry, findings: Finding[]): void {
  const hubs = regions.filter(([region, recorded]) => known(recorded.securityHub, `whether Security Hub is on in ${region}`, findings));
  if (hubs.length === 0) return;
  if (hubs.some(([region, recorded]) => known(recorded.securityHubAdministrator, `Security Hub's administrator in ${region}`, findings))) {
    adopt.securityHubManagedByAdministrator = true;
    return;
  }
  adopt.securityHub = hubs.map(([region]) => region);
  const subscribed = hubs.map(([region, recorded]) => ({
    region,
    standards: known(recorded.subscribedStandards, `the subscribed Security Hub standards in ${region}`, findings) ?? [],
  }));
  const everywhere = settings.configuredStandards.filter((s) => subscribed.every(({ standards }) => standards.includes(s)));
  if (everywhere.length > 0) adopt.securityHubStandards = everywhere;
  for (const standard of settings.configuredStandards.filter((s) => !everywhere.includes(s))) {
    const where = subscribed.filter(({ standards }) => standards.includes(standard)).map(({ region }) => region);
    if (where.length === 0) continue;
    findings.push({
      severity: 'problem',
      message:
        `${standard} is subscribed in ${where.join(', ')} but not in every adopted hub (${adopt.securityHub.join(', ')}): adopt imports a standard in all of them ` +
        `or none, so it is not imported and the apply subscribes it again where it exists; subscribe it in the other regions too (or unsubscribe it), then collect again`,
    });
  }
  const unmanaged = [...new Set(subscribed.flatMap(({ standards }) => standards))]
    .filter((s) => !settings.configuredStandards.includes(s))
    .sort();
  for (const standard of unmanaged) {
    findings.push({
      severity: 'note',
      message: `${standard} is subscribed but not in securityHub.standards: it stays subscribed and the baseline does not manage it`,
    });
  }
  const aggregators = [
    ...new Set(
      hubs.flatMap(([region, recorded]) => known(recorded.findingAggregatorArns, `the finding aggregator in ${region}`, findings) ?? []),
    ),
  ];
  for (const arn of aggregators) {
    if (arn.startsWith(`arn:aws:securityhub:${settings.homeRegion}:`)) {
      adopt.securityHubFindingAggregatorArn = arn;
    } else {
      findings.push({
        severity: 'problem',
        message: `the finding aggregator ${arn} is not in the home region ${settings.homeRegion}, where the stack keeps the account's one aggregator: delete it (aws securityhub delete-finding-aggregator), then collect again`,
      });
    }
  }
}

/** Organization mode enables the management account's home hub before the administrator enrols it: one already on there is adopted. */
function managementHub(regions: RegionStates, settings: AdoptionSettings, adopt: AdoptEntry, findings: Finding[]): void {
  const home = regions.find(([region]) => region === settings.homeRegion)?.[1];
  if (home && known(home.securityHub, `whether Security Hub is on in ${settings.homeRegion}`, findings))
    adopt.securityHub = [settings.homeRegion];
}

function accessAnalyzers(regions: RegionStates, adopt: AdoptEntry, findings: Finding[]): void {
  const analyzers: Record<string, string> = {};
  for (const [region, recorded] of regions) {
    const all = known(recorded.analyzers, `the IAM Access Analyzers in ${region}`, findings) ?? [];
    const accountAnalyzers = all
      .filter((a) => a.type === 'ACCOUNT')
      .map((a) => a.name)
      .sort();
    if (accountAnalyzers.length > 0) analyzers[region] = accountAnalyzers[0];
    if (accountAnalyzers.length > 1) {
      findings.push({
        severity: 'note',
        message: `${region} has ${accountAnalyzers.length} account analyzers (${accountAnalyzers.join(', ')}): "${accountAnalyzers[0]}" is adopted, the others are left alone`,
      });
    }
  }
  if (Object.keys(analyzers).length > 0) adopt.accessAnalyzers = analyzers;
}

const SCHEMA_ORDER: readonly (keyof AdoptEntry)[] = [
  'configServiceLinkedRole',
  'configRecorder',
  'guardDutyDetectors',
  'securityHub',
  'securityHubStandards',
  'securityHubFindingAggregatorArn',
  'guardDutyManagedByAdministrator',
  'securityHubManagedByAdministrator',
  'accessAnalyzers',
];

/** The fields in the schema's order, so the written JSON reads like the README's example. */
function inSchemaOrder(adopt: AdoptEntry): AdoptEntry {
  return Object.fromEntries(SCHEMA_ORDER.filter((key) => adopt[key] !== undefined).map((key) => [key, adopt[key]])) as AdoptEntry;
}
