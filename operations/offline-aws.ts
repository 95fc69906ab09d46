/**
 * A stand-in for the few AWS API calls an offline plan cannot do without: a local HTTP server
 * (127.0.0.1, a random port) that the offline plan points the AWS provider's STS, GuardDuty and
 * Security Hub requests at (offline-plan.ts). It is not AWS: it answers exactly the calls the
 * provider makes to assume the stack's role and learn its account, and the reads it makes for the
 * security stack's `data "aws_guardduty_detector"` and its imports of the detectors and the hub,
 * from a small description of what exists in the account (`AwsAccountState`), and nothing else.
 * Any other request gets an error naming it (so an unexpected call fails the plan loudly, never
 * silently), and is kept in `unexpectedRequests`.
 *
 * Served, with the response fields the provider reads (AWS provider 5.100.0: aws-sdk-go-base for
 * STS, internal/service/guardduty/detector*.go, internal/service/securityhub/account.go):
 * - STS AssumeRole (a role of the account only) and GetCallerIdentity (the account), form-encoded
 *   `POST /`: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * - GuardDuty ListDetectors, `GET /detector`:
 *   https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListDetectors.html
 * - GuardDuty GetDetector, `GET /detector/{detectorId}`:
 *   https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html
 * - Security Hub DescribeHub, `GET /accounts?HubArn=…`:
 *   https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html
 * The region of a request is the one its SigV4 credential scope names (each provider
 * configuration signs for its own region), the service the one it names too, so one server
 * serves every service in every region.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { detectiveRegions } from '../config/regions';
import type { AccountConfig, OrganizationConfig } from '../config/schema';

/** What exists in one account, as the stand-in serves it. */
export interface AwsAccountState {
  /** The account's id (12 digits). */
  readonly accountId: string;
  /**
   * Region → the id of the account's one GuardDuty detector there, enabled, with GuardDuty's
   * default finding publishing frequency (SIX_HOURS) and no tags. Other regions have none.
   */
  readonly guardDutyDetectors: Readonly<Record<string, string>>;
  /** The regions where Security Hub is enabled in the account (its hub, `hub/default`). */
  readonly securityHubRegions: readonly string[];
  /**
   * Other accounts whose roles the account's credentials may assume (the bootstrap reaching every
   * account through its access role); GetCallerIdentity with those credentials answers that
   * account. Only STS knows them: the other services answer from this account's state.
   * @default none
   */
  readonly reachableAccounts?: readonly string[];
}

/** An account where the baseline finds nothing of its own yet: no detector, no hub. */
export function freshAccount(accountId: string): AwsAccountState {
  return { accountId, guardDutyDetectors: {}, securityHubRegions: [] };
}

/**
 * What exists in an account before its stack's first apply, the stacks being applied in their
 * order (the management stack first): in organization mode, the security account holds what its
 * designation left (`stateAfterDesignation`); every other account is fresh.
 */
export function stateBeforeFirstApply(org: OrganizationConfig, account: AccountConfig): AwsAccountState {
  return org.mode === 'organization' && account.role === 'security' ? stateAfterDesignation(org, account) : freshAccount(account.id);
}

/**
 * What designating the security account as delegated administrator leaves there (the management
 * stack, applied first): GuardDuty's designation, made in every detective-control region, enables
 * GuardDuty in the account in each (one detector each), and Security Hub's, made in the home
 * region, enables Security Hub there. A detector's id is the one the account's `adopt` gives for
 * its region, else made up (stable for the account and region). See
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html and
 * https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html.
 */
export function stateAfterDesignation(org: OrganizationConfig, securityAccount: AccountConfig): AwsAccountState {
  const regions = detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions);
  const adopted: Readonly<Record<string, string>> = securityAccount.adopt?.guardDutyDetectors ?? {};
  return {
    accountId: securityAccount.id,
    guardDutyDetectors: Object.fromEntries(
      regions.map((region) => [region, adopted[region] ?? madeUpDetectorId(securityAccount.id, region)]),
    ),
    securityHubRegions: [org.homeRegion],
  };
}

/** A GuardDuty detector id (32 lowercase hex digits), the same for the same account and region. */
export function madeUpDetectorId(accountId: string, region: string): string {
  return createHash('sha256').update(`guardduty-detector/${accountId}/${region}`).digest('hex').slice(0, 32);
}

