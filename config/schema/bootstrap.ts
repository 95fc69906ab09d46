/**
 * `bootstrap`: what `npm run bootstrap` creates before the first apply, and who may use it (see
 * docs/bootstrap.md). Nothing here changes an account stack. Which account the bootstrap goes to
 * is checked against `accounts` by the bootstrap command (stacks/bootstrap-stack.ts).
 */
import { z } from 'zod';
import { duplicateEntries, asString } from './cross-checks';
import { iamRoleName } from './common';

/**
 * Who may assume a deployment role: an IAM role or user, or an account's root (the account then
 * decides, through its own IAM policies). Session ARNs (`arn:aws:sts::…:assumed-role/…`) are not
 * principals a trust policy can name.
 */
const deployerPrincipalArn = z
  .string()
  .regex(
    /^arn:aws:iam::\d{12}:(root|(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/,
    'must be the ARN of an IAM role (arn:aws:iam::<12 digits>:role/<name>), an IAM user (…:user/<name>) or an account (…:root), not a session (arn:aws:sts::…:assumed-role/…)',
  );

export const bootstrapSchema = z
  .object({
    /**
     * Name of the account the bootstrap is applied in, with its administrator's credentials: it
     * holds the state bucket and gets its deployment role from the bootstrap.
     * @default the account with role `management`
     */
    account: z.string().min(1, 'must be the name of one of the accounts').optional(),
    /**
     * Principals that run the deployment, trusted by the deployment roles the bootstrap creates
     * and granted the account stacks' state in the bucket.
     * @default the bootstrap account's root: its IAM policies decide, as for OrganizationAccountAccessRole
     */
    deployerPrincipalArns: z
      .array(deployerPrincipalArn)
      .min(1, 'must list at least one principal (or leave the field out for the bootstrap account itself)')
      .superRefine((arns, ctx) => {
        // Full paths make the message name the first entry as the loader names fields.
        for (const { path, message } of duplicateEntries(arns, asString, (i) => ['bootstrap', 'deployerPrincipalArns', i])) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: path.slice(2), message });
        }
      })
      .optional(),
    /**
     * Also create the deployment role in every other account, reaching each through
     * `memberAccessRoleName`; each account's `deploymentRoleName` must then differ from it.
     * @default false: those accounts keep the role they have (OrganizationAccountAccessRole)
     */
    createMemberDeploymentRoles: z.boolean().default(false),
    /** Role the bootstrap assumes in the other accounts when it creates their deployment roles. @default 'OrganizationAccountAccessRole' */
    memberAccessRoleName: iamRoleName.default('OrganizationAccountAccessRole'),
  })
  .strict();

export type BootstrapSettings = z.output<typeof bootstrapSchema>;
