import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_PATH_ENV } from '../../config/config-file';
import { formatPath, loadOrganizationConfig, validateOrganizationConfig } from '../../config/load';
import { ACCOUNT_ROLES } from '../../config/schema';
import { MAX_CONFIG_TAGS } from '../../config/tags';
import { exampleOrg, exampleOrgInput, problemsOf, tempDir } from '../helpers/synth';

describe('the bundled example organization', () => {
  const org = exampleOrg();

  test('is valid and has an account of every role in 3 regions', () => {
    expect(new Set(org.accounts.map((a) => a.role))).toEqual(new Set(ACCOUNT_ROLES));
    expect(org.regions).toHaveLength(3);
    expect(org.regions).toContain(org.homeRegion);
  });

  test('uses fictional account ids only', () => {
    for (const account of org.accounts) expect(account.id).toMatch(/^(\d)\1{11}$/);
  });
});

describe('defaults', () => {
  const minimal = {
    namePrefix: 'demo',
    homeRegion: 'eu-west-1',
    regions: ['eu-west-1'],
    accounts: [{ name: 'only', id: '123456789012', role: 'workload' }],
    notifications: { emails: ['ops@example.com'] },
    stateBackend: { type: 's3', bucket: 'demo-state', region: 'eu-west-1' },
  };

  test('fill in retention, lifecycle, deployment role and state key prefix', () => {
    const org = validateOrganizationConfig(minimal);
    expect(org.deploymentRoleName).toBe('OrganizationAccountAccessRole');
    expect(org.auditTrail.cloudWatchLogsRetentionDays).toBe(365);
    for (const lifecycle of Object.values(org.logBuckets)) {
      expect(lifecycle).toEqual({
        transitionToGlacierDays: 90,
        expirationDays: 2555,
        noncurrentVersionExpirationDays: 365,
        abortIncompleteMultipartUploadDays: 7,
      });
    }
    expect(org.stateBackend).toMatchObject({ type: 's3', keyPrefix: 'security-baseline' });
  });

  test('a Terraform Cloud backend names workspaces {prefix}-{account} by default', () => {
    const org = validateOrganizationConfig({ ...minimal, stateBackend: { type: 'cloud', organization: 'acme' } });
    expect(org.stateBackend).toMatchObject({ workspaceNamePattern: '{prefix}-{account}', hostname: 'app.terraform.io' });
  });
});

describe('validation reports every problem at once', () => {
  test('field errors and cross-field errors together, sorted by field, each with its value', () => {
    const raw = exampleOrgInput();
    raw.namePrefix = 'Bad_Prefix';
    raw.accounts[1].id = '42';
    raw.accounts[4].name = raw.accounts[3].name;
    raw.homeRegion = 'us-west-2';

    const problems = problemsOf(raw);
    expect(problems.map((p) => p.field)).toEqual(['accounts[1].id', 'accounts[4].name', 'homeRegion', 'namePrefix']);
    expect(problems.find((p) => p.field === 'accounts[1].id')).toMatchObject({
      value: '42',
      message: expect.stringContaining('12-digit'),
    });
    expect(problems.find((p) => p.field === 'homeRegion')?.message).toContain('eu-west-1, eu-central-1, us-east-1');
  });

  test('the error message lists field, value and what is allowed on one line per problem', () => {
    const raw = exampleOrgInput();
    raw.accounts[0].role = 'auditor';
    expect(() => validateOrganizationConfig(raw, 'org.json')).toThrow(
      /org\.json: 1 problem\n {2}- accounts\[0\]\.role: "auditor" must be one of: management, log-archive, security, workload$/,
    );
  });

  test('a missing field says it is required and what type it takes', () => {
    const raw = exampleOrgInput();
    delete raw.notifications;
    expect(problemsOf(raw)).toEqual([{ field: 'notifications', value: undefined, message: 'is required (object)' }]);
  });

  test('every unknown key is named, so typos do not silently fall back to defaults', () => {
    const raw = exampleOrgInput();
    raw.auditTrail = { cloudWatchLogRetentionDays: 30 };
    raw.regoins = ['eu-west-1'];
    expect(problemsOf(raw).map((p) => p.field)).toEqual(['auditTrail.cloudWatchLogRetentionDays', 'regoins']);
  });
});

