/**
 * The organization file's schema, split by section: organization.ts (the root object and the
 * cross-field checks), accounts.ts, notifications.ts, state-backend.ts, logging.ts, services.ts,
 * cross-checks.ts, common.ts. What the rest of the code uses is exported from here.
 */
export { AWS_REGIONS } from '../regions';
export { ACCOUNT_ROLES } from './accounts';
export { MODES, type Mode } from './organization-mode';
export type { CrossFieldIssue } from './cross-checks';
export { LOG_RETENTION_DAYS } from './logging';
export {
  type AccountConfig,
  type AwsConfigSettings,
  crossCheckOrganization,
  type GuardDutySettings,
  type HardeningSettings,
  type OrganizationConfig,
  organizationSchema,
  type SecurityHubSettings,
  type StateBackendConfig,
} from './organization';
export type { ConfigRuleKey } from '../../modules/catalogs/config-rules';
export type { RemediationKey } from '../../modules/catalogs/remediations';
