/**
 * Measure 1: intakes per second through the local HTTP route (POST /api/intake, as an intake
 * worker's client posts it) at 1, 8 and 32 clients, against raw PutItems of an item of the same
 * size into the same DynamoDB Local at the same concurrency, in alternating timed rounds.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { percentile, round, timedLoop, type Progress } from './support';

export interface IntakeFigures {
  clients: number;
  intakesPerSecond: number;
  putsPerSecond: number;
  intakeP50: number;
  putP50: number;
  intakes: number;
}

/** Names are letters only (the intake refuses digits in a name): a number, spelt. */
export const spelt = (n: number | string) =>
  String(n).replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)] ?? 'a');

let serial = 0;
/** A distinct intake each time (name and phone), in a run of its own (`run`). */
export function intakeBody(run: string, index = serial++): Record<string, unknown> {
  // The intake worker's association takes in people of its own region.
  const province = ['TNG', 'TET', 'LAR'][index % 3];
  return {
    firstName: `Bench${spelt(run)}`,
    lastName: `Person${spelt(index)}`,
    sex: index % 2 ? 'F' : 'M',
    birthYear: 1990 + (index % 15),
    region: 'TTA',
    province,
    phone: `06${String(10_000_000 + ((index * 7919 + Number.parseInt(run, 36)) % 89_999_999)).padStart(8, '0')}`,
    educationLevel: 'baccalaureate',
    aspiration: 'wage-job',
    sectorOfInterest: 'logistics',
    consent: true,
  };
}

export async function measureIntake(options: {
  app: string;
  headers: Record<string, string>;
  dynamo: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  clients: readonly number[];
  rounds: number;
  roundMs: number;
  progress: Progress;
}): Promise<IntakeFigures[]> {
  const table = 'bench-raw-puts';
  await options.dynamo
    .send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ResourceInUseException') throw error;
    });
  // About the size of a beneficiary's record as the intake writes it.
  const filler = randomBytes(400).toString('hex');
  const run = String(Date.now() % 1_000_000);
  const figures: IntakeFigures[] = [];
  options.progress.phase('intake vs PutItem', options.clients.length * options.rounds * 2);
  for (const clients of options.clients) {
    const intakes = { ops: 0, seconds: 0, latencies: [] as number[] };
    const puts = { ops: 0, seconds: 0, latencies: [] as number[] };
    for (let r = 0; r < options.rounds; r += 1) {
      const put = await timedLoop(clients, options.roundMs, async () => {
        await options.documents.send(
          new PutCommand({ TableName: table, Item: { id: randomBytes(12).toString('hex'), filler } }),
        );
      });
      options.progress.tick();
      const intake = await timedLoop(clients, options.roundMs, async () => {
        const response = await fetch(`${options.app}/api/intake`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify(intakeBody(run)),
        });
        const text = await response.text();
        if (response.status !== 201)
          throw new Error(`intake answered ${response.status}: ${text.slice(0, 300)}`);
      });
      options.progress.tick();
      for (const [total, part] of [
        [puts, put],
        [intakes, intake],
      ] as const) {
        total.ops += part.ops;
        total.seconds += part.seconds;
        total.latencies.push(...part.latencies);
      }
    }
    figures.push({
      clients,
      intakesPerSecond: round(intakes.ops / intakes.seconds, 1),
      putsPerSecond: round(puts.ops / puts.seconds, 1),
      intakeP50: round(percentile(intakes.latencies, 50)),
      putP50: round(percentile(puts.latencies, 50)),
      intakes: intakes.ops,
    });
  }
  return figures;
}
