/**
 * The deployment-permission table of docs/bootstrap.md, rendered from the catalog with
 * placeholders for the names (`<prefix>`, `<account>`…), so the documentation cannot drift from
 * the policy (a test compares them; `npm run docs` rewrites the section).
 */
import { deploymentNamePatterns } from '../../config/names';
import { BASELINE_TRUSTED_ACCESS } from '../organization/delegated-administrators';
import { ANY_RESOURCE, DEPLOYMENT_PERMISSIONS, type DeploymentAccount, type DeploymentScope } from './deployment-permissions';

const MARKERS = {
  start: '<!-- deployment-permissions:start (generated from modules/catalogs/deployment-permissions.ts by npm run docs) -->',
  end: '<!-- deployment-permissions:end -->',
};

/** Every name shown as the placeholder of what it stands for. */
const PLACEHOLDERS: DeploymentScope = {
  accountId: '<account>',
  names: deploymentNamePatterns({ namePrefix: '<prefix>', homeRegion: '<home-region>' }, { id: '<account>' }),
  configRecorderNames: ['<recorder>'],
  foreignLogGroups: ["<Control Tower's log group>"],
  organization: {
    id: '<organization>',
    managementAccountId: '<management>',
    rootId: '<root>',
    delegatedAdministratorId: '<security>',
    delegatedServicePrincipals: ["<the baseline's services>"],
    designationPrincipals: BASELINE_TRUSTED_ACCESS.filter((p) => p.enabledBy === 'designation').map((p) => p.principal),
    managedTrustedAccessPrincipals: ["<kept and the baseline's services>"],
  },
};

const FOR: Record<DeploymentAccount, string> = {
  management: 'management',
  'delegated-administrator': 'security',
  'organization-manager': 'management with `manageOrganization`',
};

export function renderDeploymentPermissionTable(): string {
  const rows = DEPLOYMENT_PERMISSIONS.map((row) => {
    const service = row.actions[0].split(':')[0];
    const actions = `${service}: ${row.actions.map((a) => a.slice(service.length + 1)).join(', ')}`;
    const resources =
      row.resources === ANY_RESOURCE
        ? '`*` (no resource-level permissions)'
        : row
            .resources(PLACEHOLDERS)
            .map((r) => `\`${r}\``)
            .join('<br>');
    const conditions = row.conditions
      ? Object.entries(row.conditions(PLACEHOLDERS)).flatMap(([operator, keys]) =>
          Object.entries(keys).map(([key, values]) => `<br>if ${operator} \`${key}\`: ${[values].flat().join(', ')}`),
        )
      : [];
    return [
      `\`${row.sid}\``,
      row.accounts ? row.accounts.map((a) => FOR[a]).join(', ') : 'every account',
      actions,
      `${resources}${conditions.join('')}`,
      row.serves.map((t) => `\`${t}\``).join(', '),
      `[reference](${row.source})`,
    ];
  });
  const header = ['Statement', 'Accounts', 'Actions', 'Resources', 'Needed by', 'Source'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** `text` with the section between the markers replaced by the current table. */
export function withDeploymentPermissionTable(text: string): string {
  const start = text.indexOf(MARKERS.start);
  const end = text.indexOf(MARKERS.end);
  if (start === -1 || end < start) throw new Error(`the markers ${MARKERS.start} … ${MARKERS.end} are missing`);
  return `${text.slice(0, start + MARKERS.start.length)}\n${renderDeploymentPermissionTable()}\n${text.slice(end)}`;
}