describe('AWS Config settings', () => {
  test('a remediation that is on while its rule is off is rejected, naming both', () => {
    const raw = exampleOrgInput();
    raw.awsConfig = { rules: { 'restricted-ssh': false }, remediations: { 'open-admin-ports': 'manual' } };
    expect(problemsOf(raw)).toEqual([
      {
        field: 'awsConfig.remediations.open-admin-ports',
        value: 'manual',
        message:
          'cannot be manual: it remediates awsConfig.rules.restricted-ssh, which is switched off; enable the rule or set this remediation to off',
      },
    ]);
  });

  test('a default-on remediation counts too, and switching it off makes the config valid', () => {
    const raw = exampleOrgInput();
    raw.awsConfig = { rules: { 'vpc-default-security-group-closed': false } };
    expect(problemsOf(raw).map((p) => [p.field, p.message.slice(0, 23)])).toEqual([
      ['awsConfig.remediations.default-security-group', 'cannot be automatic: it'],
    ]);
    raw.awsConfig.remediations = { 'default-security-group': 'off' };
    expect(validateOrganizationConfig(raw).awsConfig.rules).toEqual({ 'vpc-default-security-group-closed': false });
  });

  test('rule and remediation keys must be catalog keys, and modes one of the three', () => {
    const raw = exampleOrgInput();
    raw.awsConfig = { rules: { 'restricted-telnet': false }, remediations: { 'default-security-group': 'sometimes' } };
    expect(problemsOf(raw).map((p) => [p.field, p.message])).toEqual([
      ['awsConfig.remediations.default-security-group', 'must be one of: automatic, manual, off'],
      [
        'awsConfig.rules.restricted-telnet',
        expect.stringMatching(
          /^is not a known field \(check its spelling\); the fields here are: restricted-ssh, restricted-common-ports, .* and 5 more$/,
        ),
      ],
    ]);
  });

  test('defaults: continuous recording, catalog modes, loop guard 10 runs per 60 minutes, CIS password policy', () => {
    const org = validateOrganizationConfig(exampleOrgInput());
    expect(org.awsConfig).toMatchObject({
      recordingFrequency: 'CONTINUOUS',
      excludedResourceTypes: [],
      loopGuard: { maxExecutions: 10, windowMinutes: 60 },
    });
    expect(org.hardening).toMatchObject({
      passwordPolicy: { minimumLength: 14, reusePrevention: 24, maxPasswordAgeDays: 90 },
      ebsDefaultEncryptionKey: 'aws-managed',
      accessAnalyzer: true,
      supportRole: true,
    });
  });
});

describe('GuardDuty and Security Hub settings', () => {
  test('defaults: 15-minute publishing, FSBP and CIS v3.0.0, no disabled controls, remediation guard of 60 minutes and 20 an hour', () => {
    const raw = exampleOrgInput();
    delete raw.guardDuty;
    delete raw.securityHub;
    const org = validateOrganizationConfig(raw);
    expect(org.guardDuty).toEqual({ findingPublishingFrequency: 'FIFTEEN_MINUTES', protections: {} });
    expect(org.securityHub).toEqual({
      standards: ['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/3.0.0'],
      disabledControls: [],
      remediation: { controls: {}, windowMinutes: 60, maxPerHour: 20 },
    });
  });

  test('a control can only be disabled in a subscribed standard', () => {
    const raw = exampleOrgInput();
    raw.securityHub = {
      standards: ['aws-foundational-security-best-practices/v/1.0.0'],
      disabledControls: [{ standards: ['cis-aws-foundations-benchmark/v/3.0.0'], controlId: 'IAM.6', reason: 'x' }],
    };
    expect(problemsOf(raw)).toContainEqual({
      field: 'securityHub.disabledControls[0].standards[0]',
      value: 'cis-aws-foundations-benchmark/v/3.0.0',
      message: 'is not a subscribed standard; subscribed: aws-foundational-security-best-practices/v/1.0.0',
    });
  });
});

