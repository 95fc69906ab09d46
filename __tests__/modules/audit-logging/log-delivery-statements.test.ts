import {
  accountTrailsDeliveryStatements,
  cloudTrailDeliveryStatements,
  configDeliveryStatements,
  logDeliveryStatements,
  organizationConfigDeliveryStatements,
  organizationTrailDeliveryStatements,
  parseTrailArn,
  serverAccessLogDeliveryStatements,
  SOURCE_ACCOUNT_VARIABLE,
} from '../../../modules/audit-logging/log-delivery-statements';

const BUCKET = 'arn:aws:s3:::logs';
const ACCOUNT = '123456789012';

test('CloudTrail may read the bucket ACL and write only under AWSLogs/<account>/, only for its trail', () => {
  const trailArn = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/t`;
  expect(cloudTrailDeliveryStatements(BUCKET, ACCOUNT, trailArn)).toEqual([
    expect.objectContaining({ Action: 's3:GetBucketAcl', Resource: BUCKET, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } }),
    expect.objectContaining({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${BUCKET}/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
    }),
  ]);
});

test('AWS Config may check the bucket and write only under AWSLogs/<account>/Config/, only for the account', () => {
  const statements = configDeliveryStatements(BUCKET, ACCOUNT);
  expect(statements.map((s) => s.Action)).toEqual(['s3:GetBucketAcl', 's3:ListBucket', 's3:PutObject']);
  for (const statement of statements) {
    expect(statement.Principal).toEqual({ Service: 'config.amazonaws.com' });
    expect(statement.Condition?.StringEquals?.['aws:SourceAccount']).toBe(ACCOUNT);
  }
  expect(statements[2].Resource).toBe(`${BUCKET}/AWSLogs/${ACCOUNT}/Config/*`);
});

test('S3 server access logging may write only for the listed source buckets of the account', () => {
  expect(serverAccessLogDeliveryStatements(BUCKET, ACCOUNT, ['arn:aws:s3:::a', 'arn:aws:s3:::b'])).toEqual([
    {
      Sid: 'AllowS3ServerAccessLogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${BUCKET}/*`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::a', 'arn:aws:s3:::b'] },
      },
    },
  ]);
});

test('Log delivery (VPC flow logs) may write only under AWSLogs/<account>/, for log sources of the account', () => {
  const statements = logDeliveryStatements(BUCKET, ACCOUNT);
  expect(statements.map((s) => s.Action)).toEqual(['s3:GetBucketAcl', 's3:ListBucket', 's3:PutObject']);
  for (const statement of statements) {
    expect(statement.Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
    expect(statement.Condition?.StringEquals?.['aws:SourceAccount']).toBe(ACCOUNT);
    expect(statement.Condition?.ArnLike).toEqual({ 'aws:SourceArn': `arn:aws:logs:*:${ACCOUNT}:*` });
  }
  expect(statements[2].Resource).toBe(`${BUCKET}/AWSLogs/${ACCOUNT}/*`);
});

describe('organization forms', () => {
  const ORG_TRAIL = 'arn:aws:cloudtrail:eu-west-1:222222222222:trail/org';
  const trailOf = (account: string, name = 'audit', region = 'eu-west-1') => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

  test('the organization trail may write under AWSLogs/<organization id>/ and AWSLogs/<management account>/, only for this trail', () => {
    expect(
      organizationTrailDeliveryStatements(BUCKET, {
        organizationId: 'o-a1b2c3d4e5',
        managementAccountId: '222222222222',
        trailArn: ORG_TRAIL,
      }),
    ).toEqual([
      {
        Sid: 'AllowOrganizationTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: BUCKET,
        Condition: { StringEquals: { 'aws:SourceArn': ORG_TRAIL } },
      },
      {
        Sid: 'AllowOrganizationTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: [`${BUCKET}/AWSLogs/o-a1b2c3d4e5/*`, `${BUCKET}/AWSLogs/222222222222/*`],
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': ORG_TRAIL } },
      },
    ]);
  });

  test('an organization trail outside the management account is refused', () => {
    expect(() =>
      organizationTrailDeliveryStatements(BUCKET, { organizationId: 'o-a1b2c3d4e5', managementAccountId: ACCOUNT, trailArn: ORG_TRAIL }),
    ).toThrow(`must be owned by the management account ${ACCOUNT}`);
  });

  test('account trails share one statement naming each account once, its prefix and trail through ${aws:SourceAccount}', () => {
    const statements = accountTrailsDeliveryStatements(BUCKET, {
      '444444444444': trailOf('444444444444'),
      '333333333333': trailOf('333333333333'),
    });
    expect(statements).toEqual([
      {
        Sid: 'AllowAccountTrailsDelivery',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:PutObject'],
        Resource: [BUCKET, `${BUCKET}/AWSLogs/$\${aws:SourceAccount}/*`],
        Condition: {
          StringEquals: {
            'aws:SourceAccount': ['333333333333', '444444444444'],
            'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-1:$${aws:SourceAccount}:trail/audit',
          },
        },
      },
      {
        Sid: 'DenyCloudTrailWritesNotOwnedByBucketOwner',
        Effect: 'Deny',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${BUCKET}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ]);
    expect(SOURCE_ACCOUNT_VARIABLE).toBe('$${aws:SourceAccount}');
  });

  test('account trails of another name or region get a statement of their own; no trails, no statements', () => {
    const statements = accountTrailsDeliveryStatements(BUCKET, {
      '444444444444': trailOf('444444444444'),
      '333333333333': trailOf('333333333333', 'legacy'),
      '555555555555': trailOf('555555555555', 'audit', 'us-east-1'),
    });
    expect(
      statements.map((s) => [s.Sid, s.Condition?.StringEquals?.['aws:SourceAccount'], s.Condition?.StringEquals?.['aws:SourceArn']]),
    ).toEqual([
      ['AllowAccountTrailsDelivery1', ['444444444444'], 'arn:aws:cloudtrail:eu-west-1:$${aws:SourceAccount}:trail/audit'],
      ['AllowAccountTrailsDelivery2', ['333333333333'], 'arn:aws:cloudtrail:eu-west-1:$${aws:SourceAccount}:trail/legacy'],
      ['AllowAccountTrailsDelivery3', ['555555555555'], 'arn:aws:cloudtrail:us-east-1:$${aws:SourceAccount}:trail/audit'],
      ['DenyCloudTrailWritesNotOwnedByBucketOwner', undefined, undefined],
    ]);
    expect(accountTrailsDeliveryStatements(BUCKET, {})).toEqual([]);
  });

  test.each([
    [
      'a trail in another account',
      { '444444444444': trailOf('333333333333') },
      'trail of account 444444444444: arn:aws:cloudtrail:eu-west-1:333333333333:trail/audit is in account 333333333333',
    ],
    ['a malformed account id', { '4444': trailOf('444444444444') }, '"4444" is not a 12-digit AWS account id'],
    ['something that is not a trail ARN', { '444444444444': 'arn:aws:s3:::bucket' }, 'is not a trail ARN'],
  ])('account trails: %s is refused', (_, trails, message) => {
    expect(() => accountTrailsDeliveryStatements(BUCKET, trails)).toThrow(message);
  });

  test('AWS Config of several accounts: one statement for the checks and the write under AWSLogs/<account>/Config/, and the ACL deny', () => {
    const statements = organizationConfigDeliveryStatements(BUCKET, ['444444444444', '333333333333']);
    expect(statements[0]).toEqual({
      Sid: 'AllowConfigDeliveryForAccounts',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: ['s3:GetBucketAcl', 's3:ListBucket', 's3:PutObject'],
      Resource: [BUCKET, `${BUCKET}/AWSLogs/$\${aws:SourceAccount}/Config/*`],
      Condition: { StringEquals: { 'aws:SourceAccount': ['333333333333', '444444444444'] } },
    });
    expect(statements[1]).toMatchObject({
      Sid: 'DenyConfigWritesNotOwnedByBucketOwner',
      Effect: 'Deny',
      Principal: { Service: 'config.amazonaws.com' },
    });
    expect(organizationConfigDeliveryStatements(BUCKET, [])).toEqual([]);
    expect(() => organizationConfigDeliveryStatements(BUCKET, ['444444444444', '444444444444'])).toThrow(
      'account 444444444444 is listed twice',
    );
  });

  test('parseTrailArn reads a trail ARN, or names what it is not', () => {
    expect(parseTrailArn(ORG_TRAIL, 'x')).toEqual({ region: 'eu-west-1', accountId: '222222222222', name: 'org' });
    expect(() => parseTrailArn('arn:aws:cloudtrail:eu-west-1:*:trail/org', 'the trail')).toThrow(
      'the trail: "arn:aws:cloudtrail:eu-west-1:*:trail/org" is not a trail ARN',
    );
  });
});
