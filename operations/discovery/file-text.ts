/**
 * The organization file as text: read for an update with the loader's input rules (UTF-8, JSON,
 * no key given twice, which JSON.parse would drop silently on rewriting), written as
 * `JSON.stringify(…, null, 2)` and a newline, like the bundled examples.
 */
import { decodeConfigText, describeJsonSyntaxError, duplicateKeys } from '../../config/input-safety';
import { formatPath } from '../../config/problem-text';
import { isRecord } from '../../config/schema/cross-checks';
import { DiscoveryInputError } from './collected-files';

/** The file's contents, to be updated; throws DiscoveryInputError (naming `file`) when it cannot be rewritten faithfully. */
export function parseOrganizationFile(bytes: Uint8Array, file: string): Record<string, unknown> {
  const decoded = decodeConfigText(bytes);
  if ('problem' in decoded) throw new DiscoveryInputError(`${file} ${decoded.problem}`);
  let raw: unknown;
  try {
    raw = JSON.parse(decoded.text);
  } catch (error) {
    throw new DiscoveryInputError(
      `${file} ${describeJsonSyntaxError(error as Error, decoded.text, file)}; fix it, then run discover again`,
    );
  }
  if (!isRecord(raw)) throw new DiscoveryInputError(`${file} must be a JSON object describing the organization`);
  const repeated = duplicateKeys(decoded.text);
  if (repeated.length > 0) {
    const where = repeated.map((issue) => formatPath(issue.path)).join(', ');
    throw new DiscoveryInputError(
      `${file} gives keys twice (${where}): rewriting it would keep only the last; fix it, then run discover again`,
    );
  }
  return raw;
}

export function organizationFileText(contents: Record<string, unknown>): string {
  return `${JSON.stringify(contents, null, 2)}\n`;
}
