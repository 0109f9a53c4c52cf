/** Physical table names, read once from the environment the deployment gives each function. */
import { tables, type TableId } from '../../infra/app-description';
import { getStringFromEnv } from './env';

export function tableName(id: TableId): string {
  return getStringFromEnv(tables[id].envVar);
}
