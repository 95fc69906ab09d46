/**
 * `npm run docs`: rewrites the generated tables (between their markers) from the catalogs: the
 * README's control tables and docs/bootstrap.md's deployment permissions. The project's files,
 * wherever the command is typed. Exit 0, saying what changed; 2 for a wrong command line.
 */
import * as fs from 'node:fs';
import type { CommandSpec } from '../config/command-line';
import { displayPath } from '../config/config-file';
import { runCommand } from '../config/run-command';
import { withCatalogTables } from '../modules/catalogs/catalog-table';
import { withDeploymentPermissionTable } from '../modules/catalogs/deployment-permissions-table';
import { projectPath } from '../modules/core/project-root';

const DOCS: CommandSpec = { usage: 'npm run docs --', options: [] };

/** Each generated file, and how its tables are rendered from the code. */
const GENERATED: readonly [string, (text: string) => string][] = [
  ['README.md', withCatalogTables],
  ['docs/bootstrap.md', withDeploymentPermissionTable],
];

void runCommand(DOCS, () => {
  for (const [file, render] of GENERATED) {
    const absolute = projectPath(file);
    const before = fs.readFileSync(absolute, 'utf8');
    const after = render(before);
    if (after === before) {
      console.log(`${displayPath(absolute)}: the generated tables are up to date`);
    } else {
      fs.writeFileSync(absolute, after);
      console.log(`${displayPath(absolute)}: rewrote the generated tables`);
    }
  }
  return 0;
});
