/**
 * `npm run load-training-offers -- [file] [--table NAME] [--endpoint URL] [--region eu-west-3]`:
 * loads the training catalogue file (default data/training-offers.json) into the reference table.
 * Locally it needs no option: it writes to the running platform's table (`npm start`) on its
 * DynamoDB Local. On AWS, pass the stack's reference table (`--table`) and no endpoint, with AWS
 * credentials. A file with any error loads nothing; re-loading keeps the seats already taken, and
 * the date an offer last changed (`updatedAt`) when the file says the same of it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  parseTrainingOfferFile,
  updatedAtOnLoad,
  type OfferFileError,
  type TrainingOffer,
} from '../../functions/domain/training-offers';
import { localTableNames } from './tables';
import { LOCAL_REGION } from './functions';

export const DEFAULT_TRAINING_OFFER_FILE = 'data/training-offers.json';

const OFFER = 'training-offer';

/**
 * Writes the file's offers into the catalogue: every field of each entry and when it was loaded,
 * while the seats taken are kept (set to 0 only for a new offer), so re-loading during a cohort
 * never frees seats that are held. Offers no longer in the file are left as they are: they may hold
 * enrolments, and a journey that took a seat still needs to read it. Seats lowered below those
 * taken are kept as written (no one loses a seat); the offer then has no open seat.
 *
 * `updatedAt` says when an offer's content last changed (the public catalogue flags offers not
 * updated for a long time): set now for a new offer or one the file changes, kept when the file
 * says the same (see `updatedAtOnLoad`). Each offer is read, then written only if no other load
 * wrote it in between (else read again), so two loads at once cannot lose a change's date.
 */
// Here, not in functions/commons: the platform process loads this file, and must not load the
// functions' own modules (each local function has its own copy of them).
export async function loadTrainingOffers(
  client: DynamoDBDocumentClient,
  table: string,
  offers: readonly TrainingOffer[],
  now: Date,
): Promise<{ added: number; updated: number; kept: number }> {
  const counts = { added: 0, updated: 0, kept: 0 };
  const loadedAt = now.toISOString();
  for (const offer of offers) counts[await writeOffer(client, table, offer, loadedAt)] += 1;
  return counts;
}

const WRITE_ATTEMPTS = 5;

/**
 * Writes one offer of the file: `added` when it is new, `updated` when written again. `kept`: its
 * provider has edited it on its page or by its CSV file since (it carries `updatedBy`) and the file
 * gives it to the same provider: the provider's version stands. A file that gives the offer to
 * another provider (or to none) writes it as the file says: ownership is the file's to change.
 */
