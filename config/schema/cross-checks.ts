/**
 * The rules that span several fields, which `crossCheckOrganization` (organization.ts) runs. They
 * read the raw input defensively: it has not passed the schema yet.
 */
import type { ConfigRuleKey } from '../../modules/catalogs/config-rules';
import { effectiveRemediationMode, REMEDIATIONS } from '../../modules/catalogs/remediations';
import { SECURITY_HUB_REMEDIATIONS } from '../../modules/catalogs/security-hub-remediations';
import { standardsContaining } from '../../modules/catalogs/security-hub-controls';
import { DEFAULT_SECURITY_HUB_STANDARDS, SECURITY_HUB_STANDARDS, type SecurityHubStandard } from '../../modules/catalogs/threat-detection';
import { s3BucketNameReservation } from '../name-limits';
import { formatPath, listOf } from '../problem-text';
import { didYouMean } from '../suggestions';
import { detectiveRegions } from '../regions';

/** A problem found by a rule that spans several fields. */
export interface CrossFieldIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Entries that repeat an earlier one; `sameness` says what makes two the same (undefined: not comparable). */
export function duplicateEntries(
  values: readonly unknown[],
  sameness: (value: unknown) => string | undefined,
  pathOf: (index: number) => (string | number)[],
): CrossFieldIssue[] {
  const firstSeen = new Map<string, number>();
  return values.flatMap((value, index) => {
    const key = sameness(value);
    if (key === undefined) return [];
    const first = firstSeen.get(key);
    if (first === undefined) {
      firstSeen.set(key, index);
      return [];
    }
    return [{ path: pathOf(index), message: `must be unique: ${formatPath(pathOf(first))} has the same value` }];
  });
}

/** Names listed in a message: an organization may have a thousand accounts, and a misspelt name's neighbours must show. */
const NAMES_LISTED = 30;

/**
 * Names for an error message: all of them up to 30, else the 30 closest to `near` (the name that
 * was given) and how many more.
 */
export function someOf(values: readonly unknown[], near?: unknown): string {
  return listOf(values, { near, limit: NAMES_LISTED });
}

/** `accounts: a, b, c; did you mean "b"?`: the names a given one should have been, for a message. */
export function namesHint(name: unknown, names: readonly unknown[], label = 'accounts'): string {
  const known = names.filter((n): n is string => typeof n === 'string');
  return `${label}: ${someOf(names, name) || '(none)'}${typeof name === 'string' ? didYouMean(name, known) : ''}`;
}

