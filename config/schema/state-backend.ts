/** `stateBackend`: where each account stack keeps its Terraform state (S3, Terraform Cloud, local). */
import { z } from 'zod';
import { allowedValues, region } from './common';

const iamRoleArn = z
  .string()
  .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN: arn:aws:iam::<12 digits>:role/<name>');

const s3BackendSchema = z
  .object({
    type: z.literal('s3'),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens'),
    region,
    keyPrefix: z
      .string()
      .regex(/^[\w.-]+(\/[\w.-]+)*$/, 'must be a path of letters, digits, dots, hyphens and underscores, without leading or trailing "/"')
      .default('security-baseline'),
    kmsKeyId: z.string().min(1, 'must be a KMS key id or ARN').optional(),
    roleArn: iamRoleArn.optional(),
  })
  .strict();

const WORKSPACE_PLACEHOLDER = '{account}';
const cloudBackendSchema = z
  .object({
    type: z.literal('cloud'),
    organization: z.string().regex(/^[\w-]{1,64}$/, 'must be a Terraform Cloud organization name'),
    hostname: z.string().min(1).default('app.terraform.io'),
    project: z.string().min(1, 'must be a Terraform Cloud project name').optional(),
    workspaceNamePattern: z
      .string()
      .regex(/^[\w{}-]{1,90}$/, 'must use only letters, digits, hyphens, underscores and the placeholders {prefix} and {account}')
      .refine((p) => p.includes(WORKSPACE_PLACEHOLDER), {
        message: `must contain ${WORKSPACE_PLACEHOLDER} so every account gets its own workspace`,
      })
      .default('{prefix}-{account}'),
  })
  .strict();

const localBackendSchema = z
  .object({
    type: z.literal('local'),
    directory: z.string().min(1).default('../../../terraform-state'),
  })
  .strict();

const BACKEND_TYPES = ['s3', 'cloud', 'local'];
export const stateBackendSchema = z.discriminatedUnion('type', [s3BackendSchema, cloudBackendSchema, localBackendSchema], {
  errorMap: (issue, ctx) =>
    issue.code === z.ZodIssueCode.invalid_union_discriminator
      ? {
          message: allowedValues(
            BACKEND_TYPES,
            typeof ctx.data === 'object' && ctx.data !== null ? (ctx.data as { type?: unknown }).type : undefined,
          ),
        }
      : { message: ctx.defaultError },
});
