import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  automationDocumentContent,
  baselineRunbook,
  BASELINE_RUNBOOKS,
  RUNBOOK_PYTHON_RUNTIME,
  RUNBOOK_SCRIPT_DIR,
  runbookDocumentName,
  ScriptRunbook,
} from '../../../modules/compliance/baseline-runbooks';
import { REMEDIATIONS, type RemediationSpec } from '../../../modules/catalogs/remediations';
import { regionalTestStack, regionOf, REPO_ROOT, resourcesOfType, synthStack } from '../../helpers/synth';

const HARNESS = path.join(__dirname, 'runbooks', 'revoke_public_admin_ports_test.py');

// The script's logic is tested in Python, with a fake boto3; under CI=true a missing python3 fails the run.
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const pythonMissing = python.error ? `no python3 found (${python.error.message})` : undefined;
if (pythonMissing) {
  if (process.env.CI === 'true') throw new Error(`The runbook script tests cannot run in CI: ${pythonMissing}`);
  console.warn(`SKIPPED runbook script tests: ${pythonMissing}`);
}
const testWithPython = pythonMissing ? test.skip : test;

testWithPython('the revoke-public-admin-ports script passes its Python tests (fake boto3, real-shaped EC2 responses)', () => {
  const run = spawnSync('python3', ['-B', HARNESS], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const output = `${run.stdout}${run.stderr}`;
  expect({ status: run.status, output }).toEqual({ status: 0, output: expect.stringMatching(/Ran [1-9]\d* tests? in [\d.]+s\s+OK\s*$/) });
});

describe('the RevokePublicAdminPortIngress document', () => {
  const spec = baselineRunbook('RevokePublicAdminPortIngress');
  const document = JSON.parse(automationDocumentContent(spec));
  const [step] = document.mainSteps;

  test('is an Automation document (schema 0.3) that assumes the given role and takes the group id', () => {
    expect(document).toMatchObject({ schemaVersion: '0.3', assumeRole: '{{ AutomationAssumeRole }}' });
    expect(Object.keys(document.parameters).sort()).toEqual(['AutomationAssumeRole', 'GroupId']);
    const role = new RegExp(document.parameters.AutomationAssumeRole.allowedPattern);
    expect(role.test('arn:aws:iam::123456789012:role/acme-remediation-open-admin-ports')).toBe(true);
    expect(role.test('arn:aws:iam::123456789012:user/someone')).toBe(false);
    const group = new RegExp(document.parameters.GroupId.allowedPattern);
    expect(group.test('sg-0123456789abcdef0')).toBe(true);
    expect(group.test('sg-0123; rm -rf')).toBe(false);
  });

  test('runs exactly the tested script in one executeScript step and returns the revoked rule ids', () => {
    expect(document.mainSteps).toHaveLength(1);
    expect(step).toMatchObject({
      action: 'aws:executeScript',
      isEnd: true,
      inputs: { Runtime: RUNBOOK_PYTHON_RUNTIME, Handler: 'handler', InputPayload: { GroupId: '{{ GroupId }}' } },
      outputs: [{ Name: 'RevokedRuleIds', Selector: '$.Payload.RevokedRuleIds', Type: 'StringList' }],
    });
    expect(step.timeoutSeconds).toBeLessThanOrEqual(600);
    expect(RUNBOOK_PYTHON_RUNTIME).toBe('python3.11');
    expect(step.inputs.Script).toBe(fs.readFileSync(path.join(RUNBOOK_SCRIPT_DIR, 'revoke-public-admin-ports.py'), 'utf8'));
    expect(step.inputs.Script).toMatch(/^def handler\(event, _context\):$/m);
    expect(document.outputs).toEqual([`${step.name}.RevokedRuleIds`]);
  });
});

test('each baseline runbook is used by a remediation, and takes what that remediation passes', () => {
  const owned = (REMEDIATIONS as readonly RemediationSpec[]).filter((r) => r.documentOwner === 'baseline');
  expect(owned.map((r) => r.document).sort()).toEqual(BASELINE_RUNBOOKS.map((r) => r.name).sort());
  for (const remediation of owned) {
    const { parameters } = JSON.parse(automationDocumentContent(baselineRunbook(remediation.document)));
    expect(Object.keys(parameters).sort()).toEqual(['AutomationAssumeRole', ...Object.keys(remediation.parameters)].sort());
  }
  expect(() => baselineRunbook('AWS-DisablePublicAccessForSecurityGroup')).toThrow(/No baseline runbook/);
});

test('document names carry the prefix and refuse what SSM rejects', () => {
  expect(runbookDocumentName('acme', 'RevokePublicAdminPortIngress')).toBe('acme-RevokePublicAdminPortIngress');
  for (const reserved of ['aws', 'awsome', 'amazon-sec', 'AMZN']) {
    expect(() => runbookDocumentName(reserved, 'RevokePublicAdminPortIngress')).toThrow(/no aws, amazon or amzn at the start/);
  }
  expect(() => runbookDocumentName('acme', 'x'.repeat(124))).toThrow(/3-128/);
  expect(() => runbookDocumentName('acme', 'Revoke Ports')).toThrow(/letters, digits/);
});

describe('ScriptRunbook', () => {
  const { stack, providers } = regionalTestStack();
  const runbook = new ScriptRunbook(stack, 'runbook', {
    providers,
    regions: ['eu-west-1', 'us-east-1'],
    namePrefix: 'acme',
    spec: baselineRunbook('RevokePublicAdminPortIngress'),
  });
  const json = synthStack(stack);
  const documents = Object.values(resourcesOfType(json, 'aws_ssm_document'));

  test('one Automation document per given region, all alike', () => {
    expect(documents.map((d) => regionOf(json, d)).sort()).toEqual(['eu-west-1', 'us-east-1']);
    for (const document of documents) {
      expect(document).toEqual({
        provider: expect.any(String),
        name: 'acme-RevokePublicAdminPortIngress',
        document_type: 'Automation',
        document_format: 'JSON',
        content: automationDocumentContent(baselineRunbook('RevokePublicAdminPortIngress')),
      });
    }
    expect(runbook.documentName).toBe('acme-RevokePublicAdminPortIngress');
    expect(() => runbook.documentIn('eu-central-1')).toThrow(/not deployed in eu-central-1/);
  });
});

test('a runbook whose content Terraform would interpolate is refused at synth', () => {
  const spec = baselineRunbook('RevokePublicAdminPortIngress');
  expect(() => automationDocumentContent({ ...spec, description: 'costs ${var.money}' })).toThrow('Terraform would interpolate');
  expect(() => automationDocumentContent({ ...spec, description: 'loops %{ for x in y }' })).toThrow('Terraform would interpolate');
  expect(() => automationDocumentContent(spec)).not.toThrow();
});
