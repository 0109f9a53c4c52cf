/**
 * Statistical disclosure control for the counts of people we publish (page, API, exports): no one
 * may be singled out from a figure, nor from what can be computed from the figures beside it.
 * Plain rules, no AWS, no I/O; the threshold is the caller's one setting (SMALL_CELL_MIN).
 *
 * A published table is a two-way table of counts (rows × columns) with its row totals, column
 * totals and grand total beside the cells; a list with its total is the one-column case. Seen with
 * its margins, the table is a grid of (rows + 1) × (columns + 1) values where each line (row or
 * column of the grid) is an equation: its values add up to its last one. A reader who knows all but
 * one value of a line knows that one too, so hiding a small cell is not enough:
 *
 * 1. Primary suppression: every value, cells and totals alike (a region total included), with
 *    1 ≤ count < threshold is hidden. Zero is published: it is the common convention, and a zero
 *    names no one. (It does say that no one in the row has that column's attribute; we accept that.)
 * 2. Complementary suppression: a line with exactly one hidden value gets a second one, its
 *    smallest non-zero published cell (first by position on a tie); when its other cells are zeros,
 *    its total instead; repeated over every line until none has exactly one hidden value.
 * 3. Lines that each hide two values can still give a value away together (two blocks of hidden
 *    cells joined by one hidden cell: the sum of one block's lines leaves only that cell). One more
 *    value is hidden to close each such gap, then step 2 runs again, until nothing is recoverable.
 *
 * Why step 3 closes every gap: the hidden values are the edges of a graph whose vertices are the
 * lines (each value sits on one grid row and one grid column). The equations fix a hidden value
 * exactly when its edge is on no cycle of that graph (a bridge); step 2 leaves no line with one
 * hidden edge, and step 3 puts every bridge on a cycle by hiding a value across it.
 *
 * Limits:
 * - The attack protected against is exact recomputation from the table's linear equations
 *   (`recoverHiddenValues`). The interval attack (linear programming with counts ≥ 0, which bounds
 *   a hidden value and can pin one) is out of scope, and so is rounding or perturbation.
 * - One table at a time: the same count published in two tables (a region's total beside its
 *   provinces and beside its sexes) must get the same fate in both, or one table undoes the other.
 *   Linked tables have to be protected together when this module is wired in.
 * - Totals are the sums of the cells: a category such as "unknown" must be a cell of its own, so
 *   that the equations a reader can write are the ones protected here.
 * - A complementary cell is hidden although it may hold 5 or more: the page's "fewer than 5" label
 *   would then be wrong for it, and a label that told the two kinds apart would narrow them down.
 */

/** A published value: the count, or hidden (shown as "<5" or "hidden"). */
export type PublishedCell = { count: number } | { suppressed: true };

/** A two-way table as published: each cell, and the totals beside them. */
export interface PublishedTable {
  /** `cells[row][column]`. */
  cells: PublishedCell[][];
  /** One per row: the sum of the row's cells. */
  rowTotals: PublishedCell[];
  /** One per column: the sum of the column's cells. */
  columnTotals: PublishedCell[];
  grandTotal: PublishedCell;
}

/** A one-way table as published: each cell and their total. */
export interface PublishedList {
  cells: PublishedCell[];
  total: PublishedCell;
}

/** Where a value sits in a published table: a cell, a row total, a column total or the grand total. */
export interface TablePosition {
  row: number | 'total';
  column: number | 'total';
}

/** A hidden value a reader can compute back from the published ones. */
export interface RecoveredValue {
  position: TablePosition;
  count: number;
}

/** A share of people in percent, one decimal (45.7 is 45.7 %), or hidden. */
export type PublishedRate = { rate: number } | { suppressed: true };

/** A position in the grid of cells and totals: row `rows` holds the column totals, column `columns` the row totals. */
type GridPosition = readonly [row: number, column: number];

/** One equation of the grid: its parts add up to its total. */
interface Line {
  parts: GridPosition[];
  total: GridPosition;
}

const hiddenCell = (): PublishedCell => ({ suppressed: true });

