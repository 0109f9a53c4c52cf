/**
 * Hostile input (see fuzz-support.ts), on one group of routes of the app description. The JSON API behind a session (bearer token): every body, query string and path parameter.
 */
import { fuzzGroup } from './fuzz-support';

fuzzGroup('api');
