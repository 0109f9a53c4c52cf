/** README shows the access table as the code has it: one row per action, the same scopes and routes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessTable, actions, roles } from '../../functions/domain/access';
import { routes } from '../../infra/app-description';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

test.each(actions.map((action) => [action]))(
  'README has the row of %s as the access table says',
  (action) => {
    const row = readme.split('\n').find((line) => line.split('|')[1]?.trim() === `\`${action}\``);
    expect(row).toBeDefined();
    const cells = (row ?? '').split('|').map((cell) => cell.trim());
    // | action | what | one cell per role | routes |
    expect(cells.slice(3, 3 + roles.length)).toEqual(roles.map((role) => accessTable[action][role] ?? '—'));
    for (const route of routes.filter((r) => r.action === action)) {
      expect(cells[3 + roles.length]).toContain(`\`${route.method} ${route.path}\``);
    }
  },
);