function checkThreshold(threshold: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw new RangeError(`The small-cell threshold must be a whole number of at least 1, not ${threshold}.`);
  }
}

function checkCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`A count of people must be a whole number of at least 0, not ${count}.`);
  }
}

function checkCells(cells: readonly (readonly number[])[]): number {
  const columns = cells[0]?.length ?? 0;
  if (columns === 0) throw new RangeError('A table needs at least one row and one column.');
  for (const row of cells) {
    if (row.length !== columns) throw new RangeError('Every row of a table needs the same number of cells.');
    row.forEach(checkCount);
  }
  return columns;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** The cells with their totals: each row followed by its total, then the column totals and the grand total. */
function withMargins(cells: readonly (readonly number[])[]): number[][] {
  const rows = cells.map((row) => [...row, sum(row)]);
  const columnTotals = (rows[0] ?? []).map((_, column) => sum(rows.map((row) => row[column] ?? 0)));
  return [...rows, columnTotals];
}

/** Every equation of a grid of `rows` × `columns` cells: each row, each column, then the two lines of totals. */
function linesOf(rows: number, columns: number): Line[] {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return [
    ...range(rows).map((r) => ({
      parts: range(columns).map((c) => [r, c] as const),
      total: [r, columns] as const,
    })),
    ...range(columns).map((c) => ({
      parts: range(rows).map((r) => [r, c] as const),
      total: [rows, c] as const,
    })),
    { parts: range(columns).map((c) => [rows, c] as const), total: [rows, columns] as const },
    { parts: range(rows).map((r) => [r, columns] as const), total: [rows, columns] as const },
  ];
}

/** A grid of values and which of them are hidden, both indexed [row][column] over cells and totals. */
class Grid {
  readonly hidden: boolean[][];

  constructor(readonly values: readonly (readonly number[])[]) {
    this.hidden = values.map((row) => row.map(() => false));
  }

  value([row, column]: GridPosition): number {
    return this.values[row]?.[column] ?? 0;
  }

  isHidden([row, column]: GridPosition): boolean {
    return this.hidden[row]?.[column] ?? false;
  }

  hide([row, column]: GridPosition): void {
    const line = this.hidden[row];
    if (line) line[column] = true;
  }

  /** Every position, row by row. */
  positions(): GridPosition[] {
    return this.values.flatMap((row, r) => row.map((_, c) => [r, c] as const));
  }
}

/** Smallest non-zero value first, then (on a tie) the first by position: the order given. */
function smallestNonZero(grid: Grid, positions: readonly GridPosition[]): GridPosition | undefined {
  return positions
    .filter((p) => grid.value(p) > 0)
    .reduce<GridPosition | undefined>(
      (best, p) => (best && grid.value(best) <= grid.value(p) ? best : p),
      undefined,
    );
}

/**
 * The value to hide beside the one hidden value of `line`: its smallest non-zero published cell;
 * when its other cells are zeros, its total; when the total is the hidden one, a zero cell.
 */
function complementIn(grid: Grid, line: Line): GridPosition {
  const published = line.parts.filter((p) => !grid.isHidden(p));
  const choice = smallestNonZero(grid, published) ?? (grid.isHidden(line.total) ? published[0] : line.total);
  if (!choice)
    throw new Error('A line with one hidden value has another value to hide: complementIn is wrong.');
  return choice;
}

/** Step 2: until no line has exactly one hidden value, hide a complement in each line that has. */
function completeLines(grid: Grid, lines: readonly Line[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      if ([...line.parts, line.total].filter((p) => grid.isHidden(p)).length !== 1) continue;
      grid.hide(complementIn(grid, line));
      changed = true;
    }
  }
}

/**
 * The lines reached from `start` through hidden values, leaving out the hidden value at `without`.
 * Lines are vertices: grid row r is `row r`, grid column c is `column c`.
 */
