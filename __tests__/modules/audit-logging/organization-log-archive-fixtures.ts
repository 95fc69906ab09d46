/** The example log archive the OrganizationLogArchive tests share. */
import { OrganizationLogArchive, type OrganizationLogArchiveProps } from '../../../modules/audit-logging/organization-log-archive';
import { constructTestStack, synthStack } from '../../helpers/synth';

export const LOG_ARCHIVE = '111111111111';
export const MANAGEMENT = '222222222222';
export const SECURITY = '333333333333';
export const MEMBER = '444444444444';
export const ORG_ID = 'o-a1b2c3d4e5';
export const REGION = 'eu-west-1';
export const ORG_TRAIL = `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/acme-org-trail`;
export const accountTrailOf = (accountId: string) => `arn:aws:cloudtrail:${REGION}:${accountId}:trail/acme-audit-trail`;
export const MEMBERS = [LOG_ARCHIVE, MANAGEMENT, SECURITY, MEMBER];

export const NAMES = {
  trailBucket: `acme-org-cloudtrail-${LOG_ARCHIVE}-${REGION}`,
  configBucket: `acme-org-config-${LOG_ARCHIVE}-${REGION}`,
  accessLogBucket: `acme-org-access-logs-${LOG_ARCHIVE}-${REGION}`,
  trailKeyAlias: 'alias/acme-org-trail',
};

/** The example organization's log archive: every account keeps an account trail and records Config. */
export function exampleProps(overrides: Partial<OrganizationLogArchiveProps> = {}): OrganizationLogArchiveProps {
  return {
    accountId: LOG_ARCHIVE,
    organizationId: ORG_ID,
    managementAccountId: MANAGEMENT,
    organizationTrailArn: ORG_TRAIL,
    accountTrails: Object.fromEntries(MEMBERS.map((id) => [id, accountTrailOf(id)])),
    configAccountIds: MEMBERS,
    readerAccountIds: [SECURITY, MANAGEMENT],
    names: NAMES,
    ...overrides,
  };
}

export function synthLogArchive(props: OrganizationLogArchiveProps = exampleProps()) {
  const stack = constructTestStack();
  const archive = new OrganizationLogArchive(stack, 'log-archive', props);
  return { archive, json: synthStack(stack) };
}
