/**
 * Reading what `scripts/discover-collect.sh` recorded: the AWS CLI's JSON output of each call (or the
 * message of a call that failed, in `<name>.error`), checked against the shapes of the AWS API
 * reference. Anything missing or malformed is a DiscoveryInputError naming the file: discover then
 * writes nothing. The layout (docs/discovery.md):
 *
 *   DIR/collection.json                       regions read, roles used (written last)
 *   DIR/organization/<command>.json           describe-organization, list-accounts, list-roots, …
 *   DIR/accounts/<id>/assume-role.error       the account could not be entered
 *   DIR/accounts/<id>/<command>.json|.error   iam-get-role-AWSServiceRoleForConfig
 *   DIR/accounts/<id>/<region>/<command>.json|.error
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { displayPath } from '../../config/config-file';

/** DIR cannot be used: a file is missing or is not what the AWS CLI prints. */
export class DiscoveryInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryInputError';
  }
}

/** What one call said: found (the parsed answer), absent (the service is off, or it was not called), or unreadable. */
export type Reading<T> =
  | { readonly state: 'found'; readonly value: T }
  | { readonly state: 'absent' }
  | { readonly state: 'unreadable'; readonly file: string; readonly message: string };

/** One region of one account, as recorded. */
export interface RecordedRegion {
  /** Names of the customer-managed Config recorders (service-linked ones belong to other services). */
  readonly recorderNames: Reading<readonly string[]>;
  readonly deliveryChannelNames: Reading<readonly string[]>;
  readonly detectorIds: Reading<readonly string[]>;
  /** The GuardDuty administrator's account id, when one manages this detector. */
  readonly guardDutyAdministrator: Reading<string | undefined>;
  /** Absent where Security Hub is off. */
  readonly securityHub: Reading<true>;
  /** The Security Hub administrator's account id, when one manages this hub. */
  readonly securityHubAdministrator: Reading<string | undefined>;
  /** Subscribed standards, as `aws-foundational-security-best-practices/v/1.0.0`. */
  readonly subscribedStandards: Reading<readonly string[]>;
  readonly findingAggregatorArns: Reading<readonly string[]>;
  /** Analyzers by type (ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, …), each type's names. */
  readonly analyzers: Reading<readonly { readonly name: string; readonly type: string }[]>;
}

export interface RecordedAccount {
  readonly id: string;
  /** The name in AWS Organizations (any text: not yet an organization-file name). */
  readonly name: string;
  /** What was read in it, or why nothing could be (the role could not be assumed). */
  readonly contents:
    | {
        readonly readable: true;
        readonly configServiceLinkedRole: Reading<true>;
        readonly regions: ReadonlyMap<string, RecordedRegion>;
      }
    | { readonly readable: false; readonly file: string; readonly message: string };
}

export interface RecordedOrganization {
  /** DIR, as given. */
  readonly directory: string;
  readonly organizationId: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  /** Service principals with trusted access (undefined when that call failed). */
  readonly trustedServices: readonly string[] | undefined;
  /** The regions read in every account, in the order given to the collection. */
  readonly regions: readonly string[];
  /** The ACTIVE accounts, sorted by id. */
  readonly accounts: readonly RecordedAccount[];
  /** Accounts that are not ACTIVE (suspended, closing): not read. */
  readonly inactiveAccounts: readonly { readonly id: string; readonly name: string; readonly state: string }[];
}

// Shapes of the AWS CLI's output (API reference response syntax); fields not used are allowed and ignored.
const collectionShape = z.object({ regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/)).min(1) }).passthrough();
const describeOrganizationShape = z
  .object({
    Organization: z.object({ Id: z.string().regex(/^o-[a-z0-9]{10,32}$/), MasterAccountId: z.string().regex(/^\d{12}$/) }).passthrough(),
  })
  .passthrough();
const listAccountsShape = z
  .object({
    Accounts: z.array(
      z
        .object({
          Id: z.string().regex(/^\d{12}$/),
          Name: z.string(),
          // `State` replaces `Status`, which AWS retires in September 2026.
          Status: z.string().optional(),
          State: z.string().optional(),
        })
        .passthrough(),
    ),
  })
  .passthrough();
const listRootsShape = z
  .object({ Roots: z.array(z.object({ Id: z.string().regex(/^r-[0-9a-z]{4,32}$/) }).passthrough()).length(1) })
  .passthrough();
const serviceAccessShape = z
  .object({ EnabledServicePrincipals: z.array(z.object({ ServicePrincipal: z.string() }).passthrough()) })
  .passthrough();