function reachedLines(grid: Grid, start: string, without: GridPosition): Set<string> {
  const hidden = grid
    .positions()
    .filter((p) => grid.isHidden(p) && (p[0] !== without[0] || p[1] !== without[1]));
  const reached = new Set([start]);
  const queue = [start];
  for (let line = queue.shift(); line !== undefined; line = queue.shift()) {
    for (const [r, c] of hidden) {
      const [from, to] = [`row ${r}`, `column ${c}`];
      const next = line === from ? to : line === to ? from : undefined;
      if (next !== undefined && !reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached;
}

/**
 * Step 3: a hidden value the lines give away together (a bridge between two groups of lines), and
 * the value to hide across it: the smallest non-zero published value joining a line of one group
 * to a line of the other (a cell before a total on a tie), a zero only when nothing else joins them.
 */
function valueToCloseAGap(grid: Grid): GridPosition | undefined {
  for (const bridge of grid.positions().filter((p) => grid.isHidden(p))) {
    const rowSide = reachedLines(grid, `row ${bridge[0]}`, bridge);
    if (rowSide.has(`column ${bridge[1]}`)) continue;
    const columnSide = reachedLines(grid, `column ${bridge[1]}`, bridge);
    const across = grid
      .positions()
      .filter(([r, c]) => !grid.isHidden([r, c]))
      .filter(
        ([r, c]) =>
          (rowSide.has(`row ${r}`) && columnSide.has(`column ${c}`)) ||
          (columnSide.has(`row ${r}`) && rowSide.has(`column ${c}`)),
      );
    const rows = grid.values.length - 1;
    const columns = (grid.values[0]?.length ?? 1) - 1;
    const isCell = ([r, c]: GridPosition) => r < rows && c < columns;
    const choice =
      smallestNonZero(grid, [...across.filter(isCell), ...across.filter((p) => !isCell(p))]) ?? across[0];
    if (!choice) throw new Error('Every line has two hidden values or none: a value joins the groups.');
    return choice;
  }
  return undefined;
}

/**
 * The table as it may be published: its cells, row totals, column totals and grand total, with the
 * values under `threshold` hidden and the values that would let one compute them back hidden too.
 * `cells[row][column]` are counts of people; the totals are their sums. Deterministic.
 */
export function protectTable(cells: readonly (readonly number[])[], threshold: number): PublishedTable {
  checkThreshold(threshold);
  const columns = checkCells(cells);
  const rows = cells.length;
  const grid = new Grid(withMargins(cells));
  for (const p of grid.positions()) if (grid.value(p) > 0 && grid.value(p) < threshold) grid.hide(p);
  const lines = linesOf(rows, columns);
  completeLines(grid, lines);
  for (let gap = valueToCloseAGap(grid); gap; gap = valueToCloseAGap(grid)) {
    grid.hide(gap);
    completeLines(grid, lines);
  }
  const published = grid.values.map((row, r) =>
    row.map((count, c) => (grid.isHidden([r, c]) ? hiddenCell() : { count })),
  );
  const columnTotals = published[rows] ?? [];
  return {
    cells: published.slice(0, rows).map((row) => row.slice(0, columns)),
    rowTotals: published.slice(0, rows).map((row) => row[columns] ?? hiddenCell()),
    columnTotals: columnTotals.slice(0, columns),
    grandTotal: columnTotals[columns] ?? hiddenCell(),
  };
}

/** A list of counts of people and its total as they may be published: the one-column table. */
export function protectList(cells: readonly number[], threshold: number): PublishedList {
  checkThreshold(threshold);
  if (cells.length === 0) return { cells: [], total: { count: 0 } };
  const table = protectTable(
    cells.map((count) => [count]),
    threshold,
  );
  return { cells: table.cells.flat(), total: table.grandTotal };
}

/**
 * The attacker's side, for the tests: every hidden value of a published table that its equations
 * (each row, each column, the row totals and the column totals adding up to their totals) fix
 * exactly, with its value. Gauss-Jordan elimination over the hidden values: stronger than solving
 * one equation with one unknown at a time, it also finds a value that only several lines together
 * give away. Bounds from counts being ≥ 0 (a linear-programming interval attack) are out of scope.
 * The equations' matrix is totally unimodular (each hidden value is in two lines), so the numbers
 * stay whole throughout: the arithmetic is exact.
 */
export function recoverHiddenValues(table: PublishedTable): RecoveredValue[] {
  const rows = table.cells.length;
  const columns = table.columnTotals.length;
  const grid: PublishedCell[][] = [
    ...table.cells.map((row, r) => [...row, table.rowTotals[r] ?? hiddenCell()]),
    [...table.columnTotals, table.grandTotal],
  ];
  const at = ([r, c]: GridPosition): PublishedCell => grid[r]?.[c] ?? hiddenCell();
  const unknowns = grid.flatMap((row, r) =>
    row.flatMap((cell, c) => ('suppressed' in cell ? [[r, c] as const] : [])),
  );
  const indexOf = (p: GridPosition) => unknowns.findIndex(([r, c]) => r === p[0] && c === p[1]);

  // One equation per line: the hidden parts less the hidden total = the published total less the published parts.
  const equations = linesOf(rows, columns).map((line) => {
    const coefficients = unknowns.map(() => 0);
    let constant = 0;
    for (const [position, sign] of [...line.parts.map((p) => [p, 1] as const), [line.total, -1] as const]) {
      const cell = at(position);
      if ('suppressed' in cell) coefficients[indexOf(position)] = sign;
      else constant -= sign * cell.count;
    }
    return { coefficients, constant };
  });

  let pivotRow = 0;
  for (let unknown = 0; unknown < unknowns.length; unknown += 1) {
    const found = equations.findIndex((e, i) => i >= pivotRow && e.coefficients[unknown] !== 0);
    const pivot = equations[found];
    if (!pivot) continue;
    equations[found] = equations[pivotRow] ?? pivot;
    equations[pivotRow] = pivot;
    const scale = pivot.coefficients[unknown] ?? 1;
    pivot.coefficients = pivot.coefficients.map((a) => a / scale);
    pivot.constant /= scale;
    for (const other of equations) {
      const factor = other.coefficients[unknown] ?? 0;
      if (other === pivot || factor === 0) continue;
      other.coefficients = other.coefficients.map((a, i) => a - factor * (pivot.coefficients[i] ?? 0));
      other.constant -= factor * pivot.constant;
    }
    pivotRow += 1;
  }

  const recovered: RecoveredValue[] = [];
  for (const { coefficients, constant } of equations) {
    const nonZero = coefficients.flatMap((a, i) => (a !== 0 ? [i] : []));
    const position = nonZero.length === 1 ? unknowns[nonZero[0] ?? -1] : undefined;
    if (!position) continue;
    const [r, c] = position;
    recovered.push({
      position: { row: r === rows ? 'total' : r, column: c === columns ? 'total' : c },
      count: constant / (coefficients[nonZero[0] ?? -1] ?? 1),
    });
  }
  return recovered;
}

/**
 * A share of people (`numerator` of the `denominator`), in percent rounded to one decimal, half up:
 * 4,567 of 10,000 is 45.7. Hidden when the denominator is under `threshold`, when either count is
 * hidden, and when the numerator or the rest (denominator less numerator) is from 1 to threshold − 1,
 * since with the denominator known the rate gives that small count back. Pass the values as
 * `protectTable` published them, so that a complementary hiding carries over to the rate.
 */
export function publishRate(
  numerator: number | PublishedCell,
  denominator: number | PublishedCell,
  threshold: number,
): PublishedRate {
  checkThreshold(threshold);
  const part = typeof numerator === 'number' ? numerator : 'count' in numerator ? numerator.count : undefined;
  const whole =
    typeof denominator === 'number' ? denominator : 'count' in denominator ? denominator.count : undefined;
  if (part === undefined || whole === undefined) return { suppressed: true };
  checkCount(part);
  checkCount(whole);
  if (part > whole) throw new RangeError(`A share cannot count ${part} people of ${whole}.`);
  const small = (count: number) => count > 0 && count < threshold;
  if (whole < threshold || small(part) || small(whole - part)) return { suppressed: true };
  return { rate: Math.round((part * 1000) / whole) / 10 };
}
