import {
  cloudTrailDeliveryStatements,
  configDeliveryStatements,
  logDeliveryStatements,
  serverAccessLogDeliveryStatements,
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
