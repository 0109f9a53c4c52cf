/**
 * Employers' labour needs (issue 10): one need as a form sends it, and the CSV import of an
 * employer's needs, every error of every row said at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportReport } from '../../functions/domain/csv-import';
import {
  checkLabourNeed,
  importLabourNeeds,
  MAX_POSITIONS,
  needIdOf,
  needsCsv,
  type LabourNeed,
} from '../../functions/domain/labour-needs';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'csv', name));
const employer = { code: 'EMP-TTA-AUTOPARK', name: 'Association des industriels de Tanger Automotive City' };

/** A need as a page's form sends it: every value a string, optional ones left blank. */
const formNeed = {
  needId: 'NEED-TNG-CABLAGE',
  employer,
  sector: 'industry',
  occupation: '  Opérateur de câblage ',
  region: 'TTA',
  province: 'TNG',
  positions: '40',
  skills: '',
  educationLevel: '',
  periodStart: '2027-01-04',
  periodEnd: '2027-06-30',
  contractType: 'cdd',
};

function needsOf(report: ImportReport<LabourNeed>): LabourNeed[] {
  if (!report.ok) throw new Error(JSON.stringify(report, null, 2));
  return report.rows;
}
function failureOf(report: ImportReport<LabourNeed>) {
  if (report.ok) throw new Error('The file was imported: errors were expected.');
  return report;
}

describe('one labour need', () => {
  it('reads a need as a form sends it', () => {
    // Act
    const check = checkLabourNeed(formNeed);

    // Assess
    if (!check.ok) throw new Error(JSON.stringify(check.errors, null, 2));
    expect(Object.keys(check.need)).not.toContain('skills');
    expect(check.need).toEqual({
      needId: 'NEED-TNG-CABLAGE',
      employer,
      sector: 'industry',
      occupation: 'Opérateur de câblage',
      region: 'TTA',
      province: 'TNG',
      positions: 40,
      periodStart: '2027-01-04',
      periodEnd: '2027-06-30',
      contractType: 'cdd',
    });
  });

  it('says every error at once, each with its field and key, the rules across fields included', () => {
    // Act
    const check = checkLabourNeed({
      ...formNeed,
      sector: 'mining',
      occupation: '',
      province: 'OUJ',
      positions: String(MAX_POSITIONS + 1),
      skills: 'x'.repeat(301),
      periodStart: '2027-06-30',
      periodEnd: '2027-01-04',
      contractType: 'freelance',
      salary: '3000',
    });

    // Assess
    expect(check.ok).toBe(false);
    const errors = check.ok ? [] : check.errors;
    expect(errors.map(({ field, key }) => ({ field, key }))).toEqual(
      expect.arrayContaining([
        { field: 'salary', key: 'unknownField' },
        { field: 'sector', key: 'sector' },
        { field: 'occupation', key: 'required' },
        { field: 'positions', key: 'wholeNumber' },
        { field: 'skills', key: 'textTooLong' },
        { field: 'contractType', key: 'contractType' },
        { field: 'province', key: 'provinceOfRegion' },
        { field: 'periodEnd', key: 'dateOrder' },
      ]),
    );
    expect(errors).toHaveLength(8);
    expect(errors.find((e) => e.field === 'positions')?.params).toEqual({ min: 1, max: MAX_POSITIONS });
    expect(errors.find((e) => e.field === 'periodEnd')?.params).toEqual({ start: '2027-06-30' });
  });

  it('refuses 0 positions and a part of a position', () => {
    for (const positions of [0, 2.5, '0', '-4']) {
      const check = checkLabourNeed({ ...formNeed, positions });
      expect(check.ok ? [] : check.errors.map((e) => e.key)).toEqual(['wholeNumber']);
    }
  });
});

