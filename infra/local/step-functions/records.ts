/**
 * The local engine's table: what it keeps of each execution so that a killed platform resumes it.
 *
 * One table, key (pk, sk):
 * - `execution#<arn>` / `execution`: the execution (status, input, output, where it stands);
 * - `execution#<arn>` / `event#<id>`: one item per history event, so history never makes one item
 *   grow past DynamoDB's 400 KB;
 * - `executions#<state machine arn>` / `<start date>#<name>`: the listing ListExecutions pages
 *   through, newest first, without scanning the table;
 * - `token#<token>` / `token`: a `.waitForTaskToken` task's token and how it ended;
 * - `statemachine#<arn>` / `statemachine`: when the state machine was first seen (its creationDate);
 * - `checkpoint#…` / `checkpoint`: the stream pollers' positions (infra/local/streams.ts).
 */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type TokenStatus = 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CLOSED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  /** The top-level state reached, and its input: where a restart resumes. */
  currentState?: string;
  currentInput?: string;
  /** The open token of the current state, if it waits for one. */
  pendingToken?: string;
  /** When the current Wait state ends (real time). */
  waitDeadline?: number;
  /** The id of the newest history event. */
  lastEventId: number;
}

/** One line of ListExecutions. */
export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
}

export interface TokenRecord {
  token: string;
  executionArn: string;
  stateName: string;
  status: TokenStatus;
  /** The function given the token answered: it need not be invoked again after a restart. */
  invoked: boolean;
  /** The task's outcome is in the history (set with the event, so it is written once). */
  reported?: boolean;
  resourceType: string;
  resource: string;
  createdAt: number;
  deadline?: number;
  heartbeatSeconds?: number;
  lastHeartbeat?: number;
  output?: string;
  error?: string;
  cause?: string;
}

/** A history event as AWS shapes it, timestamps in milliseconds; details under AWS's field name. */
export interface StoredEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

type Item = Record<string, unknown>;

export const keys = {
  execution: (arn: string) => ({ pk: `execution#${arn}`, sk: 'execution' }),
  event: (arn: string, id: number) => ({
    pk: `execution#${arn}`,
    sk: `event#${String(id).padStart(10, '0')}`,
  }),
  listing: (stateMachineArn: string, startDate: number, name: string) => ({
    pk: `executions#${stateMachineArn}`,
    sk: `${String(startDate).padStart(15, '0')}#${name}`,
  }),
  token: (token: string) => ({ pk: `token#${token}`, sk: 'token' }),
  stateMachine: (arn: string) => ({ pk: `statemachine#${arn}`, sk: 'statemachine' }),
};

/** Removes the key attributes DynamoDB returns with an item. */
function withoutKeys<T>(item: Item): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => name !== 'pk' && name !== 'sk')) as T;
}

export function summaryOf(record: ExecutionRecord): ExecutionSummary {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: record.startDate,
    ...(record.stopDate === undefined ? {} : { stopDate: record.stopDate }),
  };
}

export function listingItem(record: ExecutionRecord): Item {
  return { ...keys.listing(record.stateMachineArn, record.startDate, record.name), ...summaryOf(record) };
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts (the sort key of the last item returned), if there may be one. */
  after?: string;
}

export class EngineRecords {
  constructor(
    readonly dynamo: DynamoDBDocumentClient,
    readonly table: string,
  ) {}

