/**
 * Hostile input (see fuzz-support.ts), on one group of routes of the app description. The public routes (no session): health, reference codes, pages and assets, signing in, the catalogue and open data, and any other path (the catch-all, every method).
 */
import { fuzzGroup } from './fuzz-support';

fuzzGroup('public');
