/**
 * Hostile input (see fuzz-support.ts), on one group of routes of the app description. A coach's signed task link: its id and signature mutated, and its form posted broken.
 */
import { fuzzGroup } from './fuzz-support';

fuzzGroup('tasks');