const recordersShape = z
  .object({
    ConfigurationRecorders: z.array(z.object({ name: z.string(), servicePrincipal: z.string().optional() }).passthrough()),
  })
  .passthrough();
const channelsShape = z.object({ DeliveryChannels: z.array(z.object({ name: z.string() }).passthrough()) }).passthrough();
const detectorsShape = z.object({ DetectorIds: z.array(z.string()) }).passthrough();
const administratorShape = z.object({ Administrator: z.object({ AccountId: z.string() }).passthrough().optional() }).passthrough();
const hubShape = z.object({ HubArn: z.string() }).passthrough();
const standardsShape = z
  .object({
    StandardsSubscriptions: z.array(
      z.object({ StandardsSubscriptionArn: z.string().regex(/:subscription\/.+$/), StandardsStatus: z.string() }).passthrough(),
    ),
  })
  .passthrough();
const aggregatorsShape = z
  .object({ FindingAggregators: z.array(z.object({ FindingAggregatorArn: z.string() }).passthrough()) })
  .passthrough();
const analyzersShape = z.object({ analyzers: z.array(z.object({ name: z.string(), type: z.string() }).passthrough()) }).passthrough();
const roleShape = z.object({ Role: z.object({ RoleName: z.string() }).passthrough() }).passthrough();

/** The error codes that mean "not there" rather than "could not read", per recorded call. */
const ABSENT_WHEN: Readonly<Record<string, readonly string[]>> = {
  // IAM: the role does not exist.
  'iam-get-role-AWSServiceRoleForConfig': ['NoSuchEntity'],
  // Security Hub: "Account … is not subscribed to AWS Security Hub".
  'securityhub-describe-hub': ['InvalidAccessException'],
};

/** A subscription that is being removed, or whose subscribing failed, is not one to import. */
const LIVE_STANDARD_STATES = ['PENDING', 'READY', 'INCOMPLETE'];

/** Reads DIR; throws DiscoveryInputError naming the first file that is missing or malformed. */
export function readCollectedFiles(directory: string): RecordedOrganization {
  const collectionFile = path.join(directory, 'collection.json');
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new DiscoveryInputError(
      `${displayPath(directory)} is not a directory: give --from the directory scripts/discover-collect.sh wrote`,
    );
  }
  if (!fs.existsSync(collectionFile)) {
    throw new DiscoveryInputError(
      `${displayPath(collectionFile)} is missing: the collection did not finish (it writes this file last); run scripts/discover-collect.sh again into an empty directory`,
    );
  }
  const { regions } = parseFile(collectionFile, collectionShape);
  const organizationFile = (name: string) => path.join(directory, 'organization', `${name}.json`);
  const organization = parseFile(organizationFile('describe-organization'), describeOrganizationShape).Organization;
  const listed = parseFile(organizationFile('list-accounts'), listAccountsShape).Accounts;
  const root = parseFile(organizationFile('list-roots'), listRootsShape).Roots[0];
  const serviceAccessFile = organizationFile('list-aws-service-access-for-organization');
  const trustedServices = fs.existsSync(serviceAccessFile)
    ? parseFile(serviceAccessFile, serviceAccessShape).EnabledServicePrincipals.map((p) => p.ServicePrincipal)
    : undefined;

  const stateOf = (account: { State?: string; Status?: string }) => account.State ?? account.Status ?? 'UNKNOWN';
  const byId = [...listed].sort((a, b) => a.Id.localeCompare(b.Id));
  const active = byId.filter((a) => stateOf(a) === 'ACTIVE');
  return {
    directory,
    organizationId: organization.Id,
    rootId: root.Id,
    managementAccountId: organization.MasterAccountId,
    trustedServices,
    regions,
    accounts: active.map((account) => ({
      id: account.Id,
      name: account.Name,
      contents: readAccount(path.join(directory, 'accounts', account.Id), regions),
    })),
    inactiveAccounts: byId.filter((a) => stateOf(a) !== 'ACTIVE').map((a) => ({ id: a.Id, name: a.Name, state: stateOf(a) })),
  };
}

