/**
 * Reads a table's DynamoDB stream and hands its records to the consuming function as a
 * `DynamoDBStreamEvent`, as Lambda's event source mapping does on AWS: in order per shard, in
 * batches, retrying a failed batch from the first record it reports as failed. The position read
 * is kept in the engine table, so a restart neither loses nor repeats a batch it finished.
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { LOCAL_REGION } from './functions';

export interface StreamPollerOptions {
  dynamo: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  streams: DynamoDBStreamsClient;
  table: string;
  engineTable: string;
  batchSize: number;
  consume: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** Only records of items of these kinds (the key's `kind`) are handed over, as an AWS event filter. */
  kinds?: readonly string[];
  log: (message: string) => void;
  pollMs?: number;
}

interface ShardCursor {
  iterator?: string;
  closed: boolean;
}

function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(data.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(data.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      Keys: data.Keys as never,
      NewImage: data.NewImage as never,
      OldImage: data.OldImage as never,
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType,
    },
  };
}

/** How long a position handed over waits before it is written as the checkpoint (see flushCheckpoints). */
const CHECKPOINT_LAG_MS = 1000;

/**
 * How long the shard list is used before the stream is described again. A busy consumer passes
 * over the shards many times a second and an idle one five times, and describing the stream each
 * time was a third of the pollers' calls; a new shard is found within this time, and at once
 * when a shard closes.
 */
const SHARD_LIST_MS = 2000;

export class StreamPoller {
  private readonly cursors = new Map<string, ShardCursor>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private failures = 0;
  /**
   * Records read at once: the consumer's batch size, halved after a batch that failed as a whole
   * (a time-out, say) down to one record, as `bisectBatchOnError` does on AWS; back to the whole
   * size once a batch goes through. Without it, a batch that always outlasts the function's
   * time-out (a busy machine) was retried whole forever, and the answers behind it never delivered.
   */
  private limit: number | undefined;
  /** Per shard, the positions handed over and not yet written, oldest first. */
  private readonly pendingCheckpoints = new Map<
    string,
    { streamArn: string; sequenceNumber: string; at: number }[]
  >();
  /** The stream's shards as last described, and when. */
  private shards: { ids: string[]; at: number } | undefined;

  constructor(private readonly options: StreamPollerOptions) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** The table's stream, asked again (with a pause) until DynamoDB answers or the poller stops. */
  private async streamArn(): Promise<string | undefined> {
    for (let attempt = 0; !this.stopped; attempt += 1) {
      try {
        const { Table } = await this.options.dynamo.send(
          new DescribeTableCommand({ TableName: this.options.table }),
        );
        if (Table?.LatestStreamArn) return Table.LatestStreamArn;
        this.options.log(`Table ${this.options.table} has no stream yet; asking again`);
      } catch (error) {
        this.options.log(`Stream of ${this.options.table}: ${(error as Error).message}; asking again`);
      }
      await this.pause(Math.min(5000, 200 * 2 ** Math.min(attempt, 5)));
    }
    return undefined;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  private async run(): Promise<void> {
    const streamArn = await this.streamArn();
    if (!streamArn) return;
    try {
      await this.poll(streamArn);
    } finally {
      // A clean stop keeps every position handed over.
      await this.flushCheckpoints(0).catch((error: Error) =>
        this.options.log(`Stream of ${this.options.table}: checkpoint not kept (${error.message})`),
      );
    }
  }

  private async poll(streamArn: string): Promise<void> {
    while (!this.stopped) {
      let busy = false;
      try {
        busy = await this.pollOnce(streamArn);
        this.failures = 0;
      } catch (error) {
        // Expired or trimmed iterators (and failed batches) are read again from the checkpoint.
        for (const cursor of this.cursors.values()) cursor.iterator = undefined;
        this.shards = undefined;
        this.failures += 1;
        const name = (error as Error).name;
        if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') {
          this.options.log(`Stream of ${this.options.table}: ${(error as Error).message}; retrying`);
        }
      }
      await this.flushCheckpoints(CHECKPOINT_LAG_MS).catch(() => undefined);
      if (!busy) {
        await this.pause(Math.min(5000, (this.options.pollMs ?? 200) * 2 ** Math.min(this.failures, 5)));
      }
    }
  }

  private checkpointKey(streamArn: string, shardId: string): string {
    return `checkpoint#${streamArn}#${shardId}`;
  }

  /** One pass over every shard; true when records were handed over (poll again at once). */
  private async pollOnce(streamArn: string): Promise<boolean> {
    let busy = false;
    for (const shardId of await this.shardIds(streamArn)) {
      let cursor = this.cursors.get(shardId);
      if (!cursor) {
        cursor = { closed: false };
        this.cursors.set(shardId, cursor);
      }
      if (cursor.closed || this.stopped) continue;
      if (!cursor.iterator) cursor.iterator = await this.iterator(streamArn, shardId);
      const page = await this.options.streams.send(
        new GetRecordsCommand({
          ShardIterator: cursor.iterator,
          Limit: this.limit ?? this.options.batchSize,
        }),
      );
      const records = page.Records ?? [];
      if (records.length > 0) {
        const handed = await this.deliver(streamArn, shardId, records);
        if (!handed) {
          cursor.iterator = undefined; // read again from the checkpoint, after a pause
          throw new Error('a batch failed');
        }
        busy = true;
      }
      cursor.iterator = page.NextShardIterator;
      if (!cursor.iterator) {
        cursor.closed = true;
        // A closed shard has children: describe the stream again on the next pass.
        this.shards = undefined;
      }
    }
    return busy;
  }

