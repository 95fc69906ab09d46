/**
 * `npm run docs`: rewrites the README's generated tables (between their markers) from the catalogs.
 * The project's README, wherever the command is typed. Exit 0, saying whether it changed; 2 for a
 * wrong command line.
 */
import * as fs from 'node:fs';
import type { CommandSpec } from '../config/command-line';
import { displayPath } from '../config/config-file';
import { runCommand } from '../config/run-command';
import { withCatalogTables } from '../modules/catalogs/catalog-table';
import { projectPath } from '../modules/core/project-root';

const DOCS: CommandSpec = { usage: 'npm run docs --', options: [] };

void runCommand(DOCS, () => {
  const readme = projectPath('README.md');
  const before = fs.readFileSync(readme, 'utf8');
  const after = withCatalogTables(before);
  if (after === before) {
    console.log(`${displayPath(readme)}: the catalog tables are up to date`);
  } else {
    fs.writeFileSync(readme, after);
    console.log(`${displayPath(readme)}: rewrote the catalog tables`);
  }
  return 0;
});