async function writeOffer(
  client: DynamoDBDocumentClient,
  table: string,
  offer: TrainingOffer,
  loadedAt: string,
): Promise<'added' | 'updated' | 'kept'> {
  const key = { kind: OFFER, code: offer.offerId };
  for (let attempt = 1; ; attempt += 1) {
    const { Item: held } = await client.send(
      new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
    );
    const editedByProvider = typeof held?.updatedBy === 'string';
    if (editedByProvider && held?.providerId === offer.providerId) return 'kept';
    const updatedAt = updatedAtOnLoad(held, offer, loadedAt);
    // An optional field left out of the file is removed, so the item says what the file says.
    const fields = Object.entries({ ...offer, loadedAt, updatedAt }).filter(
      ([, value]) => value !== undefined,
    );
    const absent = [
      ...(['educationLevelMin', 'providerId'] as const).filter((field) => offer[field] === undefined),
      // The file's version replaces the provider's: it no longer counts as edited by them.
      ...(editedByProvider ? ['updatedBy'] : []),
    ];
    const names = Object.fromEntries(
      [...fields.map(([field]) => field), ...absent].map((field) => [`#${field}`, field]),
    );
    const values = Object.fromEntries(fields.map(([field, value]) => [`:${field}`, value]));
    // Written only if the item is still the one read (another load or a provider's edit in
    // between: read it again).
    const unchanged =
      held === undefined
        ? { ConditionExpression: 'attribute_not_exists(code)' }
        : editedByProvider
          ? {
              ConditionExpression: '#updatedBy = :heldUpdatedBy AND #updatedAt = :heldUpdatedAt',
              heldValues: { ':heldUpdatedBy': held.updatedBy, ':heldUpdatedAt': held.updatedAt },
            }
          : typeof held.loadedAt === 'string'
            ? {
                ConditionExpression: '#loadedAt = :heldLoadedAt AND attribute_not_exists(#updatedBy)',
                heldValues: { ':heldLoadedAt': held.loadedAt },
              }
            : { ConditionExpression: 'attribute_not_exists(#loadedAt) AND attribute_not_exists(#updatedBy)' };
    try {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: key,
          UpdateExpression:
            `SET ${fields.map(([field]) => `#${field} = :${field}`).join(', ')}, ` +
            '#seatsTaken = if_not_exists(#seatsTaken, :zero)' +
            (absent.length > 0 ? ` REMOVE ${absent.map((field) => `#${field}`).join(', ')}` : ''),
          ConditionExpression: unchanged.ConditionExpression,
          ExpressionAttributeNames: {
            ...names,
            '#seatsTaken': 'seatsTaken',
            ...(held === undefined ? {} : { '#updatedBy': 'updatedBy', '#loadedAt': 'loadedAt' }),
          },
          ExpressionAttributeValues: {
            ...values,
            ':zero': 0,
            ...('heldValues' in unchanged ? unchanged.heldValues : {}),
          },
        }),
      );
      return held === undefined ? 'added' : 'updated';
    } catch (error) {
      const conflict = (error as { name?: string }).name === 'ConditionalCheckFailedException';
      if (!conflict || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

/** The local platform's: `npm start` names its tables `kafaat-<id>` and serves DynamoDB on 8000. */
const LOCAL_TABLE = localTableNames('kafaat-').reference;
const LOCAL_DYNAMODB_PORT = 8000;

function describe(error: OfferFileError): string {
  const where =
    error.entry === null ? '' : `offers[${error.entry}]${error.offerId ? ` (${error.offerId})` : ''} `;
  return `  ${where}${error.field}: ${error.message}`;
}

/**
 * Reads, checks and loads a catalogue file. Throws, loading nothing, when the file is bad: the
 * error lists every problem, one a line.
 */
export async function loadTrainingOfferFile(
  client: DynamoDBDocumentClient,
  table: string,
  path: string,
  now: Date,
): Promise<{ loaded: number; added: number; updated: number; kept: number }> {
  const parsed = parseTrainingOfferFile(readFileSync(path, 'utf8'));
  if (!parsed.ok) {
    throw new Error(
      [`${path}: nothing loaded, the file has ${parsed.errors.length} error(s):`]
        .concat(parsed.errors.map(describe))
        .join('\n'),
    );
  }
  const { added, updated, kept } = await loadTrainingOffers(client, table, parsed.offers, now);
  return { loaded: parsed.offers.length, added, updated, kept };
}

const usage =
  'Usage: npm run load-training-offers -- [file] [--table NAME] [--endpoint URL] [--region REGION]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      table: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length > 1) {
    console.log(usage);
    process.exit(values.help ? 0 : 2);
  }
  const file = resolve(positionals[0] ?? DEFAULT_TRAINING_OFFER_FILE);
  // A table named on the command line is the stack's, on AWS: no local endpoint unless one is given.
  const local = values.table === undefined;
  const endpoint =
    values.endpoint ??
    (local
      ? (process.env.KAFAAT_DYNAMODB_ENDPOINT ??
        `http://127.0.0.1:${process.env.KAFAAT_DYNAMODB_PORT || LOCAL_DYNAMODB_PORT}`)
      : undefined);
  const region = values.region ?? process.env.AWS_REGION ?? LOCAL_REGION;
  const table = values.table ?? LOCAL_TABLE;
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region,
      ...(endpoint ? { endpoint } : {}),
      // DynamoDB Local takes any key, and the machine may have none; on AWS the usual credentials
      // (environment, profile, SSO) apply.
      ...(endpoint && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE
        ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  try {
    const { loaded, added, updated, kept } = await loadTrainingOfferFile(client, table, file, new Date());
    console.log(
      `Loaded ${loaded} training offers (${added} new, ${updated} updated, ${kept} kept as their provider edited them) into ${table}`,
    );
  } finally {
    client.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const { name, message, code } = error as Error & { code?: string };
    const hint =
      name === 'ResourceNotFoundException' || code === 'ECONNREFUSED'
        ? '\nIs the local platform running (`npm start`)? On AWS, pass --table with the stack’s reference table.'
        : '';
    console.error(`${message}${hint}`);
    process.exit(1);
  });
}