/** The running stand-in. */
export interface OfflineAws {
  /** `http://127.0.0.1:PORT`: the endpoint URL for each served service. */
  readonly endpoint: string;
  /** The AWS service ids to point at `endpoint`: `sts`, `guardduty`, `securityhub`. */
  readonly services: readonly string[];
  /** Every request answered with "not served", as `GET /path (service, region)`, in order. */
  readonly unexpectedRequests: readonly string[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** A reply: HTTP status, content type and body; an error reply also names its AWS error code. */
interface Reply {
  readonly status: number;
  readonly contentType: 'application/json' | 'text/xml';
  readonly body: string;
  readonly errorCode?: string;
}

interface Request {
  readonly region: string;
  /** The access key id the request is signed with. */
  readonly accessKeyId: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** A form-encoded body's fields (query-protocol calls); empty otherwise. */
  readonly form: URLSearchParams;
}

/** One served API call: which service, method and path (or query `Action`), and how it answers from the state. */
interface Operation {
  readonly service: string;
  readonly name: string;
  readonly method: 'GET' | 'POST';
  /** Matches the whole path; its groups are handed to `answer`. */
  readonly path: RegExp;
  /** The `Action` of a query-protocol call (a form-encoded POST to `/`). @default none: matched by path alone */
  readonly action?: string;
  answer(state: AwsAccountState, request: Request, groups: readonly string[]): Reply;
}

/** GuardDuty's default when a detector is created without one (as designation does). */
const DEFAULT_FINDING_PUBLISHING_FREQUENCY = 'SIX_HOURS';
/** A fixed time for the made-up objects, so plans come out the same every run. */
const CREATED_AT = '2024-01-01T00:00:00.000Z';

const OPERATIONS: readonly Operation[] = [
  {
    service: 'sts',
    name: 'GetCallerIdentity',
    method: 'POST',
    path: /^\/$/,
    action: 'GetCallerIdentity',
    answer: (state, { accessKeyId }) => {
      // Credentials of a reached account carry its id (see AssumeRole).
      const account = ASSUMED_IN.exec(accessKeyId)?.[1] ?? state.accountId;
      return xml(
        200,
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
          `<Arn>arn:aws:iam::${account}:user/offline-plan</Arn><UserId>AIDAOFFLINEPLANNING00</UserId>` +
          `<Account>${account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
      );
    },
  },
  {
    service: 'sts',
    name: 'AssumeRole',
    method: 'POST',
    path: /^\/$/,
    action: 'AssumeRole',
    answer: (state, { form }) => {
      const roleArn = form.get('RoleArn') ?? '';
      const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
      if (!role || (role[1] !== state.accountId && !(state.reachableAccounts ?? []).includes(role[1]))) {
        return xmlError(403, 'AccessDenied', `the offline plan is for account ${state.accountId}: cannot assume ${roleArn}`);
      }
      const [, account, roleName] = role;
      const session = form.get('RoleSessionName') ?? 'session';
      const accessKeyId = account === state.accountId ? 'ASIAOFFLINEPLANNING0' : `ASIA${account}OFFL`;
      return xml(
        200,
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>` +
          `<AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>offline-planning-fake-secret-key</SecretAccessKey>` +
          `<SessionToken>offline-planning-fake-session-token</SessionToken><Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration>` +
          `</Credentials><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${roleName}/${session}</Arn>` +
          `<AssumedRoleId>AROAOFFLINEPLANNING0:${session}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
      );
    },
  },
  {
    service: 'guardduty',
    name: 'ListDetectors',
    method: 'GET',
    path: /^\/detector$/,
    answer: (state, { region }) => {
      const id = state.guardDutyDetectors[region];
      return json(200, { detectorIds: id ? [id] : [] });
    },
  },
  {
    service: 'guardduty',
    name: 'GetDetector',
    method: 'GET',
    path: /^\/detector\/([^/]+)$/,
    answer: (state, { region }, [detectorId]) => {
      if (state.guardDutyDetectors[region] !== detectorId) {
        // What GuardDuty says for an id that is not this account's here; the provider reads it as "not found".
        return jsonError(
          400,
          'BadRequestException',
          'The request is rejected because the input detectorId is not owned by the current account.',
        );
      }
      return json(200, {
        createdAt: CREATED_AT,
        updatedAt: CREATED_AT,
        findingPublishingFrequency: DEFAULT_FINDING_PUBLISHING_FREQUENCY,
        serviceRole: `arn:aws:iam::${state.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
        status: 'ENABLED',
        tags: {},
      });
    },
  },
  {
    service: 'securityhub',
    name: 'DescribeHub',
    method: 'GET',
    path: /^\/accounts$/,
    answer: (state, { region, query }) => {
      const hubArn = query.get('HubArn');
      const accountHub = `arn:aws:securityhub:${region}:${state.accountId}:hub/default`;
      if (hubArn !== null && hubArn !== accountHub) {
        return jsonError(404, 'ResourceNotFoundException', `no hub ${hubArn} in account ${state.accountId} (offline stand-in)`);
      }
      if (!state.securityHubRegions.includes(region)) {
        // What Security Hub says where it is not enabled; the provider reads it as "not found".
        return jsonError(401, 'InvalidAccessException', `Account ${state.accountId} is not subscribed to AWS Security Hub`);
      }
      return json(200, {
        HubArn: accountHub,
        SubscribedAt: CREATED_AT,
        AutoEnableControls: true,
        ControlFindingGenerator: 'SECURITY_CONTROL',
      });
    },
  },
];

/** The services the stand-in serves (each gets the same endpoint URL). */
export const OFFLINE_AWS_SERVICES: readonly string[] = [...new Set(OPERATIONS.map((o) => o.service))];

function json(status: number, body: object): Reply {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

function xml(status: number, body: string): Reply {
  return { status, contentType: 'text/xml', body };
}

/** An error of a restJson1 service: the SDK reads the code from x-amzn-ErrorType, the message from the body. */
function jsonError(status: number, errorCode: string, message: string): Reply {
  return { ...json(status, { message, Message: message }), errorCode };
}

/** An error of a query-protocol service (STS). */
function xmlError(status: number, errorCode: string, message: string): Reply {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return xml(
    status,
    `<ErrorResponse><Error><Type>Sender</Type><Code>${errorCode}</Code><Message>${escaped}</Message></Error></ErrorResponse>`,
  );
}

/** `Credential=AKID/20240101/eu-west-1/guardduty/aws4_request` in a SigV4 Authorization header. */
const CREDENTIAL_SCOPE = /Credential=([^/]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;
/** The access key id AssumeRole hands out for a role of a reachable account. */
const ASSUMED_IN = /^ASIA(\d{12})OFFL$/;

/** The operation that answers a request, and the groups its path matched. */
function operationFor(service: string, method: string | undefined, request: Request): [Operation, string[]] | undefined {
  for (const operation of OPERATIONS) {
    if (operation.service !== service || operation.method !== method) continue;
    if (operation.action !== undefined && request.form.get('Action') !== operation.action) continue;
    const match = operation.path.exec(request.path);
    if (match) return [operation, match.slice(1)];
  }
  return undefined;
}

/** Starts the stand-in serving `state`; `close()` it when the plan is done. */
export async function startOfflineAws(state: AwsAccountState): Promise<OfflineAws> {
  const unexpectedRequests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://offline');
      const body = Buffer.concat(chunks).toString('utf8');
      const form = new URLSearchParams(req.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? body : '');
      const scope = CREDENTIAL_SCOPE.exec(req.headers.authorization ?? '');
      const [accessKeyId, region, service] = scope ? [scope[1], scope[2], scope[3]] : ['', '(no region)', '(no SigV4 signature)'];
      const request: Request = { region, accessKeyId, path: url.pathname, query: url.searchParams, form };
      const served = operationFor(service, req.method, request);
      let reply: Reply;
      if (served) {
        reply = served[0].answer(state, request, served[1]);
      } else {
        const action = form.get('Action');
        const described = `${req.method} ${url.pathname}${url.search}${action ? ` Action=${action}` : ''} (${service}, ${region})`;
        unexpectedRequests.push(described);
        const message =
          `the offline stand-in for AWS (operations/offline-aws.ts) does not serve ${described}; ` +
          `it serves ${OPERATIONS.map((o) => `${o.service} ${o.name}`).join(', ')}`;
        reply = service === 'sts' ? xmlError(400, 'NotServedOffline', message) : jsonError(400, 'NotServedOffline', message);
      }
      res.writeHead(reply.status, {
        'content-type': reply.contentType,
        'content-length': Buffer.byteLength(reply.body),
        ...(reply.errorCode ? { 'x-amzn-errortype': reply.errorCode } : {}),
      });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    services: OFFLINE_AWS_SERVICES,
    unexpectedRequests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
