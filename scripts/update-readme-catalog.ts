// `npm run docs`: rewrites the README's generated tables from the catalogs.
import * as fs from 'node:fs';
import { withCatalogTables } from '../modules/catalogs/catalog-table';

const readme = fs.readFileSync('README.md', 'utf8');
fs.writeFileSync('README.md', withCatalogTables(readme));
