/**
 * The loop and cost guard, in DynamoDB (partition key `pk`, TTL attribute `expiresAt`). A started
 * remediation updates the finding, and Config re-evaluates the resource: both re-import the finding,
 * which in automatic mode would trigger the function again; and a rule that fails everywhere at
 * once must not start an automation per resource. Conditional writes make both checks atomic across
 * concurrent invocations.
 */
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

export type GuardVerdict = 'pass' | 'duplicate' | 'cap-reached';

export interface GuardSettings {
  readonly tableName: string;
  readonly windowMinutes: number;
  readonly maxPerHour: number;
}

/** The hour counter outlives its clock hour, so a late invocation still finds it; TTL then removes it. */
const HOUR_COUNTER_SECONDS = 2 * 60 * 60;

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Claims `target` (account, region, control, resource) for the window, then one execution of the
 * current UTC hour. Errors other than a failed condition are thrown to the caller.
 */
export async function passGuard(client: DynamoDBClient, settings: GuardSettings, target: string, now: Date): Promise<GuardVerdict> {
  const epoch = Math.floor(now.getTime() / 1000);
  const marker = { pk: { S: `remediation#${target}` } };
  try {
    await client.send(
      new PutItemCommand({
        TableName: settings.tableName,
        Item: { ...marker, expiresAt: { N: String(epoch + settings.windowMinutes * 60) } },
        // TTL deletes expired items only eventually: an expired marker counts as absent.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': { N: String(epoch) } },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return 'duplicate';
    throw error;
  }
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: settings.tableName,
        Key: { pk: { S: `hour#${now.toISOString().slice(0, 13)}` } },
        UpdateExpression: 'ADD executions :one SET expiresAt = :ttl',
        ConditionExpression: 'attribute_not_exists(executions) OR executions < :cap',
        ExpressionAttributeValues: {
          ':one': { N: '1' },
          ':ttl': { N: String(epoch + HOUR_COUNTER_SECONDS) },
          ':cap': { N: String(settings.maxPerHour) },
        },
      }),
    );
  } catch (error) {
    // Nothing started: without the marker, the finding can be remediated once the hour has passed.
    await client.send(new DeleteItemCommand({ TableName: settings.tableName, Key: marker }));
    if (isConditionFailure(error)) return 'cap-reached';
    throw error;
  }
  return 'pass';
}