describe('loading a file', () => {
  test('a rejected file is named as the summaries name it: relative to the current directory when inside it', () => {
    const dir = fs.mkdtempSync(path.join(process.cwd(), '.load-test-'));
    const file = path.join(dir, 'acme.json');
    fs.writeFileSync(file, '{ "namePrefix": ');
    try {
      expect(() => loadOrganizationConfig(file)).toThrow(`Invalid organization config ${path.basename(dir)}/acme.json: 1 problem`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing file names the resolved path and the variable to set', () => {
    expect(() => loadOrganizationConfig('does-not-exist.json')).toThrow(
      new RegExp(`\\(file\\): ".*does-not-exist\\.json" cannot be read \\(ENOENT\\); set ${CONFIG_PATH_ENV}`),
    );
  });

  test('invalid JSON is reported as such', () => {
    const file = path.join(tempDir('json'), 'org.json');
    fs.writeFileSync(file, '{ "namePrefix": ');
    expect(() => loadOrganizationConfig(file)).toThrow(/\(file\): must be valid JSON/);
  });
});

test('field paths are written the way the file is navigated', () => {
  expect(formatPath(['accounts', 2, 'id'])).toBe('accounts[2].id');
  expect(formatPath(['regions', 0])).toBe('regions[0]');
  expect(formatPath([])).toBe('(root)');
  expect(formatPath(['cisMonitoring', 'filters', '4.1'])).toBe('cisMonitoring.filters.4.1');
});

test('keys that are not plain are quoted, with control characters escaped, so a path cannot garble the terminal', () => {
  expect(formatPath(['tags', 'Cost Center'])).toBe('tags["Cost Center"]');
  expect(formatPath(['tags', 'a\nb\u001b[31m'])).toBe('tags["a\\nb\\u001b[31m"]');
  expect(formatPath(['tags', 'x\u202ey'])).toBe('tags["x\\u202ey"]');
});

describe('tags', () => {
  const withTags = (count: number, extra: Record<string, string> = {}) => {
    const raw = exampleOrgInput();
    raw.tags = { ...Object.fromEntries(Array.from({ length: count }, (_, i) => [`Tag${i}`, 'v'])), ...extra };
    return raw;
  };

  test(`${MAX_CONFIG_TAGS} tags are accepted, one more is not`, () => {
    expect(() => validateOrganizationConfig(withTags(MAX_CONFIG_TAGS))).not.toThrow();
    expect(problemsOf(withTags(MAX_CONFIG_TAGS + 1)).map((p) => p.field)).toEqual(['tags']);
  });

  test('Unicode letters, spaces and the allowed punctuation are fine in keys and values; aws: in a value is too', () => {
    expect(() =>
      validateOrganizationConfig(withTags(0, { 'Kostenstelle Zürich': 'Équipe sécurité: a/b=c+d-e_f@g.h', Source: 'aws:organizations' })),
    ).not.toThrow();
  });

  test('an empty value is allowed, an empty key is not', () => {
    expect(() => validateOrganizationConfig(withTags(0, { Empty: '' }))).not.toThrow();
    expect(problemsOf(withTags(0, { '': 'x' }))).toEqual([
      { field: 'tags[""]', value: '', message: expect.stringContaining('tag keys are 1-128') },
    ]);
  });
});

describe('lists of names in messages', () => {
  const withExtraAccounts = (count: number) => {
    const raw = exampleOrgInput();
    raw.mode = 'organization';
    raw.organization = { id: 'o-a1b2c3d4e5', rootId: 'r-a1b2' };
    for (let i = 0; i < count; i++) raw.accounts.push({ name: `extra-${i}`, id: String(600000000000 + i), role: 'workload' });
    return raw;
  };
  const policyTargetMessage = (raw: Record<string, any>, target: string) => {
    raw.securityHub.policyTargets = [target];
    return problemsOf(raw).find((p) => p.field === 'securityHub.policyTargets[0]')!.message;
  };

  test('up to 30 accounts are listed in file order', () => {
    const names = [
      ...exampleOrgInput().accounts.map((a: { name: string }) => a.name),
      ...Array.from({ length: 25 }, (_, i) => `extra-${i}`),
    ];
    expect(policyTargetMessage(withExtraAccounts(25), 'workload-test')).toBe(`is not an account name; accounts: ${names.join(', ')}`);
  });

  test('beyond 30, the 30 closest to the name given are listed and the rest counted, so a near miss is never hidden', () => {
    const message = policyTargetMessage(withExtraAccounts(60), 'extra-57x');
    expect(message).toMatch(/^is not an account name; accounts: extra-57, .* and 35 more; did you mean "extra-57"\?$/);
    expect(message.split(', ')).toHaveLength(30);
  });
});

describe('the Slack webhook secret must be where the notifier can read it', () => {
  const secretIn = (region: string, account: string) => `arn:aws:secretsmanager:${region}:${account}:secret:slack-AbCdEf`;
  const keyIn = (region: string, account: string) => `arn:aws:kms:${region}:${account}:key/0f8e9d7c-1111-2222-3333-444455556666`;
  const withNotifier = (notifier: Record<string, unknown>, organizationMode: boolean) => {
    const raw = exampleOrgInput();
    if (organizationMode) Object.assign(raw, { mode: 'organization', organization: { id: 'o-a1b2c3d4e5', rootId: 'r-a1b2' } });
    raw.notifications.slack.notifier = notifier;
    return raw;
  };
  const fieldsOf = (raw: unknown) => problemsOf(raw).map((p) => p.field);
  const NOTIFIER = 'notifications.slack.notifier';

  test('organization mode: in the security account and the home region', () => {
    expect(() => validateOrganizationConfig(withNotifier({ webhookSecretArn: secretIn('eu-west-1', '333333333333') }, true))).not.toThrow();
    expect(fieldsOf(withNotifier({ webhookSecretArn: secretIn('eu-central-1', '333333333333') }, true))).toEqual([
      `${NOTIFIER}.webhookSecretArn`,
    ]);
  });

  test('in another account only with a customer-managed key, which must be in the secret’s region', () => {
    const elsewhere = secretIn('eu-west-1', '444444444444');
    expect(fieldsOf(withNotifier({ webhookSecretArn: elsewhere }, true))).toEqual([`${NOTIFIER}.webhookSecretArn`]);
    expect(() =>
      validateOrganizationConfig(withNotifier({ webhookSecretArn: elsewhere, webhookKmsKeyArn: keyIn('eu-west-1', '444444444444') }, true)),
    ).not.toThrow();
    expect(fieldsOf(withNotifier({ webhookSecretArn: elsewhere, webhookKmsKeyArn: keyIn('us-east-1', '444444444444') }, true))).toEqual([
      `${NOTIFIER}.webhookKmsKeyArn`,
    ]);
  });

  test('an SSM parameter is read in the home region of each notifier: its key must be there too', () => {
    expect(() =>
      validateOrganizationConfig(
        withNotifier({ webhookParameterName: '/slack', webhookKmsKeyArn: keyIn('eu-west-1', '333333333333') }, false),
      ),
    ).not.toThrow();
    expect(fieldsOf(withNotifier({ webhookParameterName: '/slack', webhookKmsKeyArn: keyIn('us-east-1', '333333333333') }, false))).toEqual(
      [`${NOTIFIER}.webhookKmsKeyArn`],
    );
  });

  test('standalone mode: every account reads the security channel’s secret, a team channel’s accounts read theirs', () => {
    const single = withNotifier({ webhookSecretArn: secretIn('eu-west-1', '444444444444') }, false);
    single.accounts = [single.accounts[3]];
    expect(() => validateOrganizationConfig(single)).not.toThrow();

    const route = (accounts: string[]) =>
      withNotifier(
        { webhookParameterName: '/slack', routes: [{ accounts, webhookSecretArn: secretIn('eu-west-1', '444444444444') }] },
        false,
      );
    expect(() => validateOrganizationConfig(route(['workload-prod']))).not.toThrow();
    expect(problemsOf(route(['workload-prod', 'workload-dev']))).toEqual([
      expect.objectContaining({
        field: `${NOTIFIER}.routes[0].webhookSecretArn`,
        message: expect.stringContaining('1 of them is in other accounts (workload-dev)'),
      }),
    ]);
  });
});

test('a missing field says what it may be, not every value of its type', () => {
  const raw = exampleOrgInput();
  delete raw.stateBackend.region;
  expect(problemsOf(raw)).toEqual([
    {
      field: 'stateBackend.region',
      value: undefined,
      message: expect.stringMatching(/^is required: a commercial AWS region: ap-northeast-1, .*, eu-west-1 and 23 more$/),
    },
  ]);
});
