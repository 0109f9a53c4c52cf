/**
 * Statistical disclosure control: small cells hidden, with the complementary cells that would give
 * them back from the totals; an attacker who solves the tables' equations recovers nothing.
 */
import {
  protectList,
  protectTable,
  publishRate,
  recoverHiddenValues,
  type PublishedCell,
  type PublishedTable,
} from '../../functions/domain/disclosure';
import { SMALL_CELL_MIN } from '../../functions/domain/aggregates';

const H: PublishedCell = { suppressed: true };
const n = (count: number): PublishedCell => ({ count });

/** The table with only the small values hidden (no complementary hiding): what the attacker beats. */
function primaryOnly(cells: number[][], threshold: number): PublishedTable {
  const hide = (count: number) => (count > 0 && count < threshold ? H : n(count));
  const columnTotals = (cells[0] ?? []).map((_, c) => cells.reduce((s, row) => s + (row[c] ?? 0), 0));
  return {
    cells: cells.map((row) => row.map(hide)),
    rowTotals: cells.map((row) => hide(row.reduce((s, v) => s + v, 0))),
    columnTotals: columnTotals.map(hide),
    grandTotal: hide(columnTotals.reduce((s, v) => s + v, 0)),
  };
}

/** mulberry32: a tiny seeded pseudo-random generator, numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1 to 6 rows and columns; counts from 0 to 30, a quarter zeros and a third from 1 to 4. */
function randomTable(seed: number): number[][] {
  const random = mulberry32(seed);
  const upTo = (max: number) => Math.floor(random() * (max + 1));
  const rows = 1 + upTo(5);
  const columns = 1 + upTo(5);
  return Array.from({ length: rows }, () =>
    Array.from({ length: columns }, () => {
      const kind = random();
      return kind < 0.25 ? 0 : kind < 0.6 ? 1 + upTo(3) : upTo(30);
    }),
  );
}

/** Every value of a table, cells then totals, with where it sits. */
function valuesOf<T>(table: {
  cells: T[][];
  rowTotals: T[];
  columnTotals: T[];
  grandTotal: T;
}): [string, T][] {
  return [
    ...table.cells.flatMap((row, r) => row.map((value, c): [string, T] => [`cell ${r},${c}`, value])),
    ...table.rowTotals.map((value, r): [string, T] => [`row total ${r}`, value]),
    ...table.columnTotals.map((value, c): [string, T] => [`column total ${c}`, value]),
    ['grand total', table.grandTotal],
  ];
}

/** The original counts in the shape of a published table. */
function countsOf(cells: number[][]) {
  const columnTotals = (cells[0] ?? []).map((_, c) => cells.reduce((s, row) => s + (row[c] ?? 0), 0));
  return {
    cells,
    rowTotals: cells.map((row) => row.reduce((s, v) => s + v, 0)),
    columnTotals,
    grandTotal: columnTotals.reduce((s, v) => s + v, 0),
  };
}

describe('protectTable', () => {
  it('hides a cell of 3 and a complementary cell in its row and in its column, and keeps the totals', () => {
    // Prepare
    const cells = [
      [3, 10, 12],
      [8, 9, 20],
      [15, 11, 30],
    ];

    // Act
    const published = protectTable(cells, 5);

    // Assess: the 3, the 10 beside it, the 8 under it, and the 9 that the 8's row then needs.
    expect(published).toEqual({
      cells: [
        [H, H, n(12)],
        [H, H, n(20)],
        [n(15), n(11), n(30)],
      ],
      rowTotals: [n(25), n(37), n(56)],
      columnTotals: [n(26), n(30), n(62)],
      grandTotal: n(118),
    });
    expect(recoverHiddenValues(published)).toEqual([]);
  });

  it("hides a region's total under the threshold, and another region's total beside it", () => {
    // Prepare: women and men (rows) by region (columns); the first region counts 4 people.
    const cells = [
      [2, 20, 30],
      [2, 25, 35],
    ];

    // Act
    const published = protectTable(cells, 5);

    // Assess: the 45 is hidden too, or the grand total less the 45 and the 65 gives the 4 back.
    expect(published.columnTotals).toEqual([H, H, n(65)]);
    expect(published.cells).toEqual([
      [H, H, n(30)],
      [H, H, n(35)],
    ]);
    expect(published.rowTotals).toEqual([n(52), n(62)]);
    expect(published.grandTotal).toEqual(n(114));
    expect(recoverHiddenValues(published)).toEqual([]);
  });

  it("publishes zeros, and hides a line's total when its other cells are zeros", () => {
    // Prepare: the 6 is hidden to protect the 3; its row holds only zeros beside it.
    const cells = [
      [3, 8, 9],
      [6, 0, 0],
    ];

    // Act
    const published = protectTable(cells, 5);

    // Assess
    expect(published.cells[1]).toEqual([H, n(0), n(0)]);
    expect(published.rowTotals[1]).toEqual(H);
    expect(recoverHiddenValues(published)).toEqual([]);
  });

  it('hides one more value when lines that each hide two would still give a cell back together', () => {
    // Prepare: line by line, the 1 gets complements that form two blocks joined by the 1 alone,
    // which the row and column equations added up give back (see recoverHiddenValues below).
    const cells = [
      [15, 12, 1],
      [0, 0, 21],
      [0, 0, 9],
    ];

    // Act
    const published = protectTable(cells, 5);

    // Assess
    expect(published.cells[0]?.[2]).toEqual(H);
    expect(recoverHiddenValues(published)).toEqual([]);
  });

  it('publishes nothing under the threshold in a table of one cell', () => {
    // Act
    const published = protectTable([[4]], 5);

    // Assess
    expect(valuesOf(published).map(([, value]) => value)).toEqual([H, H, H, H]);
  });

  it('refuses counts that are not whole numbers of people, rows of different lengths and no cells', () => {
    expect(() => protectTable([[1.5]], 5)).toThrow(RangeError);
    expect(() => protectTable([[-1]], 5)).toThrow(RangeError);
    expect(() => protectTable([[1, 2], [3]], 5)).toThrow(RangeError);
    expect(() => protectTable([], 5)).toThrow(RangeError);
    expect(() => protectTable([[1]], 0)).toThrow(RangeError);
  });
});

