import { guardDutySeverityLabel, SEVERITY_COLOURS, toNotification, toSlackMessage } from '../../functions/slack-notifier/format';
import { createHandler } from '../../functions/slack-notifier/handler';

const guardDutyEvent = (severity: number) =>
  JSON.stringify({
    version: '0',
    source: 'aws.guardduty',
    'detail-type': 'GuardDuty Finding',
    account: '333333333333',
    region: 'eu-west-1',
    detail: {
      schemaVersion: '2.0',
      accountId: '444444444444',
      region: 'eu-central-1',
      type: 'UnauthorizedAccess:EC2/SSHBruteForce',
      severity,
      title: '203.0.113.9 is performing SSH brute force attacks against i-0abc.',
      description:
        '203.0.113.9 is performing SSH brute force attacks against i-0abc. Brute force attacks are used to gain unauthorized access.',
    },
  });

describe('GuardDuty severity bands', () => {
  test.each([
    [0, 'INFORMATIONAL'],
    [0.1, 'LOW'],
    [3.9, 'LOW'],
    [4, 'MEDIUM'],
    [5.25, 'MEDIUM'],
    [6.9, 'MEDIUM'],
    [7, 'HIGH'],
    [8.9, 'HIGH'],
    [9, 'CRITICAL'],
    [10, 'CRITICAL'],
  ])('%s → %s', (severity, label) => {
    expect(guardDutySeverityLabel(severity)).toBe(label);
  });
});

describe('notifications from each source', () => {
  test('GuardDuty: title, description, type, the affected account (not the sender), region, severity', () => {
    expect(toNotification(guardDutyEvent(8))).toEqual({
      title: '203.0.113.9 is performing SSH brute force attacks against i-0abc.',
      description: expect.stringContaining('Brute force attacks'),
      type: 'UnauthorizedAccess:EC2/SSHBruteForce',
      accountId: '444444444444',
      region: 'eu-central-1',
      severity: 'HIGH',
    });
  });

  test('Security Hub: the finding fields', () => {
    const message = JSON.stringify({
      source: 'aws.securityhub',
      'detail-type': 'Security Hub Findings - Imported',
      account: '333333333333',
      region: 'eu-west-1',
      detail: {
        findings: [
          {
            Title: 'S3 general purpose buckets should block public access',
            Description: 'This control checks whether the bucket blocks public access.',
            Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
            AwsAccountId: '555555555555',
            Region: 'us-east-1',
            Severity: { Label: 'CRITICAL' },
          },
        ],
      },
    });
    expect(toNotification(message)).toMatchObject({
      accountId: '555555555555',
      region: 'us-east-1',
      severity: 'CRITICAL',
      title: expect.stringContaining('S3'),
    });
  });

  test('CloudWatch alarm: ALARM is high, OK is informational', () => {
    const alarm = (state: string) =>
      JSON.stringify({
        AlarmName: 'acme-cis-4.3',
        AlarmDescription: 'CIS 4.3: Usage of the root user',
        AWSAccountId: '444444444444',
        NewStateValue: state,
        NewStateReason: 'Threshold Crossed: 1 datapoint [1.0] was greater than or equal to the threshold (1.0).',
        Region: 'EU (Ireland)',
      });
    expect(toNotification(alarm('ALARM'))).toMatchObject({
      title: 'acme-cis-4.3 is ALARM',
      type: 'CloudWatch Alarm',
      accountId: '444444444444',
      severity: 'HIGH',
    });
    expect(toNotification(alarm('OK')).severity).toBe('INFORMATIONAL');
  });

  test('Config: the rule, resource and compliance', () => {
    const message = JSON.stringify({
      source: 'aws.config',
      'detail-type': 'Config Rules Compliance Change',
      account: '444444444444',
      region: 'eu-west-1',
      detail: {
        configRuleName: 'acme-vpc-default-security-group-closed',
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0123',
        awsAccountId: '444444444444',
        awsRegion: 'eu-west-1',
        newEvaluationResult: { complianceType: 'NON_COMPLIANT' },
      },
    });
    expect(toNotification(message)).toMatchObject({
      title: 'Config rule acme-vpc-default-security-group-closed: NON_COMPLIANT',
      description: 'AWS::EC2::SecurityGroup sg-0123 is NON_COMPLIANT',
      severity: 'MEDIUM',
    });
  });

  test('a CloudTrail API call matched by a rule names the call, the caller and the account', () => {
    const message = JSON.stringify({
      source: 'aws.ec2',
      'detail-type': 'AWS API Call via CloudTrail',
      account: '444444444444',
      region: 'eu-west-1',
      detail: {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        sourceIPAddress: '203.0.113.7',
        userIdentity: { arn: 'arn:aws:iam::444444444444:user/alice' },
      },
    });
    expect(toNotification(message)).toMatchObject({
      title: 'AuthorizeSecurityGroupIngress (ec2.amazonaws.com)',
      description: 'AuthorizeSecurityGroupIngress by arn:aws:iam::444444444444:user/alice from 203.0.113.7',
      accountId: '444444444444',
    });
  });

  test('plain text is passed on rather than dropped', () => {
    expect(toNotification('hello')).toMatchObject({ description: 'hello', type: 'Text' });
  });
});

