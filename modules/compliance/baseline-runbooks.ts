/**
 * SSM Automation runbooks the baseline ships itself, for remediations that no AWS-owned runbook
 * does reliably (`documentOwner: 'baseline'` in `catalogs/remediations.ts`). Each runs one Python
 * script from `runbooks/` next to this file (unit-tested with a fake boto3) in an
 * `aws:executeScript` step, and exists as `<namePrefix>-<name>` in every region its remediation
 * runs in: SSM documents are regional.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { Construct } from 'constructs';
import { projectPath } from '../core/project-root';
import type { RegionalProviders } from '../core/regional-providers';

/** Where the scripts live: `runbooks/` next to this file, found from the project root (also from the bundles in `dist/`). */
export const RUNBOOK_SCRIPT_DIR = projectPath('modules', 'compliance', 'runbooks');

/** The `aws:executeScript` runtime (the one AWS's Automated Security Response runbooks use). */
export const RUNBOOK_PYTHON_RUNTIME = 'python3.11';

/** A step that runs longer than this fails (executeScript allows at most 600). */
const SCRIPT_TIMEOUT_SECONDS = 300;

export interface ScriptRunbookSpec {
  /** The document's name after `<namePrefix>-`. */
  readonly name: string;
  /** Shown in the Systems Manager console (Markdown). */
  readonly description: string;
  /** The runbook's one input besides `AutomationAssumeRole`: the id of the resource to fix. */
  readonly input: { readonly name: string; readonly description: string; readonly allowedPattern: string };
  /** Script file in `runbooks/`, and the function the step calls with `{ <input>: value }`. */
  readonly script: string;
  readonly handler: string;
  /** Keys of the script's return value that become the execution's outputs. */
  readonly outputs: Readonly<Record<string, 'String' | 'StringList'>>;
}

export const BASELINE_RUNBOOKS = [
  {
    name: 'RevokePublicAdminPortIngress',
    description:
      'Revokes the inbound rules of one security group that open SSH (TCP 22) or RDP (TCP 3389) to 0.0.0.0/0 or ::/0: ' +
      'TCP rules whose port range covers 22 or 3389, and all-protocol rules. It finds them with DescribeSecurityGroupRules ' +
      'and revokes them by rule id, so it works in any VPC. Narrower sources, other ports and protocols, prefix lists, ' +
      'referenced groups and outbound rules are kept; a group without such rules is left unchanged. ' +
      'Part of the security baseline (remediation `open-admin-ports`).',
    input: { name: 'GroupId', description: 'The ID of the security group to fix.', allowedPattern: '^sg-[0-9a-f]+$' },
    script: 'revoke-public-admin-ports.py',
    handler: 'handler',
    outputs: { RevokedRuleIds: 'StringList' },
  },
] as const satisfies readonly ScriptRunbookSpec[];

/** The catalog entry of a baseline runbook. */
export function baselineRunbook(name: string): ScriptRunbookSpec {
  const spec = (BASELINE_RUNBOOKS as readonly ScriptRunbookSpec[]).find((r) => r.name === name);
  if (!spec) throw new Error(`No baseline runbook ${name}; known: ${BASELINE_RUNBOOKS.map((r) => r.name).join(', ')}`);
  return spec;
}

/**
 * The deployed name. SSM document names are 3-128 letters, digits, `_`, `-` and `.`, and may not
 * start with `aws`, `amazon` or `amzn` (reserved by AWS).
 */
export function runbookDocumentName(namePrefix: string, runbook: string): string {
  const name = `${namePrefix}-${runbook}`;
  if (!/^[A-Za-z0-9_.-]{3,128}$/.test(name) || /^(aws|amazon|amzn)/i.test(name)) {
    throw new Error(
      `SSM document name ${name} is not allowed: 3-128 letters, digits, _ - . and no aws, amazon or amzn at the start (choose another namePrefix)`,
    );
  }
  return name;
}

/** The Automation document (schema 0.3) as JSON: assume the given role, run the script, return its outputs. */
export function automationDocumentContent(spec: ScriptRunbookSpec): string {
  const { input } = spec;
  const step = spec.name;
  const document = {
    schemaVersion: '0.3',
    description: spec.description,
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      AutomationAssumeRole: {
        type: 'String',
        description: 'The role Automation assumes to run this runbook.',
        allowedPattern: '^arn:aws:iam::\\d{12}:role/[\\w+=,.@/-]+$',
      },
      [input.name]: { type: 'String', description: input.description, allowedPattern: input.allowedPattern },
    },
    mainSteps: [
      {
        name: step,
        action: 'aws:executeScript',
        timeoutSeconds: SCRIPT_TIMEOUT_SECONDS,
        isEnd: true,
        inputs: {
          Runtime: RUNBOOK_PYTHON_RUNTIME,
          Handler: spec.handler,
          InputPayload: { [input.name]: `{{ ${input.name} }}` },
          Script: fs.readFileSync(path.join(RUNBOOK_SCRIPT_DIR, spec.script), 'utf8'),
        },
        outputs: Object.entries(spec.outputs).map(([name, type]) => ({ Name: name, Selector: `$.Payload.${name}`, Type: type })),
      },
    ],
    outputs: Object.keys(spec.outputs).map((name) => `${step}.${name}`),
  };
  const content = JSON.stringify(document, null, 2);
  // The content is a string in Terraform JSON, where these would be evaluated as templates.
  if (/[$%]\{/.test(content)) throw new Error(`Runbook ${spec.name} contains \${ or %{, which Terraform would interpolate`);
  return content;
}

export interface ScriptRunbookProps {
  readonly providers: RegionalProviders;
  /** Regions to create the document in. */
  readonly regions: readonly string[];
  /** The document is `<namePrefix>-<spec.name>`. */
  readonly namePrefix: string;
  readonly spec: ScriptRunbookSpec;
}

/** One baseline runbook: the same Automation document in each of the given regions. */
export class ScriptRunbook extends Construct {
  readonly documentName: string;
  private readonly documents = new Map<string, SsmDocument>();

  constructor(scope: Construct, id: string, props: ScriptRunbookProps) {
    super(scope, id);
    this.documentName = runbookDocumentName(props.namePrefix, props.spec.name);
    const content = automationDocumentContent(props.spec);
    for (const region of props.regions) {
      this.documents.set(
        region,
        new SsmDocument(this, region, {
          provider: props.providers.forRegion(region),
          name: this.documentName,
          documentType: 'Automation',
          documentFormat: 'JSON',
          content,
        }),
      );
    }
  }

  documentIn(region: string): SsmDocument {
    const document = this.documents.get(region);
    if (!document) throw new Error(`Runbook ${this.documentName} is not deployed in ${region}`);
    return document;
  }
}
