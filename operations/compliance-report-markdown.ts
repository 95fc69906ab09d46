/** The compliance report as markdown, for auditors: a summary, then per stack what is implemented and what is switched off. */
import type { ComplianceReport, ControlFamily, ReportedControl, StackReport } from './compliance-report';

const FAMILY_LABELS: Readonly<Record<ControlFamily, string>> = {
  'audit-trail': 'Audit trail',
  'key-management': 'KMS',
  'config-recording': 'AWS Config',
  hardening: 'Hardening',
  'threat-detection': 'Threat detection',
  'cis-monitoring': 'CIS monitoring',
  'config-rule': 'Config rule',
  remediation: 'Remediation',
  'security-event': 'Security event rule',
  'guardduty-protection': 'GuardDuty',
  'security-hub-standard': 'Security Hub',
  'security-hub-control': 'Security Hub',
};

const INTRODUCTION = [
  "For each account stack: every control of the baseline's catalogs (`modules/catalogs`) and of its structure (the audit",
  'trail and its bucket, key rotation, AWS Config recording, account hardening, GuardDuty and Security Hub being on) that the',
  'stack implements, with the Terraform resources that implement it, and every control the organization file switches off,',
  'with the reason. CIS is the CIS AWS Foundations Benchmark v3.0.0, Security Hub its CSPM security controls, Prowler its',
  'check ids; an empty column means no id applies or none was verified. A control the organization runs from another account',
  '(in organization mode, GuardDuty and Security Hub from the security account, the trail bucket from log-archive and,',
  "without member trails, the trail from management's organization trail) is listed under that account's stack. Written by",
  '`npm run report` from the synthesized stacks; do not edit.',
].join('\n');

export function renderComplianceMarkdown(report: ComplianceReport): string {
  const summary = table(
    ['Stack', 'Account', 'Role', 'Implemented', 'Switched off'],
    report.stacks.map((s) => [code(s.stack), s.accountId, s.role, String(s.implemented.length), String(s.switchedOff.length)]),
  );
  return [`# Compliance report\n\n${INTRODUCTION}\n\n${summary}`, ...report.stacks.map(renderStack)].join('\n\n') + '\n';
}

function renderStack(stack: StackReport): string {
  const implemented = table(
    ['Control', 'CIS v3.0', 'Security Hub', 'Prowler', 'Resources'],
    stack.implemented.map((control) => [...controlCells(control), addressCell(control)]),
  );
  const switchedOff = table(
    ['Control', 'CIS v3.0', 'Security Hub', 'Prowler', 'Why', 'Resources'],
    stack.switchedOff.map((control) => [...controlCells(control), text(control.reason), addressCell(control)]),
  );
  return [
    `## ${code(stack.stack)} (${stack.accountId}, ${stack.role})`,
    `### Implemented\n\n${stack.implemented.length > 0 ? implemented : 'None.'}`,
    `### Switched off\n\n${stack.switchedOff.length > 0 ? switchedOff : 'None.'}`,
  ].join('\n\n');
}

/** Which control, and the ids it answers to. */
function controlCells({ family, key, title, ids }: ReportedControl): string[] {
  return [
    `${FAMILY_LABELS[family]} ${code(key)}: ${text(title)}`,
    ids.cis.join(', '),
    ids.securityHub.join(', '),
    ids.prowler.map(code).join('<br>'),
  ];
}

function addressCell({ addresses }: ReportedControl): string {
  return addresses.map(code).join('<br>');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Keys, ids and addresses: letters, digits and `._-/:` only, so a code span needs no escaping. */
function code(value: string): string {
  return `\`${value}\``;
}

/** Free text (titles, and reasons written in the organization file) kept inside its table cell and shown as written. */
function text(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('|', '\\|');
}