describe('Slack message', () => {
  const notification = toNotification(guardDutyEvent(7.5));

  test('colours the severity and lists type, account, region and severity', () => {
    const message = toSlackMessage(notification, { atOrAbove: 'HIGH' }) as any;
    expect(message.attachments[0].color).toBe(SEVERITY_COLOURS.HIGH);
    expect(message.attachments[0].fields.map((f: any) => [f.title, f.value])).toEqual([
      ['Type', 'UnauthorizedAccess:EC2/SSHBruteForce'],
      ['Account', '444444444444'],
      ['Region', 'eu-central-1'],
      ['Severity', 'HIGH'],
    ]);
  });

  test('mentions the on-call group at or above the threshold, not below', () => {
    expect((toSlackMessage(notification, { userGroupId: 'S0123456789', atOrAbove: 'HIGH' }) as any).text).toMatch(
      /^<!subteam\^S0123456789> \[HIGH\]/,
    );
    expect((toSlackMessage(notification, { userGroupId: 'S0123456789', atOrAbove: 'CRITICAL' }) as any).text).toMatch(/^\[HIGH\]/);
    expect((toSlackMessage(toNotification(guardDutyEvent(2)), { userGroupId: 'S0123456789', atOrAbove: 'MEDIUM' }) as any).text).toMatch(
      /^\[LOW\]/,
    );
  });
});

describe('handler', () => {
  const event = { Records: [{ Sns: { Message: guardDutyEvent(9.1) } }, { Sns: { Message: guardDutyEvent(1) } }] };

  test('posts every record to the webhook, reading the URL once', async () => {
    const posts: [string, any][] = [];
    const webhookUrl = jest.fn(async () => 'https://hooks.slack.com/services/T000/B000/XXXX');
    const handler = createHandler({
      webhookUrl,
      post: async (url, body) => {
        posts.push([url, JSON.parse(body)]);
        return { status: 200, text: async () => 'ok' };
      },
      mention: { userGroupId: 'S0123456789', atOrAbove: 'HIGH' },
    });
    await handler(event);
    await handler(event);
    expect(webhookUrl).toHaveBeenCalledTimes(1);
    expect(posts).toHaveLength(4);
    expect(posts[0][0]).toBe('https://hooks.slack.com/services/T000/B000/XXXX');
    expect(posts[0][1].text).toMatch(/^<!subteam\^S0123456789> \[CRITICAL\]/);
    expect(posts[1][1].text).toMatch(/^\[LOW\]/);
  });

  test('fails when Slack does not accept the message, so Lambda retries and then dead-letters it', async () => {
    const handler = createHandler({
      webhookUrl: async () => 'https://hooks.slack.com/services/x',
      post: async () => ({ status: 404, text: async () => 'no_service' }),
      mention: { atOrAbove: 'HIGH' },
    });
    await expect(handler(event)).rejects.toThrow('Slack answered 404: no_service');
  });

  test('fails when the webhook URL cannot be read', async () => {
    const handler = createHandler({
      webhookUrl: async () => {
        throw new Error('AccessDeniedException');
      },
      post: async () => ({ status: 200, text: async () => 'ok' }),
      mention: { atOrAbove: 'HIGH' },
    });
    await expect(handler(event)).rejects.toThrow('AccessDeniedException');
  });

  test('a webhook Slack no longer knows (404/410) is read again on the retry, a rate limit (429) is not', async () => {
    const webhookUrl = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('https://hooks.slack.com/old')
      .mockResolvedValue('https://hooks.slack.com/new');
    const answers = [404, 200, 200, 429, 200, 200];
    const posted: string[] = [];
    const handler = createHandler({
      webhookUrl,
      post: async (url) => {
        posted.push(url);
        const status = answers.shift()!;
        return { status, text: async () => 'x' };
      },
      mention: { atOrAbove: 'HIGH' },
    });
    await expect(handler(event)).rejects.toThrow('Slack answered 404');
    await handler(event);
    await expect(handler(event)).rejects.toThrow('Slack answered 429');
    await handler(event);
    expect(posted).toEqual(['https://hooks.slack.com/old', ...Array(5).fill('https://hooks.slack.com/new')]);
    expect(webhookUrl).toHaveBeenCalledTimes(2);
  });

  test('does not keep a failed webhook lookup: the next invocation in the same container reads it again', async () => {
    const webhookUrl = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('ThrottlingException'))
      .mockResolvedValue('https://hooks.slack.com/services/T000/B000/XXXX');
    const posted: string[] = [];
    const handler = createHandler({
      webhookUrl,
      post: async (url) => {
        posted.push(url);
        return { status: 200, text: async () => 'ok' };
      },
      mention: { atOrAbove: 'HIGH' },
    });
    await expect(handler(event)).rejects.toThrow('ThrottlingException');
    await handler(event);
    expect(webhookUrl).toHaveBeenCalledTimes(2);
    expect(posted).toEqual(['https://hooks.slack.com/services/T000/B000/XXXX', 'https://hooks.slack.com/services/T000/B000/XXXX']);
  });
});

