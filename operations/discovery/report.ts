/** What `npm run discover` prints about a discovery: per account what changed, then the problems and notes. */
import type { DiscoveryResult } from './organization-file';

/** The longest status, `adopt changed`: the names line up whatever the statuses. */
const STATUS_WIDTH = 13;

/** Whether anything must be fixed before the first apply (the file may still be valid). */
export function hasProblems(result: DiscoveryResult): boolean {
  return [...result.findings, ...result.accounts.flatMap((a) => a.findings)].some((f) => f.severity === 'problem');
}

/** The report, one line per account and finding; deterministic. */
export function formatDiscoveryReport(result: DiscoveryResult): string {
  const width = STATUS_WIDTH;
  const lines = ['accounts:'];
  for (const account of result.accounts) {
    const detail = account.changedFields.length > 0 && account.status !== 'not read' ? `: ${account.changedFields.join(', ')}` : '';
    lines.push(`  ${account.status.padEnd(width)}  ${account.name} (${account.id}, ${account.role})${detail}`);
  }
  for (const account of result.notInOrganization) {
    const why = account.state ? `${account.state} in the organization` : 'not in the organization';
    lines.push(`  ${'left'.padEnd(width)}  ${account.name} (${account.id}): ${why}; left as it is (remove it if the account is gone)`);
  }
  for (const severity of ['problem', 'note'] as const) {
    const found = [
      ...result.findings.filter((f) => f.severity === severity).map((f) => f.message),
      ...result.accounts.flatMap((a) => a.findings.filter((f) => f.severity === severity).map((f) => `${a.name} (${a.id}): ${f.message}`)),
    ];
    if (found.length === 0) continue;
    lines.push(
      severity === 'problem' ? 'problems (fix them before the first apply):' : 'notes:',
      ...found.map((message) => `  - ${message}`),
    );
  }
  return lines.join('\n');
}
