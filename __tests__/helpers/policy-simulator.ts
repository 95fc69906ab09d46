/**
 * Test-only: what IAM decides for one request under the baseline's policies, evaluated by
 * `@cloud-copilot/iam-simulate` (AGPL-3.0, a dev dependency used only by tests) in its Strict
 * mode, so a test states what a policy allows and denies rather than what its JSON looks like.
 *
 * A simulation that could pass for the wrong reason fails instead: input the library rejects, a
 * resource with wildcards (evaluated as several patterns), and above all any context key the
 * library drops because the action does not support it (`ignoredContextKeys`), since a dropped
 * key makes its conditions fail silently (`kms:EncryptionContext:<key>` is one of those in this
 * version: see policy-simulator.test.ts).
 */
import { runSimulation, type Simulation, type SimulationResourceResult } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from '../../modules/core/policy-document';

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface SimulatedRequest {
  /** An IAM ARN (`arn:aws:iam::111122223333:role/Admin`, `…:root`) or a service principal (`cloudtrail.amazonaws.com`). */
  readonly principal: string;
  readonly action: string;
  /** One concrete ARN, without wildcards (an object key, a role, a topic, a key); `*` for an action without resource-level permissions. */
  readonly resource: string;
  /** Account that owns the resource. @default the account in the resource ARN (S3 ARNs have none: give it) */
  readonly resourceAccount?: string;
  /**
   * Request context. `aws:SecureTransport` is `'true'` unless given: every request carries it, and
   * AWS services call over TLS. Any key the action does not support fails the simulation.
   */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

type Policy = PolicyDocument | string;

export interface SimulatedPolicies {
  /** The resource's policy: bucket, topic, key or log resource policy. */
  readonly resourcePolicy?: Policy;
  /** A role's trust policy: the resource policy of `sts:AssumeRole` (and `sts:TagSession`, …) on the role. */
  readonly trustPolicy?: Policy;
  /** Policies attached to the requesting IAM principal. @default none */
  readonly identityPolicies?: readonly Policy[];
}

export interface SimulationOutcome {
  readonly decision: Decision;
  /** Sids (or 1-based indexes) of the resource-policy statements that allowed the request. */
  readonly allowedBy: readonly string[];
  /** Sids (or 1-based indexes) of the resource- and identity-policy statements that denied it explicitly. */
  readonly deniedBy: readonly string[];
}

const asDocument = (policy: Policy): PolicyDocument => (typeof policy === 'string' ? JSON.parse(policy) : policy);

function resourceAccountOf(request: SimulatedRequest): string {
  if (request.resourceAccount) return request.resourceAccount;
  const account = request.resource.split(':')[4];
  if (!account || !/^\d{12}$/.test(account)) {
    throw new Error(`${request.resource} names no account: give the request a resourceAccount`);
  }
  return account;
}

/** Runs one request through the simulator and returns IAM's decision, or throws when the simulation is not trustworthy. */
export async function simulate(policies: SimulatedPolicies, request: SimulatedRequest): Promise<SimulationOutcome> {
  if (policies.resourcePolicy && policies.trustPolicy) throw new Error('a request meets either a resource policy or a trust policy');
  if (policies.trustPolicy && !/^sts:/i.test(request.action))
    throw new Error(`a trust policy governs STS calls on the role, not ${request.action}`);
  // "*" alone is what IAM evaluates for actions without resource-level permissions (the simulator insists on it).
  if (request.resource !== '*' && /[*?]/.test(request.resource))
    throw new Error(`simulate one concrete resource, not the pattern ${request.resource}`);

  const contextVariables: Record<string, string | string[]> = { 'aws:SecureTransport': 'true' };
  for (const [key, value] of Object.entries(request.context ?? {})) contextVariables[key] = typeof value === 'string' ? value : [...value];
  const resourcePolicy = policies.resourcePolicy ?? policies.trustPolicy;
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccountOf(request) },
      contextVariables,
    },
    identityPolicies: (policies.identityPolicies ?? []).map((policy, index) => ({
      name: `identity-${index + 1}`,
      policy: asDocument(policy),
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy: asDocument(resourcePolicy) } : {}),
  };

  const response = await runSimulation(simulation, { simulationMode: 'Strict' });
  const where = `${request.principal} ${request.action} ${request.resource}`;
  if (response.resultType === 'error') throw new Error(`simulation of ${where} rejected: ${JSON.stringify(response.errors)}`);
  if (response.resultType !== 'single') throw new Error(`simulation of ${where} ran as ${response.resultType}: give one concrete resource`);
  return outcomeOf(response.result, where);
}

function outcomeOf(result: SimulationResourceResult, where: string): SimulationOutcome {
  // Present (possibly empty) whenever the request reached evaluation; its absence would hide the check.
  if (!result.ignoredContextKeys) throw new Error(`simulation of ${where} reported no ignoredContextKeys`);
  if (result.ignoredContextKeys.length > 0) {
    throw new Error(
      `simulation of ${where} dropped context keys ${result.ignoredContextKeys.join(', ')}: ` +
        'conditions on them would not be evaluated, so the decision would not mean what the test says',
    );
  }
  const { analysis } = result;
  const ids = (statements: readonly { explain: { identifier: string } }[] | undefined) =>
    (statements ?? []).map((s) => s.explain.identifier);
  return {
    decision: analysis.result,
    allowedBy: ids(analysis.resourceAnalysis?.allowStatements),
    deniedBy: [...ids(analysis.resourceAnalysis?.denyStatements), ...ids(analysis.identityAnalysis?.denyStatements)],
  };
}

/** Just the decision. */
export async function decisionOf(policies: SimulatedPolicies, request: SimulatedRequest): Promise<Decision> {
  return (await simulate(policies, request)).decision;
}

/** The request with some context keys replaced, or removed when given `undefined`: a case that differs from a known one in one respect. */
export function withContext(
  request: SimulatedRequest,
  changes: Readonly<Record<string, string | readonly string[] | undefined>>,
): SimulatedRequest {
  const context: Record<string, string | readonly string[]> = { ...request.context };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete context[key];
    else context[key] = value;
  }
  return { ...request, context };
}

/** An identity policy allowing `actions` on every resource: an administrator's, as far as these actions go. */
export function identityPolicyAllowing(...actions: string[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Granted', Effect: 'Allow', Action: actions, Resource: '*' }] };
}