function readAccount(directory: string, regions: readonly string[]): RecordedAccount['contents'] {
  if (!fs.existsSync(directory)) {
    throw new DiscoveryInputError(
      `${displayPath(directory)} is missing: no data was recorded for this ACTIVE account; run the collection again`,
    );
  }
  const assumeRoleError = path.join(directory, 'assume-role.error');
  if (fs.existsSync(assumeRoleError)) return { readable: false, file: displayPath(assumeRoleError), message: errorText(assumeRoleError) };
  const read = (region: string) => {
    const here = path.join(directory, region);
    if (!fs.existsSync(here))
      throw new DiscoveryInputError(`${displayPath(here)} is missing: the collection read no data in ${region} for this account`);
    const recorded = <S extends z.ZodTypeAny, T>(name: string, shape: S, pick: (value: z.output<S>) => T) =>
      reading(here, name, shape, pick, 'required');
    const ifCalled = <S extends z.ZodTypeAny, T>(name: string, shape: S, pick: (value: z.output<S>) => T) =>
      reading(here, name, shape, pick, 'optional');
    const recordedRegion: RecordedRegion = {
      recorderNames: recorded('configservice-describe-configuration-recorders', recordersShape, (v) =>
        v.ConfigurationRecorders.filter((r) => r.servicePrincipal === undefined).map((r) => r.name),
      ),
      deliveryChannelNames: recorded('configservice-describe-delivery-channels', channelsShape, (v) =>
        v.DeliveryChannels.map((c) => c.name),
      ),
      detectorIds: recorded('guardduty-list-detectors', detectorsShape, (v) => v.DetectorIds),
      guardDutyAdministrator: ifCalled('guardduty-get-administrator-account', administratorShape, (v) => v.Administrator?.AccountId),
      securityHub: recorded('securityhub-describe-hub', hubShape, () => true as const),
      securityHubAdministrator: ifCalled('securityhub-get-administrator-account', administratorShape, (v) => v.Administrator?.AccountId),
      subscribedStandards: ifCalled('securityhub-get-enabled-standards', standardsShape, (v) =>
        v.StandardsSubscriptions.filter((s) => LIVE_STANDARD_STATES.includes(s.StandardsStatus)).map(
          (s) => s.StandardsSubscriptionArn.split(':subscription/')[1],
        ),
      ),
      findingAggregatorArns: ifCalled('securityhub-list-finding-aggregators', aggregatorsShape, (v) =>
        v.FindingAggregators.map((a) => a.FindingAggregatorArn),
      ),
      analyzers: recorded('accessanalyzer-list-analyzers', analyzersShape, (v) => v.analyzers.map(({ name, type }) => ({ name, type }))),
    };
    return recordedRegion;
  };
  return {
    readable: true,
    configServiceLinkedRole: reading(directory, 'iam-get-role-AWSServiceRoleForConfig', roleShape, () => true as const, 'required'),
    regions: new Map(regions.map((region) => [region, read(region)])),
  };
}

/** One call's outcome: NAME.json parsed, NAME.error classified, or (for a call made only sometimes) absent. */
function reading<S extends z.ZodTypeAny, T>(
  directory: string,
  name: string,
  shape: S,
  pick: (value: z.output<S>) => T,
  presence: 'required' | 'optional',
): Reading<T> {
  const json = path.join(directory, `${name}.json`);
  const error = path.join(directory, `${name}.error`);
  if (fs.existsSync(json)) return { state: 'found', value: pick(parseFile(json, shape)) };
  if (fs.existsSync(error)) {
    const message = errorText(error);
    const code = /An error occurred \(([\w.]+)\)/.exec(message)?.[1];
    return code !== undefined && (ABSENT_WHEN[name] ?? []).includes(code)
      ? { state: 'absent' }
      : { state: 'unreadable', file: displayPath(error), message };
  }
  if (presence === 'optional') return { state: 'absent' };
  throw new DiscoveryInputError(
    `${displayPath(json)} is missing (and there is no ${name}.error): the collection is incomplete; run it again`,
  );
}

function parseFile<S extends z.ZodTypeAny>(file: string, shape: S): z.output<S> {
  if (!fs.existsSync(file)) throw new DiscoveryInputError(`${displayPath(file)} is missing: the collection is incomplete; run it again`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DiscoveryInputError(`${displayPath(file)} is not JSON (${(error as Error).message}): it must be the AWS CLI's --output json`);
  }
  const parsed = shape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : '(the whole file)';
    throw new DiscoveryInputError(`${displayPath(file)}: ${where}: ${issue.message}; it is not what the AWS CLI prints for this call`);
  }
  return parsed.data;
}

/** The CLI's message, on one line, without the blank line it starts with. */
function errorText(file: string): string {
  return (
    fs
      .readFileSync(file, 'utf8')
      .trim()
      .split(/\s*\n\s*/)
      .join(' ') || '(no message)'
  );
}
