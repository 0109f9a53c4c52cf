/**
 * Hostile input (see fuzz-support.ts), on one group of routes of the app description. The pages behind a session (cookie): every query string, path parameter and form post.
 */
import { fuzzGroup } from './fuzz-support';

fuzzGroup('pages');
