import { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import { TerraformStack, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { BASELINE_SERVICE_PRINCIPALS } from './delegated-administrators';

/**
 * Opt-in management of the organization resource. Both lists are AUTHORITATIVE: Terraform switches
 * off every principal and policy type that is not in them.
 */
export interface ManagedOrganization {
  /**
   * Service principals with trusted access today that the baseline does not need and that must stay
   * on (`aws organizations list-aws-service-access-for-organization`): `sso.amazonaws.com`,
   * `controltower.amazonaws.com`, `member.org.stacksets.cloudformation.amazonaws.com`, … Left out,
   * they are switched off.
   */
  readonly keepPrincipals: readonly string[];
  /**
   * Exactly the policy types enabled today (`aws organizations list-roots`), such as
   * `SERVICE_CONTROL_POLICY`. Left out, a type is disabled and its policies detached.
   */
  readonly enabledPolicyTypes: readonly string[];
}

export interface TrustedAccessProps {
  /** The organization id (`o-…`): checked against the organization read, and the import id when managed. */
  readonly organizationId: string;
  /** The organization's root id (`r-…`), checked against the organization read. @default not checked */
  readonly rootId?: string;
  /** A provider of the management account (only it can list trusted access). @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
  /** @default BASELINE_SERVICE_PRINCIPALS */
  readonly requiredPrincipals?: readonly string[];
  /**
   * Manage `aws_organizations_organization` (imported, protected from destroy) with all features,
   * the required principals plus `keepPrincipals`, and `enabledPolicyTypes`. Never with Control
   * Tower, which manages the list itself. @default not managed: trusted access is a prerequisite
   * that a Terraform check verifies
   */
  readonly manage?: ManagedOrganization;
  /**
   * Whether AWS Control Tower governs the organization (as configured). The check warns when the
   * organization says otherwise: the baseline would then duplicate, or miss, Control Tower's
   * organization trail and Config recorders. @default false
   */
  readonly controlTower?: boolean;
  /** Name of the Terraform `check` block (and of its scoped data source); unique in the stack. @default 'organization_trusted_access' */
  readonly checkName?: string;
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]{0,126}\.amazonaws\.com$/;

/**
 * Trusted access for the services the organization baseline uses.
 *
 * By default it manages nothing: `aws_organizations_organization` holds the organization's
 * AUTHORITATIVE list of trusted principals and policy types, and an incomplete list switches off
 * whatever it leaves out (IAM Identity Center sign-in, Control Tower, SCPs). It adds a Terraform
 * `check` block (Terraform ≥ 1.5) that reads the organization and asserts that it is the configured
 * one, has all features on and has trusted access for every required principal; a failed assertion
 * is a warning naming the missing principals and the command that turns each on. (cdktf 0.21 has no
 * construct for `check`: the block is written as a stack override in Terraform JSON syntax.)
 *
 * With `manage` it imports and manages the organization instead (see ManagedOrganization); the
 * check then verifies the result after each apply.
 */
export class TrustedAccess extends Construct {
  /** The principals the check requires, sorted. */
  readonly requiredPrincipals: readonly string[];
  /** One `aws organizations enable-aws-service-access` command per required principal (for docs). */
  readonly enableCommands: readonly string[];
  readonly checkName: string;
  /** Only with `manage`: the organization resource. Registrations that need trusted access depend on it. */
  readonly organization?: OrganizationsOrganization;
  /** Only with `manage`: the complete, sorted `aws_service_access_principals`. */
  readonly servicePrincipals?: readonly string[];

  constructor(scope: Construct, id: string, props: TrustedAccessProps) {
    super(scope, id);
    if (!/^o-[a-z0-9]{10,32}$/.test(props.organizationId))
      throw new Error(`TrustedAccess: "${props.organizationId}" is not an organization id (o-…)`);
    if (props.rootId !== undefined && !/^r-[0-9a-z]{4,32}$/.test(props.rootId))
      throw new Error(`TrustedAccess: "${props.rootId}" is not a root id (r-…)`);
    this.requiredPrincipals = checkedPrincipals('requiredPrincipals', props.requiredPrincipals ?? BASELINE_SERVICE_PRINCIPALS);
    this.enableCommands = this.requiredPrincipals.map(enableCommand);
    this.checkName = props.checkName ?? 'organization_trusted_access';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.checkName))
      throw new Error(`TrustedAccess: check name "${this.checkName}" must be a lowercase Terraform identifier`);

    if (props.manage) {
      const keep = checkedPrincipals('manage.keepPrincipals', props.manage.keepPrincipals);
      this.servicePrincipals = [...new Set([...this.requiredPrincipals, ...keep])].sort();
      this.organization = new OrganizationsOrganization(this, 'organization', {
        provider: props.provider,
        featureSet: 'ALL',
        awsServiceAccessPrincipals: [...this.servicePrincipals],
        enabledPolicyTypes: [...props.manage.enabledPolicyTypes],
        // Destroying it would try to delete the organization itself.
        lifecycle: { preventDestroy: true },
      });
      this.organization.importFrom(props.organizationId, props.provider);
    }

    const stack = TerraformStack.of(this);
    const names = checkNamesIn.get(stack) ?? new Set<string>();
    if (names.has(this.checkName)) throw new Error(`TrustedAccess: a check named ${this.checkName} is already in the stack`);
    checkNamesIn.set(stack, names.add(this.checkName));
    stack.addOverride(`check.${this.checkName}`, this.checkBlock(props));
  }

  /** The `check` block in Terraform JSON syntax: a scoped data source and one assertion per requirement. */
  private checkBlock(props: TrustedAccessProps): object {
    const org = `data.aws_organizations_organization.${this.checkName}`;
    // Only the management account reads principals and roots: elsewhere they are empty (or null).
    const principals = `${org}.aws_service_access_principals == null ? [] : ${org}.aws_service_access_principals`;
    const missing = `sort(setsubtract(${JSON.stringify(this.requiredPrincipals)}, ${principals}))`;
    const root = `try(${org}.roots[0].id, "(none)")`;
    const assert = [
      {
        condition: `\${${org}.id == ${JSON.stringify(props.organizationId)}}`,
        error_message: `The management account belongs to organization \${${org}.id}, not ${props.organizationId}: correct the configured organization id.`,
      },
      ...(props.rootId
        ? [
            {
              condition: `\${${root} == ${JSON.stringify(props.rootId)}}`,
              error_message: `The organization's root is \${${root}}, not ${props.rootId}: correct the configured root id.`,
            },
          ]
        : []),
      {
        condition: `\${${org}.feature_set == "ALL"}`,
        error_message:
          `The organization has feature set \${${org}.feature_set}: delegated administrators and the organization trail need all features. ` +
          'From the management account run: aws organizations enable-all-features (every member account must then accept the handshake).',
      },
      {
        condition: `\${length(${missing}) == 0}`,
        error_message:
          `Trusted access is off for: \${join(", ", ${missing})}. The baseline does not manage the organization's (authoritative) list; ` +
          `turn each on once from the management account:\n\${join("\\n", formatlist("aws organizations enable-aws-service-access --service-principal %s", ${missing}))}`,
      },
      // Control Tower owns an organization trail, its bucket and enrolled accounts' Config recorders.
      props.controlTower
        ? {
            condition: `\${contains(${principals}, "controltower.amazonaws.com")}`,
            error_message:
              'organization.controlTower.enabled is true, but Control Tower has no trusted access in this organization: ' +
              'without its organization trail and Config recorders, accounts would have neither. Set up Control Tower first, ' +
              'or set organization.controlTower.enabled to false.',
          }
        : {
            condition: `\${!contains(${principals}, "controltower.amazonaws.com")}`,
            error_message:
              'AWS Control Tower manages this organization, but organization.controlTower.enabled is not set: the baseline would add ' +
              'a second organization trail and Config recorders where Control Tower has them. Do not apply; set organization.controlTower.enabled to true.',
          },
    ];
    const dataSource = {
      ...(props.provider ? { provider: props.provider.fqn } : {}),
      // When managed, read the organization only after Terraform has changed it.
      ...(this.organization ? { depends_on: [`${this.organization.terraformResourceType}.${this.organization.friendlyUniqueId}`] } : {}),
    };
    return { data: { aws_organizations_organization: { [this.checkName]: dataSource } }, assert };
  }
}

const checkNamesIn = new WeakMap<TerraformStack, Set<string>>();

function checkedPrincipals(field: string, principals: readonly string[]): string[] {
  const invalid = principals.filter((p) => !SERVICE_PRINCIPAL.test(p));
  if (invalid.length > 0) throw new Error(`TrustedAccess: ${field} has entries that are not service principals: ${invalid.join(', ')}`);
  return [...new Set(principals)].sort();
}

export function enableCommand(principal: string): string {
  return `aws organizations enable-aws-service-access --service-principal ${principal}`;
}