  /** The stream's shard ids, described again once the list is older than SHARD_LIST_MS. */
  private async shardIds(streamArn: string): Promise<string[]> {
    if (this.shards && Date.now() - this.shards.at < SHARD_LIST_MS) return this.shards.ids;
    const { StreamDescription } = await this.options.streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn }),
    );
    const ids = (StreamDescription?.Shards ?? []).map((shard) => shard.ShardId ?? '');
    this.shards = { ids, at: Date.now() };
    return ids;
  }

  private async iterator(streamArn: string, shardId: string): Promise<string | undefined> {
    const { Item } = await this.options.documents.send(
      new GetCommand({
        TableName: this.options.engineTable,
        Key: { pk: this.checkpointKey(streamArn, shardId), sk: 'checkpoint' },
      }),
    );
    const sequenceNumber = Item?.sequenceNumber as string | undefined;
    const fromOldest = new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: shardId,
      ShardIteratorType: 'TRIM_HORIZON',
    });
    if (!sequenceNumber) return (await this.options.streams.send(fromOldest)).ShardIterator;
    try {
      const { ShardIterator } = await this.options.streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
          SequenceNumber: sequenceNumber,
        }),
      );
      return ShardIterator;
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'TrimmedDataAccessException' && name !== 'ValidationException') throw error;
      // The checkpoint fell out of the stream's 24 hours: read from the oldest record kept
      // (the consumers count each record once, so reading again is safe) and say so.
      this.options.log(
        `Stream of ${this.options.table}: checkpoint ${sequenceNumber} is no longer in the stream (${name}); reading from the oldest record`,
      );
      return (await this.options.streams.send(fromOldest)).ShardIterator;
    }
  }

  /**
   * Writes the positions handed over at least `lagMs` ago. DynamoDB Local can lose the last
   * acknowledged transaction when killed at once: a checkpoint written right after a consumer's
   * transaction could outlive it. Lagging the checkpoint means such a batch is read again after a
   * restart, and the consumers, which count each record once, redo only what was lost.
   */
  private async flushCheckpoints(lagMs: number): Promise<void> {
    const due = Date.now() - lagMs;
    for (const [shardId, positions] of this.pendingCheckpoints) {
      let newestDue = -1;
      positions.forEach((position, index) => {
        if (position.at <= due) newestDue = index;
      });
      const position = positions[newestDue];
      if (!position) continue;
      await this.options.documents.send(
        new PutCommand({
          TableName: this.options.engineTable,
          Item: {
            pk: this.checkpointKey(position.streamArn, shardId),
            sk: 'checkpoint',
            sequenceNumber: position.sequenceNumber,
          },
        }),
      );
      positions.splice(0, newestDue + 1);
    }
  }

  /** Hands a batch to the function; checkpoints what it finished. False: retry from the checkpoint. */
  private async deliver(streamArn: string, shardId: string, records: _Record[]): Promise<boolean> {
    const kinds = this.options.kinds;
    const wanted = kinds ? records.filter((r) => kinds.includes(r.dynamodb?.Keys?.kind?.S ?? '')) : records;
    const event: DynamoDBStreamEvent = { Records: wanted.map((r) => toLambdaRecord(r, streamArn)) };
    let lastDone: string | undefined = records[records.length - 1]?.dynamodb?.SequenceNumber;
    let complete = true;
    try {
      // A batch the filter emptied is done: as on AWS, the function is not called.
      const response =
        wanted.length === 0 ? null : ((await this.options.consume(event)) as DynamoDBBatchResponse | null);
      const firstFailed = response?.batchItemFailures?.[0]?.itemIdentifier;
      if (firstFailed !== undefined) {
        complete = false;
        const index = records.findIndex((r) => r.dynamodb?.SequenceNumber === firstFailed);
        lastDone = index > 0 ? records[index - 1]?.dynamodb?.SequenceNumber : undefined;
      }
    } catch (error) {
      this.options.log(
        `Consumer of ${this.options.table} failed: ${(error as Error).message}; the batch will be retried`,
      );
      complete = false;
      lastDone = undefined;
      this.limit = Math.max(1, Math.floor(records.length / 2));
    }
    if (complete) this.limit = undefined;
    if (lastDone !== undefined) {
      const positions = this.pendingCheckpoints.get(shardId) ?? [];
      positions.push({ streamArn, sequenceNumber: lastDone, at: Date.now() });
      this.pendingCheckpoints.set(shardId, positions);
    }
    return complete;
  }
}
