/**
 * The checks that do not depend on the schema, run over every field of a fully populated
 * organization: whatever field a string or an object sits in, it is covered.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, formatPath, loadOrganizationConfig, validateOrganizationConfig } from '../../config/load';
import {
  decodeConfigText,
  describeJsonSyntaxError,
  duplicateKeys,
  excessiveNesting,
  MAX_CONFIG_BYTES,
  MAX_NESTING_DEPTH,
  secretsInText,
} from '../../config/input-safety';
import { DEFAULT_ENABLED_REGIONS } from '../../config/regions';
import { exampleOrgInput, problemsOf, tempDir } from '../helpers/synth';

type Path = (string | number)[];

/** The example with the optional sections filled in too, so every kind of field is present. */
function fullyPopulatedInput() {
  const input = exampleOrgInput();
  input.stateBackend.kmsKeyId = 'alias/terraform-state';
  input.hardening = {
    passwordPolicy: { minimumLength: 16, reusePrevention: 24, maxPasswordAgeDays: 90 },
    ebsDefaultEncryptionKey: 'customer-managed',
    securityContact: { name: 'Security Team', title: 'CISO office', emailAddress: 'security@example.com', phoneNumber: '+1 555 0100' },
  };
  input.awsConfig = {
    recordingFrequency: 'DAILY',
    excludedResourceTypes: ['AWS::EC2::NetworkInterface'],
    rules: { 'access-keys-rotated': true },
    remediations: { 'open-admin-ports': 'manual' },
    loopGuard: { maxExecutions: 5, windowMinutes: 30 },
  };
  input.cisMonitoring = { filters: { '4.1': { enabled: true, threshold: 2, periodSeconds: 600 } } };
  input.securityEvents = { rules: { 'health-events': false }, guardDutyMinimumSeverity: 7 };
  return input;
}

/** Every place in a JSON value: the path of each string, number, boolean, object and array. */
function placesIn(value: unknown, at: Path = []): { path: Path; value: unknown }[] {
  const here = { path: at, value };
  if (typeof value !== 'object' || value === null) return [here];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [here, ...children.flatMap(([key, child]) => placesIn(child, [...at, key]))];
}

function setAt(root: any, at: Path, value: unknown): void {
  at.slice(0, -1).reduce((node, segment) => node[segment], root)[at[at.length - 1]] = value;
}

function renameKey(root: any, at: Path, newKey: string): void {
  const parent = at.slice(0, -1).reduce((node, segment) => node[segment], root);
  parent[newKey] = parent[at[at.length - 1]];
  delete parent[at[at.length - 1]];
}

const populated = fullyPopulatedInput();
const places = placesIn(populated);
const stringPlaces = places.filter((p) => typeof p.value === 'string');
const keyPlaces = places.filter((p) => typeof p.path[p.path.length - 1] === 'string');
const objectPlaces = places.filter((p) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value));

test('the fully populated organization is valid and has strings, keys and objects to change', () => {
  expect(() => validateOrganizationConfig(populated)).not.toThrow();
  expect(stringPlaces.length).toBeGreaterThan(30);
});

describe.each([
  ['${var.secret}', 'must not contain "${" or "%{"'],
  ['%{ if true }x%{ endif }', 'must not contain "${" or "%{"'],
  ['two\nlines', 'must not contain control characters'],
  ['bell\u0007', 'must not contain control characters'],
])('%j anywhere is reported where it is', (unsafe, message) => {
  test.each(stringPlaces.map((p) => [formatPath(p.path), p.path] as const))('as the value of %s', (_, at) => {
    const raw = fullyPopulatedInput();
    setAt(raw, at, unsafe);
    expect(problemsOf(raw)).toContainEqual({ field: formatPath(at), value: unsafe, message: expect.stringContaining(message) });
  });

  test.each(keyPlaces.map((p) => [formatPath(p.path), p.path] as const))('in the key %s', (_, at) => {
    const raw = fullyPopulatedInput();
    const key = `${String(at[at.length - 1])}${unsafe}`;
    renameKey(raw, at, key);
    const field = formatPath([...at.slice(0, -1), key]);
    expect(problemsOf(raw)).toContainEqual({ field, value: key, message: expect.stringContaining(message) });
  });
});