/** The list at `record[key]`, or none. */
export function listAt(record: Record<string, unknown>, key: string): unknown[] {
  return Array.isArray(record[key]) ? (record[key] as unknown[]) : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function disabledControlKey(control: unknown): string | undefined {
  return isRecord(control) && typeof control.controlId === 'string' ? control.controlId : undefined;
}

/** The schema checks the state bucket's length and characters; S3 also reserves some forms. */
export function reservedStateBucketName(org: Record<string, unknown>): CrossFieldIssue[] {
  const backend = isRecord(org.stateBackend) ? org.stateBackend : {};
  const reservation = backend.type === 's3' && typeof backend.bucket === 'string' ? s3BucketNameReservation(backend.bucket) : undefined;
  return reservation
    ? [{ path: ['stateBackend', 'bucket'], message: `is not a bucket name S3 accepts (${reservation}); choose another bucket` }]
    : [];
}

/** A host name, optionally with a port: what Terraform's `cloud` block takes, not a URL. */
const HOST_NAME = /^(?=[^:]{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;

/** The schema takes any text as the Terraform Cloud host; a pasted URL would fail every run. */
export function cloudHostnameThatIsNotAHost(org: Record<string, unknown>): CrossFieldIssue[] {
  const backend = isRecord(org.stateBackend) ? org.stateBackend : {};
  if (backend.type !== 'cloud' || typeof backend.hostname !== 'string' || HOST_NAME.test(backend.hostname)) return [];
  return [
    {
      path: ['stateBackend', 'hostname'],
      message: 'must be a host name such as app.terraform.io or tfe.example.com:8443, without https:// or a path',
    },
  ];
}

/** A remediation that is not off needs every rule it remediates. */
export function remediationsWithoutTheirRules(org: Record<string, unknown>): CrossFieldIssue[] {
  const awsConfig = isRecord(org.awsConfig) ? org.awsConfig : {};
  const rules = isRecord(awsConfig.rules) ? awsConfig.rules : {};
  const modes = isRecord(awsConfig.remediations) ? awsConfig.remediations : {};
  return REMEDIATIONS.flatMap((remediation) => {
    const mode = effectiveRemediationMode(remediation, modes);
    const disabledRules = remediation.rules.filter((rule: ConfigRuleKey) => rules[rule] === false);
    if (mode === 'off' || disabledRules.length === 0) return [];
    return [
      {
        path: ['awsConfig', 'remediations', remediation.key],
        message:
          `cannot be ${String(mode)}: it remediates ${disabledRules.map((r) => `awsConfig.rules.${r}`).join(', ')}, which ` +
          `${disabledRules.length === 1 ? 'is' : 'are'} switched off; enable the rule or set this remediation to off`,
      },
    ];
  });
}

/** A team channel names accounts of the organization file, each in one route at most. */
export function notifierRouteIssues(org: Record<string, unknown>, accounts: Record<string, unknown>[]): CrossFieldIssue[] {
  const notifications = isRecord(org.notifications) ? org.notifications : {};
  const slack = isRecord(notifications.slack) ? notifications.slack : {};
  const notifier = isRecord(slack.notifier) ? slack.notifier : {};
  const names = accounts.map((a) => a.name);
  const routed = new Set<unknown>();
  return listAt(notifier, 'routes').flatMap((route, r) =>
    listAt(isRecord(route) ? route : {}, 'accounts').flatMap((name, i) => {
      const path = ['notifications', 'slack', 'notifier', 'routes', r, 'accounts', i];
      if (!names.includes(name)) return [{ path, message: `is not an account name; ${namesHint(name, names)}` }];
      if (routed.has(name))
        return [{ path, message: 'is already routed to another team channel: an account has one team channel at most' }];
      routed.add(name);
      return [];
    }),
  );
}

/**
 * A control remediated from Security Hub starts its baseline remediation, which must therefore not
 * be off, and not automatic in both places.
 */
export function securityHubActionsWithoutRemediation(org: Record<string, unknown>): CrossFieldIssue[] {
  const awsConfig = isRecord(org.awsConfig) ? org.awsConfig : {};
  const modes = isRecord(awsConfig.remediations) ? awsConfig.remediations : {};
  const hub = isRecord(org.securityHub) ? org.securityHub : {};
  const remediation = isRecord(hub.remediation) ? hub.remediation : {};
  const controls = isRecord(remediation.controls) ? remediation.controls : {};
  return SECURITY_HUB_REMEDIATIONS.flatMap((spec) => {
    const mode = controls[spec.controlId];
    const baseline = effectiveRemediationMode(
      REMEDIATIONS.find((r) => r.key === spec.remediationKey)!,
      modes,
    );
    const path = ['securityHub', 'remediation', 'controls', spec.controlId];
    if (mode !== undefined && mode !== 'off' && baseline === 'off') {
      const message = `cannot be ${String(mode)}: it starts the baseline remediation awsConfig.remediations.${spec.remediationKey}, which is off; set that to manual or automatic, or this control to off`;
      return [{ path, message }];
    }
    // Config would start it and Security Hub would start it again, which Config refuses while the first runs.
    if (mode === 'automatic' && baseline === 'automatic') {
      const message = `cannot be automatic: awsConfig.remediations.${spec.remediationKey} already runs automatically in Config; set this control to manual (or that remediation to manual)`;
      return [{ path, message }];
    }
    return [];
  });
}

/**
 * With consolidated control findings a control is evaluated while it is enabled in any subscribed
 * standard: disabling it in some of them only does nothing. So a disabled control is disabled in
 * every subscribed standard that contains it; naming standards explicitly may not leave one out.
 */
export function halfDisabledControls(org: Record<string, unknown>): CrossFieldIssue[] {
  const hub = isRecord(org.securityHub) ? org.securityHub : {};
  const subscribed = (Array.isArray(hub.standards) ? hub.standards : DEFAULT_SECURITY_HUB_STANDARDS).filter((s): s is SecurityHubStandard =>
    (SECURITY_HUB_STANDARDS as readonly unknown[]).includes(s),
  );
  const disabled = Array.isArray(hub.disabledControls) ? hub.disabledControls : [];
  return disabled.flatMap((control, index): CrossFieldIssue[] => {
    if (!isRecord(control) || typeof control.controlId !== 'string') return [];
    const at = (...rest: (string | number)[]) => ['securityHub', 'disabledControls', index, ...rest];
    const containing = standardsContaining(control.controlId, subscribed);
    if (!Array.isArray(control.standards)) {
      return containing.length > 0
        ? []
        : [
            {
              path: at('controlId'),
              message:
                `is in none of the subscribed standards (${subscribed.join(', ')}) as far as the baseline's control table knows; ` +
                'if AWS added it since, name the standards under "standards"',
            },
          ];
    }
    const named: unknown[] = control.standards;
    return [
      ...named.flatMap((standard, i) =>
        typeof standard === 'string' && !subscribed.includes(standard as SecurityHubStandard)
          ? [{ path: at('standards', i), message: `is not a subscribed standard; subscribed: ${subscribed.join(', ')}` }]
          : [],
      ),
      ...containing
        .filter((standard) => !named.includes(standard))
        .map((standard) => ({
          path: at('standards'),
          message: `leaves ${control.controlId} enabled in ${standard}, which contains it: a control is evaluated while any subscribed standard enables it; add ${standard} or leave "standards" out`,
        })),
    ];
  });
}

/**
 * What `accounts[].adopt` may name: regions where the stack deploys the service, each once; no
 * import of a service the account leaves to a delegated administrator; only subscribed standards;
 * the account's own aggregator in the home region.
 */
export function adoptionIssues(org: Record<string, unknown>, accounts: Record<string, unknown>[]): CrossFieldIssue[] {
  const { homeRegion, regions, detectiveControlRegions: mode } = org;
  if (typeof homeRegion !== 'string' || !Array.isArray(regions)) return [];
  const covered = detectiveRegions(homeRegion, regions, mode === 'all-default-enabled' ? mode : 'enabled');
  const hub = isRecord(org.securityHub) ? org.securityHub : {};
  const subscribed: readonly unknown[] = Array.isArray(hub.standards) ? hub.standards : DEFAULT_SECURITY_HUB_STANDARDS;
  const outside = (path: (string | number)[], region: unknown): CrossFieldIssue[] =>
    typeof region === 'string' && !covered.includes(region)
      ? [{ path, message: `is not a region this stack deploys detective controls to: ${covered.join(', ')}` }]
      : [];
  return accounts.flatMap((account, index) => {
    const adopt = isRecord(account.adopt) ? account.adopt : {};
    const at = (...rest: (string | number)[]) => ['accounts', index, 'adopt', ...rest];
    const recorder = isRecord(adopt.configRecorder) ? adopt.configRecorder : {};
    const recorderRegions = listAt(recorder, 'regions');
    const hubRegions = listAt(adopt, 'securityHub');
    const hubStandards = listAt(adopt, 'securityHubStandards');
    const detectors = Object.keys(isRecord(adopt.guardDutyDetectors) ? adopt.guardDutyDetectors : {});
    const aggregator = adopt.securityHubFindingAggregatorArn;
    const conflict = (field: string, managedBy: string): CrossFieldIssue => ({
      path: at(field),
      message: `cannot be adopted while ${managedBy} is true: the delegated administrator manages it, so this stack creates and imports none of it`,
    });
    return [
      ...recorderRegions.flatMap((r, i) => outside(at('configRecorder', 'regions', i), r)),
      ...hubRegions.flatMap((r, i) => outside(at('securityHub', i), r)),
      ...['guardDutyDetectors', 'accessAnalyzers'].flatMap((service) =>
        Object.keys(isRecord(adopt[service]) ? (adopt[service] as object) : {}).flatMap((r) => outside(at(service, r), r)),
      ),
      ...duplicateEntries(recorderRegions, asString, (i) => at('configRecorder', 'regions', i)),
      ...duplicateEntries(hubRegions, asString, (i) => at('securityHub', i)),
      ...duplicateEntries(hubStandards, asString, (i) => at('securityHubStandards', i)),
      ...hubStandards.flatMap((standard, i) =>
        typeof standard === 'string' && !subscribed.includes(standard)
          ? [{ path: at('securityHubStandards', i), message: `is not a subscribed standard; subscribed: ${subscribed.join(', ')}` }]
          : [],
      ),
      ...(hubStandards.length > 0 && hubRegions.length === 0
        ? [{ path: at('securityHubStandards'), message: 'imports subscriptions of adopted hubs: list the regions under securityHub too' }]
        : []),
      ...(typeof aggregator === 'string' && !aggregator.startsWith(`arn:aws:securityhub:${homeRegion}:${String(account.id)}:`)
        ? [
            {
              path: at('securityHubFindingAggregatorArn'),
              message: `must be this account's aggregator in the home region: arn:aws:securityhub:${homeRegion}:${String(account.id)}:finding-aggregator/<uuid>`,
            },
          ]
        : []),
      ...(adopt.guardDutyManagedByAdministrator === true && detectors.length > 0
        ? [conflict('guardDutyDetectors', 'guardDutyManagedByAdministrator')]
        : []),
      ...(adopt.securityHubManagedByAdministrator === true
        ? (['securityHub', 'securityHubStandards', 'securityHubFindingAggregatorArn'] as const)
            .filter((field) => (Array.isArray(adopt[field]) ? (adopt[field] as unknown[]).length > 0 : adopt[field] !== undefined))
            .map((field) => conflict(field, 'securityHubManagedByAdministrator'))
        : []),
    ];
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
