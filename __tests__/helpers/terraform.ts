/**
 * Test-only parts of running the real Terraform CLI against synthesized stacks (the shared harness
 * is operations/offline-plan.ts): providers come from a local filesystem mirror through a CLI
 * config written here (never the user's ~/.terraformrc), and `terraform test` files plan against
 * mock providers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTerraform as findTerraformCli, type Terraform } from '../../operations/offline-plan';
import type { StackJson } from './synth';

/** Provider the bindings (@cdktf/provider-aws 20.1.0) target. */
export const AWS_PROVIDER_VERSION = '5.100.0';

/** Where to look for the provider mirror when TF_PROVIDER_MIRROR is not set. */
const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  '/usr/share/terraform/plugins',
  '/usr/local/share/terraform/plugins',
  path.join(os.homedir(), '.terraform.d', 'plugins'),
];

/**
 * Terraform (operations/offline-plan.ts: TERRAFORM_BINARY, else PATH) with a CLI config of the
 * tests' own that installs the AWS provider from the filesystem mirror, or why they cannot be used.
 */
export function findTerraform(): Terraform | { readonly unavailable: string } {
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const providerDir = `registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION}/${platform}`;
  const candidates = process.env.TF_PROVIDER_MIRROR ? [process.env.TF_PROVIDER_MIRROR] : MIRROR_CANDIDATES;
  const mirror = candidates.find((dir) => fs.existsSync(path.join(dir, providerDir)));
  if (!mirror) {
    return { unavailable: `no filesystem mirror holds ${providerDir} (looked in ${candidates.join(', ')}; set TF_PROVIDER_MIRROR)` };
  }
  const cliConfigFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'security-baseline-tfrc-')), 'terraform.rc');
  fs.writeFileSync(
    cliConfigFile,
    [
      'provider_installation {',
      `  filesystem_mirror {`,
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = ["registry.terraform.io/hashicorp/aws"]`,
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return findTerraformCli(cliConfigFile);
}

/** Resource types whose ARNs other resources validate: mocks must give them well-formed ones. */
const MOCK_ARNS: Readonly<Record<string, string>> = {
  aws_iam_role: 'arn:aws:iam::111111111111:role/mock',
  aws_iam_service_linked_role: 'arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
  aws_iam_policy: 'arn:aws:iam::111111111111:policy/mock',
  aws_cloudwatch_log_group: 'arn:aws:logs:eu-west-1:111111111111:log-group:mock',
  aws_kms_key: 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-0000-0000-000000000000',
  aws_sns_topic: 'arn:aws:sns:eu-west-1:111111111111:mock',
  aws_sqs_queue: 'arn:aws:sqs:eu-west-1:111111111111:mock',
  aws_lambda_function: 'arn:aws:lambda:eu-west-1:111111111111:function:mock',
};

/**
 * A `terraform test` file that plans the stack against mock AWS providers (one per provider
 * configuration). Mock providers cannot import, so each `import` block's target gets an
 * `override_resource` standing for the existing object: the plan then proves that every import
 * block names a declared resource and a declared provider, and that the stack plans with them.
 */
export function mockPlanTest(stack: StackJson): string {
  const aliases = (stack.provider?.aws ?? []).map((config) => config.alias as string | undefined);
  const mockResources = Object.entries(MOCK_ARNS)
    .map(([type, arn]) => `  mock_resource "${type}" {\n    defaults = { arn = "${arn}" }\n  }`)
    .join('\n');
  const providers = aliases.map((alias) => `mock_provider "aws" {\n${alias ? `  alias = "${alias}"\n` : ''}${mockResources}\n}`);
  const overrides = (stack.import ?? []).map(({ to, id }) => {
    const arn = to.startsWith('aws_iam_') ? `, arn = ${JSON.stringify(id)}` : '';
    return `override_resource {\n  target = ${to}\n  values = { id = ${JSON.stringify(id)}${arn} }\n}`;
  });
  return [...providers, ...overrides, 'run "plan" {\n  command = plan\n}', ''].join('\n\n');
}