describe('protectList', () => {
  it('hides a cell of 3 and the smallest other cell, and keeps the total', () => {
    // Act
    const published = protectList([3, 10, 12], 5);

    // Assess
    expect(published).toEqual({ cells: [H, H, n(12)], total: n(25) });
  });

  it('hides a total under the threshold, region level included', () => {
    // Prepare: by province, one region of 4 people.
    const provinces = [0, 4, 0];

    // Act
    const published = protectList(provinces, 5);

    // Assess
    expect(published).toEqual({ cells: [n(0), H, n(0)], total: H });
  });
});

describe('recoverHiddenValues', () => {
  it('gives back a small cell hidden alone, by subtraction from its totals', () => {
    // Prepare
    const published = primaryOnly(
      [
        [3, 10, 12],
        [8, 9, 20],
      ],
      5,
    );

    // Act
    const recovered = recoverHiddenValues(published);

    // Assess
    expect(recovered).toEqual([{ position: { row: 0, column: 0 }, count: 3 }]);
  });

  it('gives back a cell that joins two blocks of hidden values, though each line hides two', () => {
    // Prepare: [[15, 12, 1], [0, 0, 21], [0, 0, 9]] hidden line by line only (the rule without its gap closing).
    const published: PublishedTable = {
      cells: [
        [H, H, H],
        [n(0), n(0), H],
        [n(0), n(0), H],
      ],
      rowTotals: [n(28), H, H],
      columnTotals: [H, H, n(31)],
      grandTotal: n(58),
    };

    // Act
    const recovered = recoverHiddenValues(published);

    // Assess
    expect(recovered).toEqual([{ position: { row: 0, column: 2 }, count: 1 }]);
  });

  it('gives back nothing from a block of four hidden cells whose totals are published', () => {
    // Prepare
    const published: PublishedTable = {
      cells: [
        [H, H],
        [H, H],
      ],
      rowTotals: [n(7), n(9)],
      columnTotals: [n(6), n(10)],
      grandTotal: n(16),
    };

    // Act
    const recovered = recoverHiddenValues(published);

    // Assess
    expect(recovered).toEqual([]);
  });
});

describe('protected tables, for 3,000 seeded random tables', () => {
  const seeds = Array.from({ length: 3000 }, (_, i) => i + 1);

  it('publish nothing under the threshold, nothing an attacker can compute back, and only true counts', () => {
    // Prepare
    const problems: string[] = [];
    let neededComplements = 0;

    for (const seed of seeds) {
      const cells = randomTable(seed);
      if (recoverHiddenValues(primaryOnly(cells, SMALL_CELL_MIN)).length > 0) neededComplements += 1;

      // Act
      const published = protectTable(cells, SMALL_CELL_MIN);

      // Assess
      const original = valuesOf(countsOf(cells));
      valuesOf(published).forEach(([where, value], i) => {
        if (!('count' in value)) return;
        if (value.count > 0 && value.count < SMALL_CELL_MIN)
          problems.push(`seed ${seed}: ${where} is ${value.count}`);
        if (value.count !== original[i]?.[1]) problems.push(`seed ${seed}: ${where} is not the count`);
      });
      for (const { position, count } of recoverHiddenValues(published)) {
        problems.push(`seed ${seed}: ${JSON.stringify(position)} recovered as ${count}`);
      }
    }

    expect(problems).toEqual([]);
    // Hiding the small cells alone would have let the attacker in on many of these tables.
    expect(neededComplements).toBeGreaterThan(seeds.length / 4);
  });
});

describe('publishRate', () => {
  it('hides a rate whose denominator is under the threshold', () => {
    expect(publishRate(0, 4, 5)).toEqual(H);
    expect(publishRate(4, 4, 5)).toEqual(H);
    expect(publishRate(0, 0, 5)).toEqual(H);
  });

  it('gives the share in percent, rounded half up to one decimal', () => {
    expect(publishRate(4567, 10000, 5)).toEqual({ rate: 45.7 });
    expect(publishRate(50, 300, 5)).toEqual({ rate: 16.7 });
    expect(publishRate(25, 200, 5)).toEqual({ rate: 12.5 });
    expect(publishRate(5, 8000, 5)).toEqual({ rate: 0.1 });
    expect(publishRate(0, 20, 5)).toEqual({ rate: 0 });
    expect(publishRate(20, 20, 5)).toEqual({ rate: 100 });
  });

  it('hides a rate whose numerator or denominator is hidden', () => {
    expect(publishRate(H, n(50), 5)).toEqual(H);
    expect(publishRate(n(10), H, 5)).toEqual(H);
    expect(publishRate(n(10), n(50), 5)).toEqual({ rate: 20 });
  });

  it('hides a rate that would give back a small numerator or a small rest', () => {
    expect(publishRate(3, 50, 5)).toEqual(H);
    expect(publishRate(47, 50, 5)).toEqual(H);
    expect(publishRate(45, 50, 5)).toEqual({ rate: 90 });
  });

  it('refuses a numerator larger than the denominator', () => {
    expect(() => publishRate(51, 50, 5)).toThrow(RangeError);
  });
});
