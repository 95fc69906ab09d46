#!/usr/bin/env node
/**
 * A stand-in for the AWS CLI (`aws`) for the collection script's tests: answers each call from the
 * recorded files in AWS_STUB_FIXTURES (the layout scripts/discover-collect.sh writes), as the CLI
 * would (JSON 4-space indented, `--query` by JMESPath, `--output text`; a failure's message on stderr
 * with exit status 254), and appends each call to AWS_STUB_LOG as a JSON line: the arguments and the
 * account whose credentials made it. Credentials from `sts assume-role` name their account
 * (ASIASTUB<id>); without them the caller is the management account (or AWS_STUB_CALLER).
 */
const fs = require('node:fs');
const path = require('node:path');
const jmespath = require('jmespath');

const fixtures = process.env.AWS_STUB_FIXTURES;
const [service, operation, ...rest] = process.argv.slice(2);

/** `--name value` pairs (every option the script uses takes a value). */
const options = {};
for (let i = 0; i < rest.length; i += 2) {
  if (!rest[i].startsWith('--') || rest[i + 1] === undefined) fail(255, `aws stub: cannot read the arguments ${JSON.stringify(rest)}`);
  options[rest[i].slice(2)] = rest[i + 1];
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function fail(status, message) {
  process.stderr.write(message);
  process.exit(status);
}

const management = readJson(path.join(fixtures, 'organization', 'describe-organization.json')).Organization.MasterAccountId;
const assumed = /^ASIASTUB(\d{12})$/.exec(process.env.AWS_ACCESS_KEY_ID ?? '');
const caller = assumed ? assumed[1] : (process.env.AWS_STUB_CALLER ?? management);
fs.appendFileSync(process.env.AWS_STUB_LOG, `${JSON.stringify({ caller, args: process.argv.slice(2) })}\n`);

/** The recorded answer: a file's JSON, or a recorded error (`.error`) to fail with. */
function recorded(base) {
  if (fs.existsSync(`${base}.json`)) return readJson(`${base}.json`);
  if (fs.existsSync(`${base}.error`)) fail(254, fs.readFileSync(`${base}.error`, 'utf8'));
  fail(255, `aws stub: nothing recorded for ${service} ${operation} (${base})\n`);
}

function answer() {
  if (service === 'sts' && operation === 'get-caller-identity') {
    return { UserId: 'AIDASTUB', Account: caller, Arn: `arn:aws:iam::${caller}:user/operator` };
  }
  if (service === 'sts' && operation === 'assume-role') {
    const account = /^arn:aws:iam::(\d{12}):role\//.exec(options['role-arn'])[1];
    const refused = path.join(fixtures, 'accounts', account, 'assume-role.error');
    if (fs.existsSync(refused)) fail(254, fs.readFileSync(refused, 'utf8'));
    return {
      Credentials: {
        AccessKeyId: `ASIASTUB${account}`,
        SecretAccessKey: 'stub-secret-access-key',
        SessionToken: 'stub-session-token',
        Expiration: '2030-01-01T00:00:00+00:00',
      },
      AssumedRoleUser: { AssumedRoleId: 'AROASTUB:session', Arn: `arn:aws:sts::${account}:assumed-role/role/session` },
    };
  }
  if (service === 'organizations') {
    // Any member may describe its organization; only the management account lists it.
    if (caller !== management && operation !== 'describe-organization') {
      fail(
        254,
        `\nAn error occurred (AccessDeniedException) when calling the operation: You don't have permissions to access this resource.\n`,
      );
    }
    return recorded(path.join(fixtures, 'organization', operation));
  }
  const account = path.join(fixtures, 'accounts', caller);
  if (service === 'iam') return recorded(path.join(account, `iam-${operation}-${options['role-name']}`));
  return recorded(path.join(account, options.region, `${service}-${operation}`));
}

const result = options.query ? jmespath.search(answer(), options.query) : answer();
if (options.output === 'text') {
  process.stdout.write(`${Array.isArray(result) ? result.join('\t') : result === null ? 'None' : String(result)}\n`);
} else {
  process.stdout.write(`${JSON.stringify(result, null, 4)}\n`);
}
