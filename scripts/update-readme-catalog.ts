// `npm run docs`: rewrites the README's Config rule and remediation table from the catalogs.
import * as fs from 'node:fs';
import { withCatalogTable } from '../modules/catalogs/catalog-table';

const readme = fs.readFileSync('README.md', 'utf8');
fs.writeFileSync('README.md', withCatalogTable(readme));