describe('importing an employer’s labour needs', () => {
  it('reads a good file: Arabic, quoted commas and quotes, a cell over two lines, dates and numbers as written', () => {
    // Act
    const report = importLabourNeeds(fixture('needs-good.csv'), employer);

    // Assess
    const [wiring, packing, forklift] = needsOf(report);
    expect(wiring).toEqual({
      needId: needIdOf(employer.code, {
        occupation: 'Opérateur·rice de câblage automobile',
        province: 'TNG',
        periodStart: '2027-01-04',
      }),
      employer,
      sector: 'industry',
      occupation: 'Opérateur·rice de câblage automobile',
      region: 'TTA',
      province: 'TNG',
      positions: 120,
      skills: 'Lecture de plans, contrôle "5S"\nTravail en équipe',
      educationLevel: 'primary',
      periodStart: '2027-01-04',
      periodEnd: '2027-06-30',
      contractType: 'cdd',
    });
    expect(wiring?.needId).toMatch(/^NEED-TNG-[0-9A-F]{10}$/);
    expect(packing).toMatchObject({
      needId: 'NEED-ORI-AGRO-1',
      occupation: 'عامل(ة) تلفيف، محطة التعبئة',
      positions: 1000,
      periodStart: '2027-03-01',
      periodEnd: '2027-05-31',
      contractType: 'seasonal',
    });
    expect(packing).not.toHaveProperty('skills');
    expect(forklift).toMatchObject({ province: 'FAH', periodStart: '2027-02-01', periodEnd: '2027-02-01' });
  });

  it('gives the same ids when the same file is imported twice, and other ids to another employer', () => {
    // Act
    const first = needsOf(importLabourNeeds(fixture('needs-good.csv'), employer));
    const second = needsOf(importLabourNeeds(fixture('needs-good.csv'), employer));
    const other = needsOf(
      importLabourNeeds(fixture('needs-good.csv'), { code: 'EMP-ORI-AGRO', name: 'Agro' }),
    );

    // Assess
    expect(second.map((n) => n.needId)).toEqual(first.map((n) => n.needId));
    expect(other[0]?.needId).not.toBe(first[0]?.needId);
    // An id the file gives stays the file's.
    expect(other[1]?.needId).toBe(first[1]?.needId);
  });

  it('says every error of the bad rows, with rows and columns, and imports nothing', () => {
    // Act
    const report = failureOf(importLabourNeeds(fixture('needs-bad.csv'), employer));

    // Assess
    expect(report.fileErrors).toEqual([]);
    expect(report.rowErrors.map(({ row, field, key, params }) => ({ row, field, key, params }))).toEqual([
      {
        row: 3,
        field: 'province',
        key: 'provinceOfRegion',
        params: { region: 'ORI', provinces: 'OUJ, NAD, DRI, JER, BER, TAO, GUE, FIG' },
      },
      { row: 3, field: 'positions', key: 'wholeNumber', params: { min: 1, max: MAX_POSITIONS } },
      { row: 3, field: 'period_end', key: 'dateOrder', params: { start: '2027-06-01' } },
      {
        row: 3,
        field: 'contract_type',
        key: 'oneOf',
        params: { codes: 'cdi, cdd, anapec-idmaj, seasonal, apprenticeship, no-written-contract' },
      },
      { row: 4, field: 'needId', key: 'idFormat', params: { example: 'NEED-TNG-01' } },
      { row: 4, field: 'occupation', key: 'required', params: undefined },
      { row: 4, field: 'education_level', key: 'oneOf', params: expect.objectContaining({}) },
      { row: 4, field: 'period_start', key: 'csvDate', params: undefined },
    ]);
    expect(report.rowErrors.find((e) => e.field === 'period_end')?.message).toBe(
      'Must be on or after the start date (2027-06-01).',
    );
  });

  it('refuses the same need twice in a file, on both rows', () => {
    // Prepare
    const text = [
      'sector;occupation;region;province;positions;period_start;period_end;contract_type',
      'industry;Soudeur;TTA;TNG;10;2027-01-04;2027-06-30;cdd',
      'industry;soudeur ;TTA;TNG;12;04/01/2027;2027-07-31;cdi',
    ].join('\r\n');

    // Act
    const report = failureOf(importLabourNeeds(Buffer.from(text, 'utf8'), employer));

    // Assess
    expect(report.rowErrors.map(({ row, field, key }) => ({ row, field, key }))).toEqual([
      { row: 2, field: 'occupation, province, period_start', key: 'csvDuplicateRow' },
      { row: 3, field: 'occupation, province, period_start', key: 'csvDuplicateRow' },
    ]);
  });

  it('takes the employer from the caller: an employer column is unknown, a wrong employer throws', () => {
    // Prepare
    const text =
      'employer,sector,occupation,region,province,positions,period_start,period_end,contract_type\n';

    // Act
    const report = failureOf(importLabourNeeds(Buffer.from(text, 'utf8'), employer));

    // Assess
    expect(report.fileErrors).toMatchObject([{ key: 'csvUnknownColumns', params: { columns: 'employer' } }]);
    expect(() => importLabourNeeds(fixture('needs-good.csv'), { code: '', name: 'X' })).toThrow();
  });
});

describe('needsCsv', () => {
  it('writes UTF-8 with a BOM, a header row and CRLF, quotes what needs it and neutralises formulas', () => {
    const csv = needsCsv([
      {
        needId: 'NEED-TNG-1',
        employer: { code: 'EMP-TTA-AUTOPARK', name: '=HYPERLINK("x")' },
        sector: 'industry',
        occupation: 'عامل(ة) تلفيف، "محطة"',
        region: 'TTA',
        province: 'TNG',
        positions: 3,
        periodStart: '2027-01-01',
        periodEnd: '2027-02-01',
        contractType: 'cdd',
        updatedAt: '2026-11-29T10:00:00.000Z',
      },
    ]);
    expect(csv.startsWith('\uFEFFneedId,employer_code,employer_name,')).toBe(true);
    const [, row] = csv.slice(1).split('\r\n');
    expect(row).toBe(
      `NEED-TNG-1,EMP-TTA-AUTOPARK,"'=HYPERLINK(""x"")",industry,"عامل(ة) تلفيف، ""محطة""",TTA,TNG,3,,,2027-01-01,2027-02-01,cdd,2026-11-29T10:00:00.000Z`,
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
