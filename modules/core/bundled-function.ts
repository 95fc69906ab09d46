import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction, type LambdaFunctionConfig } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, TerraformAsset, type TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { arn } from './arn';
import { PROJECT_ROOT } from './project-root';
import { zipSingleFile } from './deterministic-zip';
import { policyJson, type PolicyStatement, serviceTrustPolicy } from './policy-document';

/**
 * The Node.js version of the baseline's functions, for Lambda and for the bundle alike. Node.js 20
 * is deprecated in Lambda (no new functions since 2026-08-31); 22 is supported until 2027-04-30.
 */
export const FUNCTION_NODE_MAJOR = 22;

export interface BundledFunctionProps {
  readonly accountId: string;
  readonly region: string;
  /** Also names its role. */
  readonly functionName: string;
  readonly description: string;
  /** The TypeScript entry (exporting `handler`), bundled at synth with the AWS SDK clients left to the runtime. */
  readonly entry: string;
  /** Values built into the bundle: each name is replaced by the JSON of its value (esbuild `define`). @default none */
  readonly defines?: Readonly<Record<string, unknown>>;
  readonly roleDescription: string;
  /** Name of the role's inline policy. */
  readonly policyName: string;
  /** What the function may do besides writing its own log group. */
  readonly policyStatements: readonly PolicyStatement[];
  /** Customer-managed key of its log group, whose policy must admit `logGroupNameFor(functionName)`. */
  readonly logKeyArn: string;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
  /** The rest of the function's settings (timeout, memory, environment, …). */
  readonly settings: Omit<
    LambdaFunctionConfig,
    'functionName' | 'description' | 'runtime' | 'handler' | 'filename' | 'sourceCodeHash' | 'role' | 'dependsOn'
  >;
}

/** Lambda writes a function's logs to this group. */
export function logGroupNameFor(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

let packagingFunctions = true;

/**
 * Builds with functions left unpackaged: for stacks that are only compared, never synthesized
 * (the earlier forms of stacks/migration.ts). A stack built so fails validation if synthesized.
 */
export function withoutPackagingFunctions<T>(build: () => T): T {
  const before = packagingFunctions;
  packagingFunctions = false;
  try {
    return build();
  } finally {
    packagingFunctions = before;
  }
}

/** The function's package as an asset of `scope` (id `code`), copied into the stack's output at synth. */
function packagedCode(scope: Construct, props: BundledFunctionProps): { filename: string; sourceCodeHash: string } {
  const packagePath = bundle(props.entry, props.defines ?? {});
  const asset = new TerraformAsset(scope, 'code', { path: packagePath, type: AssetType.FILE });
  return { filename: asset.path, sourceCodeHash: createHash('sha256').update(fs.readFileSync(packagePath)).digest('base64') };
}

/** No code: `scope` then refuses to be synthesized (cdktf validates every construct before it writes a stack). */
function notPackagedCode(scope: Construct): { filename: string; sourceCodeHash: string } {
  scope.node.addValidation({ validate: () => ['its function was built without its package, for comparison only'] });
  return { filename: 'not-packaged.zip', sourceCodeHash: 'not-packaged' };
}

/**
 * A function bundled from the project's TypeScript at synth into a deterministic zip, with its own
 * encrypted log group and a role allowed to write only there plus `policyStatements`. Created in
 * `scope` itself (ids `code` when packaged, `log-group`, `role`, `role-policy`, `function`), so the construct
 * that owns the function keeps its resources' addresses.
 */
export function addBundledFunction(
  scope: Construct,
  props: BundledFunctionProps,
): { function: LambdaFunction; role: IamRole; logGroup: CloudwatchLogGroup } {
  const { accountId, region, functionName, provider } = props;
  const logGroupName = logGroupNameFor(functionName);
  const code = packagingFunctions ? packagedCode(scope, props) : notPackagedCode(scope);
  const logGroup = new CloudwatchLogGroup(scope, 'log-group', {
    provider,
    name: logGroupName,
    retentionInDays: props.logRetentionDays ?? 365,
    kmsKeyId: props.logKeyArn,
  });
  const role = new IamRole(scope, 'role', {
    provider,
    name: functionName,
    description: props.roleDescription,
    assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com'),
  });
  const rolePolicy = new IamRolePolicy(scope, 'role-policy', {
    provider,
    name: props.policyName,
    role: role.name,
    policy: policyJson([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${arn.logGroup(region, accountId, logGroupName)}:log-stream:*`,
      },
      ...props.policyStatements,
    ]),
  });
  const fn = new LambdaFunction(scope, 'function', {
    provider,
    functionName,
    description: props.description,
    runtime: `nodejs${FUNCTION_NODE_MAJOR}.x`,
    handler: 'index.handler',
    filename: code.filename,
    sourceCodeHash: code.sourceCodeHash,
    role: role.arn,
    ...props.settings,
    dependsOn: [logGroup, rolePolicy],
  });
  return { function: fn, role, logGroup };
}

let packagesRoot: string | undefined;

/** A temporary folder for this process's packages (each worker thread has its own), removed when it exits: synth copies them into its output. */
function packagesFolder(): string {
  if (!packagesRoot) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'security-baseline-packages-'));
    process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
    packagesRoot = folder;
  }
  return packagesRoot;
}

/** The packages by entry and defines, each built once per process however many stacks use it. */
const packages = new Map<string, string>();

/** Bundles an entry into a deterministic zip; the SDK clients come with the Lambda runtime. */
function bundle(entry: string, defines: Readonly<Record<string, unknown>>): string {
  const define = Object.fromEntries(Object.entries(defines).map(([name, value]) => [name, JSON.stringify(value)]));
  const key = JSON.stringify([entry, define]);
  let packagePath = packages.get(key);
  if (!packagePath) {
    const result = buildSync({
      // The bundle's comments name source files relative to this folder: the project's, not the caller's working directory.
      absWorkingDir: PROJECT_ROOT,
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: `node${FUNCTION_NODE_MAJOR}`,
      format: 'cjs',
      external: ['@aws-sdk/*'],
      write: false,
      outfile: 'index.js',
      logLevel: 'warning',
      legalComments: 'none',
      define,
    });
    const name = path.basename(path.dirname(entry));
    packagePath = path.join(fs.mkdtempSync(path.join(packagesFolder(), `${name}-`)), `${name}.zip`);
    fs.writeFileSync(packagePath, zipSingleFile('index.js', Buffer.from(result.outputFiles[0].contents)));
    packages.set(key, packagePath);
  }
  return packagePath;
}