  async execution(arn: string): Promise<ExecutionRecord | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({ TableName: this.table, Key: keys.execution(arn), ConsistentRead: true }),
    );
    return Item ? withoutKeys<ExecutionRecord>(Item) : undefined;
  }

  async token(token: string): Promise<TokenRecord | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({ TableName: this.table, Key: keys.token(token), ConsistentRead: true }),
    );
    return Item ? withoutKeys<TokenRecord>(Item) : undefined;
  }

  /** Sets fields of a token that is still waiting; false when it is no longer. */
  async updateWaitingToken(token: string, fields: Partial<TokenRecord>): Promise<boolean> {
    const names = Object.keys(fields);
    try {
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.token(token),
          UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ConditionExpression: '#status = :waiting',
          ExpressionAttributeNames: {
            '#status': 'status',
            ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
          },
          ExpressionAttributeValues: {
            ':waiting': 'WAITING',
            ...Object.fromEntries(names.map((name, i) => [`:v${i}`, fields[name as keyof TokenRecord]])),
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** A page of a state machine's executions, newest first. */
  async listExecutions(
    stateMachineArn: string,
    options: { limit: number; after?: string; status?: ExecutionStatus },
  ): Promise<Page<ExecutionSummary>> {
    const pk = `executions#${stateMachineArn}`;
    const items: ExecutionSummary[] = [];
    let after = options.after;
    let more = true;
    // A status filter applies after DynamoDB's Limit: read on until the page is full or the end.
    while (more && items.length < options.limit) {
      const page = await this.dynamo.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ScanIndexForward: false,
          Limit: options.limit - items.length + 1,
          ...(options.status
            ? {
                FilterExpression: '#status = :status',
                ExpressionAttributeNames: { '#status': 'status' },
              }
            : {}),
          ExpressionAttributeValues: { ':pk': pk, ...(options.status ? { ':status': options.status } : {}) },
          ...(after === undefined ? {} : { ExclusiveStartKey: { pk, sk: after } }),
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        if (items.length === options.limit) return { items, after };
        items.push(withoutKeys<ExecutionSummary>(item));
        after = String(item.sk);
      }
      more = page.LastEvaluatedKey !== undefined;
      if (more) after = String(page.LastEvaluatedKey?.sk);
    }
    return more ? { items, after } : { items };
  }

  /** A page of an execution's history, by event id. */
  async history(
    arn: string,
    options: { limit: number; afterId?: number; reverse: boolean },
  ): Promise<{ events: StoredEvent[]; more: boolean }> {
    const { pk } = keys.execution(arn);
    const range =
      options.afterId === undefined
        ? { condition: 'pk = :pk AND begins_with(sk, :prefix)', values: { ':prefix': 'event#' } }
        : options.reverse
          ? {
              condition: 'pk = :pk AND sk BETWEEN :first AND :before',
              values: { ':first': keys.event(arn, 0).sk, ':before': keys.event(arn, options.afterId - 1).sk },
            }
          : {
              condition: 'pk = :pk AND sk BETWEEN :after AND :last',
              values: { ':after': keys.event(arn, options.afterId + 1).sk, ':last': 'event#9999999999' },
            };
    const page = await this.dynamo.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: range.condition,
        ExpressionAttributeValues: { ':pk': pk, ...range.values },
        ScanIndexForward: !options.reverse,
        Limit: options.limit + 1,
        ConsistentRead: true,
      }),
    );
    const events = (page.Items ?? []).map((item) => withoutKeys<StoredEvent>(item));
    return { events: events.slice(0, options.limit), more: events.length > options.limit };
  }

  /** When a state machine was first seen by the local engine (its creationDate), kept across restarts. */
  async stateMachineCreated(arn: string): Promise<number> {
    const key = keys.stateMachine(arn);
    const { Item } = await this.dynamo.send(new GetCommand({ TableName: this.table, Key: key }));
    if (typeof Item?.creationDate === 'number') return Item.creationDate;
    const creationDate = Date.now();
    try {
      await this.dynamo.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, creationDate },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return creationDate;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      return this.stateMachineCreated(arn);
    }
  }

  /** Every execution of a state machine whose listing says RUNNING (read once, at start). */
  async runningExecutions(stateMachineArn: string): Promise<ExecutionSummary[]> {
    const found: ExecutionSummary[] = [];
    let after: string | undefined;
    do {
      const page = await this.listExecutions(stateMachineArn, {
        limit: 500,
        status: 'RUNNING',
        ...(after === undefined ? {} : { after }),
      });
      found.push(...page.items);
      after = page.after;
    } while (after !== undefined);
    return found;
  }
}