/** The error a config is rejected with. */
function errorOf(raw: unknown): ConfigError {
  try {
    validateOrganizationConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('a webhook URL anywhere is a problem where it is, and is printed nowhere', () => {
  const url = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/secretPart';
  const redacted = 'https://hooks.slack.com/services/<redacted>';
  const expectNoSecret = (error: ConfigError) => {
    expect(error.message).not.toContain('secretPart');
    expect(JSON.stringify(error.problems)).not.toContain('secretPart');
  };

  test.each(stringPlaces.map((p) => [formatPath(p.path), p.path] as const))('as the value of %s', (_, at) => {
    const raw = fullyPopulatedInput();
    setAt(raw, at, url);
    const error = errorOf(raw);
    expect(error.problems).toContainEqual({
      field: formatPath(at),
      value: redacted,
      message: expect.stringContaining('a webhook URL is a secret'),
    });
    expectNoSecret(error);
  });

  test.each(keyPlaces.map((p) => [formatPath(p.path), p.path] as const))('in the key %s', (_, at) => {
    const raw = fullyPopulatedInput();
    renameKey(raw, at, url);
    const error = errorOf(raw);
    expect(error.problems).toContainEqual({
      field: formatPath([...at.slice(0, -1), redacted]),
      value: redacted,
      message: expect.stringContaining('is a key that holds a Slack webhook URL'),
    });
    expectNoSecret(error);
  });

  test('in what another part of the program reports', () => {
    const error = new ConfigError('org.json', [{ field: `x.${url}`, value: { list: [url] }, message: `is ${url}` }]);
    expect(error.problems).toEqual([{ field: `x.${redacted}`, value: { list: [redacted] }, message: `is ${redacted}` }]);
    expectNoSecret(error);
  });
});

// `tags` is the one free-form map: a new key there is a new tag.
const strictObjects = objectPlaces.filter((p) => p.path.join('.') !== 'tags');
test.each(strictObjects.map((p) => [formatPath(p.path), p.path] as const))('an unknown key in %s is named', (_, at) => {
  const raw = fullyPopulatedInput();
  setAt(raw, [...at, 'unexpectedField'], 1);
  expect(problemsOf(raw).map((p) => p.field)).toContain(formatPath([...at, 'unexpectedField']));
});

/** A misspelt key, one letter doubled, gets the key it misspells: in every object of fixed keys, wherever it sits. */
test.each(
  objectPlaces
    .filter((p) => p.path.join('.') !== 'tags')
    .flatMap((p) =>
      Object.keys(p.value as object)
        .filter((key) => key.length >= 5)
        .slice(0, 1)
        .map((key) => [formatPath([...p.path, key]), p.path, key] as const),
    ),
)('a misspelling of %s is answered with did you mean', (_, at, key) => {
  const raw = fullyPopulatedInput();
  setAt(raw, [...at, `${key}${key[key.length - 1]}`], 1);
  expect(problemsOf(raw)).toContainEqual(
    expect.objectContaining({
      field: formatPath([...at, `${key}${key[key.length - 1]}`]),
      message: `is not a known field; did you mean "${key}"?`,
    }),
  );
});

describe('JSON syntax errors say where, show the line with secrets redacted, and what to write', () => {
  const syntaxMessage = (text: string, fileName = 'org.json') => {
    try {
      JSON.parse(text);
    } catch (error) {
      return describeJsonSyntaxError(error as Error, text, fileName);
    }
    throw new Error('expected invalid JSON');
  };

  test.each([
    ['{"a": 1 "b": 2}', 'at line 1, column 9 (near `{"a": 1 "b": 2}`): a comma is missing before this'],
    ['{\n  "a": 1,\n  "b": [1, 2,]\n}', 'at line 3, column 13 (near `"b": [1, 2,]`): a trailing comma before "]"'],
    ['{\n  "a": 1,\n}', 'at line 2, column 9 (near `"a": 1,`): a trailing comma before "}"'],
    ['{"id": 012345678901}', 'at line 1, column 8 (near `{"id": 012345678901}`): the number 012345678901 starts with 0'],
    ['{"a": NaN}', 'at line 1, column 7 (near `{"a": NaN}`): this is not a JSON value'],
    ['{} {}', 'at line 1, column 4 (near `{} {}`): the JSON ends before this'],
    ['{"a": "x\ty"}', 'at line 1, column 7 (near `{"a": "x\\u0009y"}`): a string contains a control character'],
    ['{"a": 1} // note', 'at line 1, column 10 (near `{"a": 1} // note`): comments are not allowed in JSON'],
    ['{"a": "\\q"}', 'at line 1, column 7 (near `{"a": "\\q"}`): this backslash escape does not exist in JSON'],
  ])('%j', (text, expected) => {
    const wanted = `must be valid JSON: ${expected}`;
    expect(syntaxMessage(text).slice(0, wanted.length)).toBe(wanted);
  });

  test('YAML is named as such: by the file name, or by a first line that is YAML', () => {
    const yaml = 'the organization file is JSON; YAML is not supported';
    expect(syntaxMessage('mode: organization\n')).toContain(yaml);
    expect(syntaxMessage('---\nmode: organization\n')).toContain(yaml);
    expect(syntaxMessage('# acme\nmode: organization\n')).toContain(yaml);
    expect(syntaxMessage('mode organization', 'org.yml')).toContain(yaml);
    // A broken JSON object is JSON, whatever the file is called.
    expect(syntaxMessage('{"a": 1,}', 'org.yaml')).toContain('a trailing comma');
  });

  test('the line is redacted before it is cut, so a cut through a secret shows none of it', () => {
    const secret = 's'.repeat(100);
    const text = `{"url": "https://hooks.slack.com/services/T0/B0/${secret}",}`;
    const message = syntaxMessage(text);
    expect(message).toContain('at line 1, column 150 (near `{"url": "https://hooks.slack.com/services/<redacted>",}`)');
    expect(message).not.toContain('sss');
  });

  test('a long line is cut around the place', () => {
    const text = `{"a": "${'x'.repeat(200)}" "b": 1, "c": "${'y'.repeat(200)}"}`;
    expect(syntaxMessage(text)).toContain(
      `(near \`…${'x'.repeat(28)}" "b": 1, "c": "${'y'.repeat(16)}…\`): a comma is missing before this`,
    );
  });

  test('secrets in a file that is not JSON are found at their line and column', () => {
    const text = '{\n  "hook": "https://hooks.slack.com/services/T0/B0/secretPart",\n  "key": "AKIAIOSFODNN7EXAMPLE",\n}';
    expect(secretsInText(text)).toEqual([
      expect.stringMatching(/^has a Slack webhook URL at line 2, column 12; a webhook URL is a secret/),
      expect.stringMatching(/^has an AWS access key id at line 3, column 11; an AWS key is a secret/),
    ]);
  });
});

describe('the file itself', () => {
  const text = JSON.stringify(exampleOrgInput());

  test('a UTF-8 byte order mark is accepted and dropped', () => {
    const file = path.join(tempDir('bom'), 'org.json');
    fs.writeFileSync(file, `\ufeff${text}`);
    expect(loadOrganizationConfig(file).namePrefix).toBe(exampleOrgInput().namePrefix);
    expect(decodeConfigText(Buffer.from(`\ufeff${text}`))).toEqual({ text });
  });

  test('keys given twice are found at any depth, with their path; the same key in two objects is fine', () => {
    const json = '{"a": {"b": [1, {"c": 1, "d": 2, "c": 3}], "e": 1, "e": 2}, "f": {"e": 1}, "x": "\\"a\\": 1, \\"a\\": 2"}';
    expect(duplicateKeys(json).map((issue) => formatPath(issue.path))).toEqual(['a.b[1].c', 'a.e']);
  });

  test('escaped keys are compared by what they spell', () => {
    expect(duplicateKeys('{"tags": {}, "t\\u0061gs": {}}').map((issue) => issue.path)).toEqual([['tags']]);
  });

  test('nesting is bounded without recursion, however deep the file', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(excessiveNesting(deep)?.path).toHaveLength(MAX_NESTING_DEPTH);
    expect(excessiveNesting(fullyPopulatedInput())).toBeUndefined();
  });

  test('more than 50 problems are counted, not all listed', () => {
    const raw = exampleOrgInput();
    raw.regions = Array.from({ length: 60 }, (_, i) => `nowhere-${i}`);
    const error = (() => {
      try {
        validateOrganizationConfig(raw);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected the config to be rejected');
    })();
    expect(error.problems.length).toBeGreaterThan(60);
    expect(error.message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(50);
    expect(error.message).toMatch(new RegExp(`\\n  … and ${error.problems.length - 50} more$`));
  });
});

test('an organization of 1,000 accounts, each adopting everything in every default region, fits and loads', () => {
  const regions = [...DEFAULT_ENABLED_REGIONS];
  const perRegion = (value: string) => Object.fromEntries(regions.map((region) => [region, value]));
  const raw = exampleOrgInput();
  raw.detectiveControlRegions = 'all-default-enabled';
  raw.accounts = Array.from({ length: 1000 }, (_, i) => ({
    name: `workload-${String(i).padStart(4, '0')}-${'x'.repeat(18)}`,
    id: String(100_000_000_000 + i),
    role: i < 3 ? ['management', 'log-archive', 'security'][i] : 'workload',
    deploymentRoleName: 'SecurityBaselineDeployer',
    adopt: {
      configServiceLinkedRole: true,
      configRecorder: {
        recorderName: 'aws-controltower-BaselineConfigRecorder',
        deliveryChannelName: 'aws-controltower-BaselineConfigDeliveryChannel',
        regions,
      },
      guardDutyDetectors: perRegion('0123456789abcdef0123456789abcdef'),
      securityHub: regions,
      accessAnalyzers: perRegion('ConsoleAnalyzer-0123'),
    },
  }));
  const file = path.join(tempDir('large'), 'org.json');
  fs.writeFileSync(file, JSON.stringify(raw, null, 4));

  expect(fs.statSync(file).size).toBeLessThan(MAX_CONFIG_BYTES);
  expect(loadOrganizationConfig(file).accounts).toHaveLength(1000);
});
