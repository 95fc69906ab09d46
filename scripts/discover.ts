/**
 * `npm run discover -- --from DIR [--out FILE] [--name-prefix P] [--home-region R] [--deployment-role NAME]`:
 * writes or updates the organization file from what `scripts/discover-collect.sh` recorded in DIR
 * (accounts, suggested roles, every `adopt` entry), then validates it. FILE defaults to the file
 * every command uses (SECURITY_BASELINE_CONFIG, cdktf.json), never the bundled example.
 * Exit 0: written and valid, nothing to fix; 1: written but incomplete or with problems to fix, or
 * (writing nothing) DIR or the file cannot be read; 2: the command line is wrong. Wiring only: the
 * logic is operations/discovery/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CommandSpec, optionValue, type ParsedCommandLine, UsageError, usageText, userPath } from '../config/command-line';
import {
  CONFIG_PATH_CONTEXT_KEY,
  CONFIG_PATH_ENV,
  displayPath,
  EXAMPLE_CONFIG_PATH,
  resolveConfigFile,
  STANDALONE_EXAMPLE_CONFIG_PATH,
} from '../config/config-file';
import { ConfigError, loadOrganizationConfig } from '../config/load';
import { runCommand } from '../config/run-command';
import { MAX_CONFIG_BYTES } from '../config/input-safety';
import { findProjectRoot } from '../modules/core/project-root';
import { DiscoveryInputError, readCollectedFiles } from '../operations/discovery/collected-files';
import { organizationFileText, parseOrganizationFile } from '../operations/discovery/file-text';
import { DiscoveryConflict, discoverOrganizationFile } from '../operations/discovery/organization-file';
import { formatDiscoveryReport, hasProblems } from '../operations/discovery/report';

const COMMAND: CommandSpec = {
  usage: 'npm run discover --',
  options: [
    { name: 'from', value: 'DIR', description: 'the directory scripts/discover-collect.sh wrote (required)' },
    {
      name: 'out',
      value: 'FILE',
      description: `the organization file to write or update (default: ${CONFIG_PATH_ENV}, else cdktf.json context.${CONFIG_PATH_CONTEXT_KEY})`,
    },
    { name: 'name-prefix', value: 'PREFIX', description: 'namePrefix of a new file (default: a placeholder to fill in)' },
    { name: 'home-region', value: 'REGION', description: 'homeRegion of a new file (default: the first region collected)' },
    { name: 'deployment-role', value: 'NAME', description: 'deploymentRoleName of a new file (default OrganizationAccountAccessRole)' },
  ],
  strayArgumentHint: (arg) => `to read a collection, write --from ${arg}`,
};

function main(parsed: ParsedCommandLine): number {
  const from = optionValue(parsed, 'from');
  if (from === undefined) throw new UsageError(`--from DIR is required\n${usageText(COMMAND)}`);
  const file = outputFile(optionValue(parsed, 'out'));

  const recorded = readCollectedFiles(userPath(from));
  const existing = fs.existsSync(file) ? parseOrganizationFile(readAtMost(file), displayPath(file)) : undefined;
  const result = discoverOrganizationFile(recorded, existing, {
    namePrefix: optionValue(parsed, 'name-prefix'),
    homeRegion: optionValue(parsed, 'home-region'),
    deploymentRoleName: optionValue(parsed, 'deployment-role'),
  });
  const text = organizationFileText(result.file);
  const before = existing ? fs.readFileSync(file, 'utf8') : undefined;
  console.log(`read ${displayPath(recorded.directory)} (${recorded.accounts.length} accounts, regions ${recorded.regions.join(', ')})`);
  if (text === before) {
    console.log(`${displayPath(file)} is up to date (nothing changed)`);
  } else {
    writeAtomically(file, text);
    console.log(`wrote ${displayPath(file)} (${existing ? 'updated' : 'new file'})`);
  }
  console.log(formatDiscoveryReport(result));
  try {
    loadOrganizationConfig(displayPath(file));
  } catch (error) {
    // Not only ConfigError: the loader's name checks assume the roles organization mode needs, which may be missing here.
    const problems =
      error instanceof ConfigError ? error.message : `Invalid organization config ${displayPath(file)}: ${(error as Error).message}`;
    console.error(
      `${displayPath(file)} is written but not complete yet: fill in what is left, then run discover again or synth.\n${problems}`,
    );
    return 1;
  }
  if (hasProblems(result)) {
    console.error(`${displayPath(file)} is valid, but fix the problems above before the first apply (then collect and discover again)`);
    return 1;
  }
  console.log(`${displayPath(file)} is valid: next, npm run synth (read the first plan: adopted resources show import, never replace)`);
  return 0;
}

/** `--out`, else the file every command uses; never a bundled example. */
function outputFile(given: string | undefined): string {
  const root = findProjectRoot(__dirname);
  const examples = [EXAMPLE_CONFIG_PATH, STANDALONE_EXAMPLE_CONFIG_PATH].map((example) => path.join(root, example));
  if (given !== undefined) {
    const file = userPath(given);
    if (examples.includes(file))
      throw new UsageError(`--out ${given} is a bundled example, which discover never writes: give another file`);
    return file;
  }
  const chosen = resolveConfigFile();
  if (chosen.isBundledExample) {
    throw new UsageError(
      `no organization file is chosen (${CONFIG_PATH_ENV}, or cdktf.json context.${CONFIG_PATH_CONTEXT_KEY}), and discover never writes the bundled example: give --out FILE`,
    );
  }
  console.log(`organization file: ${displayPath(chosen.path)} (chosen by ${chosen.chosenBy})`);
  return chosen.path;
}

function readAtMost(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  if (bytes.length > MAX_CONFIG_BYTES)
    throw new DiscoveryInputError(`${displayPath(file)} is over ${MAX_CONFIG_BYTES} bytes: not an organization file`);
  return bytes;
}

/** Written next to the file and moved into place, so an interrupted write never leaves half a file. */
function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}

void runCommand(COMMAND, (parsed) => {
  try {
    return main(parsed);
  } catch (error) {
    // Found before anything is written: say so.
    if (error instanceof DiscoveryInputError || error instanceof DiscoveryConflict) {
      console.error(`${error.message}\nnothing was written`);
      return 1;
    }
    throw error;
  }
});
