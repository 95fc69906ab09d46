// Rewrites the generated deployment-permission table of docs/bootstrap.md from the catalog.
import * as fs from 'node:fs';
import { withDeploymentPermissionTable } from '../modules/catalogs/deployment-permissions-table';

const file = 'docs/bootstrap.md';
fs.writeFileSync(file, withDeploymentPermissionTable(fs.readFileSync(file, 'utf8')));