describe('team channels (routes)', () => {
  const memberFinding = (accountId: string, severity: number) =>
    JSON.stringify({
      source: 'aws.guardduty',
      account: '333333333333',
      region: 'eu-west-1',
      detail: { accountId, severity, title: 'Recon', type: 'Recon:EC2/Portscan' },
    });
  const event = (...messages: string[]) => ({ Records: messages.map((Message) => ({ Sns: { Message } })) });
  const ok = { status: 200, text: async () => 'ok' };

  function harness(teamStatus = 200) {
    const posts: [string, any][] = [];
    const warnings: object[] = [];
    const handler = createHandler({
      webhookUrl: async () => 'https://hooks.slack.com/security',
      post: async (url, body) => {
        posts.push([url, JSON.parse(body)]);
        return url.endsWith('/team-a') ? { status: teamStatus, text: async () => 'channel_not_found' } : ok;
      },
      mention: { userGroupId: 'S0SECURITY1', atOrAbove: 'HIGH' },
      accountNames: { '444444444444': 'workload-prod' },
      routes: {
        '444444444444': {
          webhookUrl: async () => 'https://hooks.slack.com/team-a',
          mention: { userGroupId: 'S0TEAMAAA01', atOrAbove: 'MEDIUM' },
        },
      },
      warn: (failure) => warnings.push(failure),
    });
    return { handler, posts, warnings };
  }

  test('a routed account’s notification goes to the security channel and to its team channel, each with its own mention', async () => {
    const { handler, posts } = harness();
    await handler(event(memberFinding('444444444444', 5)));
    expect(posts.map(([url, body]) => [url, body.text])).toEqual([
      ['https://hooks.slack.com/security', '[MEDIUM] Recon (workload-prod)'],
      ['https://hooks.slack.com/team-a', '<!subteam^S0TEAMAAA01> [MEDIUM] Recon (workload-prod)'],
    ]);
  });

  test('other accounts go to the security channel only', async () => {
    const { handler, posts } = harness();
    await handler(event(memberFinding('555555555555', 8)));
    expect(posts.map(([url]) => url)).toEqual(['https://hooks.slack.com/security']);
  });

  test('a failing team channel is reported, not retried: the security channel would get the message twice', async () => {
    const { handler, posts, warnings } = harness(404);
    await expect(handler(event(memberFinding('444444444444', 5), memberFinding('555555555555', 8)))).resolves.toBeUndefined();
    expect(posts.map(([url]) => url)).toEqual([
      'https://hooks.slack.com/security',
      'https://hooks.slack.com/team-a',
      'https://hooks.slack.com/security',
    ]);
    expect(warnings).toEqual([
      { outcome: 'team-channel-failed', accountId: '444444444444', detail: 'Slack answered 404: channel_not_found' },
    ]);
  });

  test("by default a failure is one JSON line on stdout, for the alarm's metric filter", async () => {
    const written = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const handler = createHandler({
      webhookUrl: async () => 'https://hooks.slack.com/security',
      post: async (url) => (url.endsWith('/team-a') ? { status: 410, text: async () => 'channel_is_archived' } : ok),
      mention: { atOrAbove: 'HIGH' },
      routes: { '444444444444': { webhookUrl: async () => 'https://hooks.slack.com/team-a', mention: { atOrAbove: 'HIGH' } } },
    });
    const lines = await handler(event(memberFinding('444444444444', 5)))
      .then(() => written.mock.calls.map(([text]) => JSON.parse(text as string)))
      .finally(() => written.mockRestore());
    expect(lines).toEqual([
      { outcome: 'team-channel-failed', accountId: '444444444444', detail: 'Slack answered 410: channel_is_archived' },
    ]);
  });
});
