/**
 * Importing CSV files (issue 10): reading them as spreadsheets write them, refusing what cannot be
 * read at file level, and a provider's training offers with every error of every row said at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  detectSeparator,
  importMessages,
  isoDateOf,
  MAX_CSV_BYTES,
  MAX_CSV_ROWS,
  readCsv,
  wholeNumberOf,
  type ImportReport,
} from '../../functions/domain/csv-import';
import {
  importTrainingOffers,
  offerColumns,
  offerIdOf,
  type ImportedOffer,
} from '../../functions/domain/offer-import';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'csv', name));
const provider = { name: 'OFPPT — Complexe de formation Tanger', kind: 'public' as const };

const header =
  'title_fr,title_ar,title_en,region,province,sector,occupation,start_date,end_date,duration_hours,seats,education_level_min,certification,cost_mad,language,place,leads_to,tracks';
const goodRow =
  'Agent logistique portuaire,عون لوجستيك مينائي,Port logistics agent,TTA,TNG,logistics,Agent logistique,2027-02-01,2027-04-23,320,20,,,0,fr,Tanger,wage-employment,direct-placement';
/** A file of `lines` (the header first), as UTF-8 bytes. */
const csv = (...lines: string[]) => Buffer.from(lines.join('\n'), 'utf8');

function offersOf(report: ImportReport<ImportedOffer>): ImportedOffer[] {
  if (!report.ok) throw new Error(JSON.stringify(report, null, 2));
  return report.rows;
}
function failureOf(report: ImportReport<ImportedOffer>) {
  if (report.ok) throw new Error('The file was imported: errors were expected.');
  return report;
}
const said = (report: ImportReport<ImportedOffer>) =>
  failureOf(report).rowErrors.map(({ row, field, key }) => ({ row, field, key }));

describe('reading a CSV file as spreadsheets write it', () => {
  it('reads a French Excel file: BOM, semicolons, CRLF, quoted Arabic with commas, quotes and line breaks', () => {
    // Prepare
    const bytes = fixture('offers-excel-fr.csv');
    // The fixture must stay as Excel wrote it (a checkout that changes line ends would test less).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');

    // Act
    const report = importTrainingOffers(bytes, provider);

    // Assess
    expect(report.ok && report.separator).toBe(';');
    const [port, kitchen, care] = offersOf(report);
    expect(port).toMatchObject({
      offerId: offerIdOf(provider.name, {
        titleFr: 'Agent logistique portuaire',
        province: 'TNG',
        startDate: '2027-02-01',
      }),
      title: {
        fr: 'Agent logistique portuaire',
        ar: 'عون لوجستيك، مينائي, "طنجة المتوسط" ; دورة أولى',
        en: 'Port logistics agent; Tanger Med "first" cohort',
      },
      provider,
      startDate: '2027-02-01',
      endDate: '2027-04-23',
      certification: 'Attestation OFPPT, niveau "qualification"',
      languages: ['fr', 'ar'],
      // A line break typed in the cell: one line.
      place: 'Zone franche de Gzenaya; lot 12',
      tracks: ['direct-placement', 'training-first'],
    });
    expect(port?.offerId).toMatch(/^TRN-TNG-[0-9A-F]{10}$/);
    expect(kitchen).toMatchObject({ offerId: 'TRN-TET-HOT-2027', costMad: 1500, languages: ['ar', 'ber'] });
    expect(kitchen).not.toHaveProperty('educationLevelMin');
    expect(kitchen).not.toHaveProperty('certification');
    // Arabic-Indic digits in a date (DD/MM/YYYY) and a number.
    expect(care).toMatchObject({ province: 'OUJ', startDate: '2027-09-01', seats: 25 });
  });

  it('reads commas and LF line ends, and finds the separator from the header line', () => {
    // Act
    const report = importTrainingOffers(csv(header, goodRow, ''), provider);

    // Assess
    expect(report.ok && report.separator).toBe(',');
    expect(offersOf(report)).toHaveLength(1);
    expect(detectSeparator('a;b;"c,d,e"\nx,y,z,w')).toBe(';');
    expect(detectSeparator('a,b,"c;d;e"\r\nx;y;z;w')).toBe(',');
  });

  it('numbers rows as the spreadsheet shows them: the header is row 1, blank rows count', () => {
    // Prepare: the third offer of the Excel file, after a blank row (row 4), with a wrong number of seats.
    const text = fixture('offers-excel-fr.csv').toString('utf8').replace(';٢٥;', ';vingt;');

    // Act
    const report = importTrainingOffers(Buffer.from(text, 'utf8'), provider);

    // Assess
    expect(said(report)).toEqual([{ row: 5, field: 'seats', key: 'wholeNumber' }]);
  });

  it('takes header names in any case, with spaces around, and ignores an empty trailing column', () => {
    // Prepare
    const shouting = header
      .split(',')
      .map((name) => ` ${name.toUpperCase()} `)
      .join(',');

    // Act
    const report = importTrainingOffers(csv(`${shouting},`, `${goodRow},`), provider);

    // Assess
    expect(offersOf(report)).toHaveLength(1);
  });

  it('reads a BOM before a quoted first column name', () => {
    // Act
    const report = importTrainingOffers(
      csv(`\uFEFF"title_fr",${header.slice('title_fr,'.length)}`, goodRow),
      provider,
    );

    // Assess
    expect(offersOf(report)).toHaveLength(1);
  });

  it('reads values as spreadsheets write them: dates DD/MM/YYYY, digit groups, Arabic-Indic digits', () => {
    expect(isoDateOf('05/03/2027')).toBe('2027-03-05');
    expect(isoDateOf('5/3/2027')).toBe('2027-03-05');
    expect(isoDateOf('2027-02-29')).toBeUndefined();
    expect(isoDateOf('31/04/2027')).toBeUndefined();
    expect(isoDateOf('03-05-2027')).toBeUndefined();
    expect(wholeNumberOf('1 500')).toBe(1500);
    expect(wholeNumberOf('1\u00A0500\u00A0000')).toBe(1_500_000);
    expect(wholeNumberOf('١٢٠')).toBe(120);
    expect(wholeNumberOf('1,5')).toBeUndefined();
    expect(wholeNumberOf('15 00')).toBeUndefined();
    expect(wholeNumberOf('-3')).toBeUndefined();
  });
});

describe('refusing a file that cannot be read', () => {
  it('refuses bytes that are not UTF-8 (a Windows-1256 file) at file level', () => {
    // Prepare
    const bytes = fixture('offers-windows-1256.csv');
    expect(bytes.includes(0xda)).toBe(true); // ع in Windows-1256

    // Act
    const report = failureOf(importTrainingOffers(bytes, provider));

    // Assess
    expect(report.fileErrors).toEqual([
      { field: 'file', key: 'csvEncoding', message: importMessages.csvEncoding },
    ]);
    expect(report.rowErrors).toEqual([]);
  });

  it('says a UTF-16 file ("Unicode text") is one', () => {
    // Prepare
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}\n${goodRow}`, 'utf16le')]);

    // Act
    const report = failureOf(importTrainingOffers(bytes, provider));

    // Assess
    expect(report.fileErrors.map((e) => e.key)).toEqual(['csvUtf16']);
  });

  it.each([
    ['nothing', ''],
    ['a BOM and blank lines', '\uFEFF\r\n\r\n  \r\n'],
  ])('refuses an empty file: %s', (_, text) => {
    // Act
    const report = failureOf(importTrainingOffers(Buffer.from(text, 'utf8'), provider));

    // Assess
    expect(report.fileErrors.map((e) => e.key)).toEqual(['csvEmpty']);
  });

  it('refuses a file with a header and no entries', () => {
    // Act
    const report = failureOf(importTrainingOffers(csv(header, '', ''), provider));

    // Assess
    expect(report.fileErrors.map((e) => e.key)).toEqual(['csvNoRows']);
  });

  it('names the missing, unknown and duplicated columns, and reads no row', () => {
    // Act
    const report = failureOf(importTrainingOffers(fixture('offers-wrong-columns.csv'), provider));

    // Assess
    expect(report.fileErrors.map(({ field, key, params }) => ({ field, key, params }))).toEqual([
      { field: 'header', key: 'csvMissingColumns', params: { columns: 'title_ar, seats' } },
      {
        field: 'header',
        key: 'csvUnknownColumns',
        params: { columns: 'prix', expected: offerColumns.map((c) => c.name).join(', ') },
      },
      { field: 'header', key: 'csvDuplicateColumns', params: { columns: 'region' } },
    ]);
    expect(report.rowErrors).toEqual([]);
  });

  it('refuses a column with values and no name, by its letter', () => {
    // Act
    const report = failureOf(importTrainingOffers(csv(`${header},`, `${goodRow},surprise`), provider));

    // Assess
    expect(report.fileErrors).toMatchObject([
      { field: 'header', key: 'csvUnnamedColumn', params: { column: 'S' } },
    ]);
  });

  it('refuses rows with another number of fields than the header, and still says the other rows’ errors', () => {
    // Prepare
    const short = goodRow.split(',').slice(0, -1).join(',');
    const badSeats = goodRow.replace(',20,', ',lots,').replace('Agent logistique portuaire', 'Magasinier');

    // Act
    const report = failureOf(importTrainingOffers(csv(header, goodRow, short, badSeats), provider));

    // Assess
    expect(report.fileErrors).toEqual([
      {
        field: 'row',
        row: 3,
        key: 'csvFieldCount',
        params: { row: 3, found: 17, expected: 18 },
        message: 'Row 3 has 17 fields where the header has 18: check the separators and quotes of this row.',
      },
    ]);
    expect(said(report)).toEqual([{ row: 4, field: 'seats', key: 'wholeNumber' }]);
  });

  it('refuses a quote that is never closed, with its line', () => {
    // Act
    const report = failureOf(
      importTrainingOffers(csv(header, goodRow.replace('Tanger,', '"Tanger,')), provider),
    );

    // Assess
    expect(report.fileErrors).toMatchObject([{ field: 'file', key: 'csvMalformed', params: { line: 2 } }]);
  });

  it(`refuses more than ${MAX_CSV_ROWS} entries, and a file larger than ${MAX_CSV_BYTES} bytes`, () => {
    // Prepare
    const rows = Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) =>
      goodRow.replace('Agent logistique portuaire', `Agent ${i}`),
    );
    const large = Buffer.alloc(MAX_CSV_BYTES + 1, 'a');

    // Act
    const tooMany = failureOf(importTrainingOffers(csv(header, ...rows), provider));
    const justEnough = importTrainingOffers(csv(header, ...rows.slice(1)), provider);
    const tooLarge = failureOf(importTrainingOffers(large, provider));

    // Assess
    expect(tooMany.fileErrors).toMatchObject([
      { key: 'csvTooManyRows', params: { rows: MAX_CSV_ROWS + 1, max: MAX_CSV_ROWS } },
    ]);
    expect(offersOf(justEnough)).toHaveLength(MAX_CSV_ROWS);
    expect(tooLarge.fileErrors).toMatchObject([
      { key: 'csvTooLarge', params: { size: MAX_CSV_BYTES + 1, max: MAX_CSV_BYTES } },
    ]);
  });

  it('takes other limits from the caller', () => {
    // Act
    const table = readCsv(csv(header, goodRow, goodRow), offerColumns, { maxRows: 1 });

    // Assess
    expect(table.fileErrors.map((e) => e.key)).toEqual(['csvTooManyRows']);
    expect(table.rows).toEqual([]);
  });
});

describe('importing a provider’s training offers', () => {
  it('says every error of the two bad rows, with rows and columns, and imports nothing', () => {
    // Act
    const report = importTrainingOffers(fixture('offers-two-bad-rows.csv'), provider);

    // Assess
    expect(report).not.toHaveProperty('rows');
    expect(failureOf(report).fileErrors).toEqual([]);
    expect(said(report)).toEqual([
      { row: 3, field: 'province', key: 'provinceOfRegion' },
      { row: 3, field: 'sector', key: 'oneOf' },
      { row: 3, field: 'end_date', key: 'dateOrder' },
      { row: 3, field: 'seats', key: 'wholeNumber' },
      { row: 3, field: 'language', key: 'listOf' },
      { row: 5, field: 'title_fr', key: 'textTooLong' },
      { row: 5, field: 'title_en', key: 'required' },
      { row: 5, field: 'start_date', key: 'csvDate' },
      { row: 5, field: 'duration_hours', key: 'wholeNumber' },
      { row: 5, field: 'education_level_min', key: 'oneOf' },
      { row: 5, field: 'cost_mad', key: 'wholeNumber' },
      { row: 5, field: 'leads_to', key: 'oneOf' },
      { row: 5, field: 'tracks', key: 'listOf' },
    ]);
    const errors = failureOf(report).rowErrors;
    expect(errors.find((e) => e.row === 3 && e.field === 'province')).toMatchObject({
      message: 'Must be a province of the region TTA: TNG, MDF, TET, FAH, LAR, HOC, CHE, OUZ.',
      params: { region: 'TTA' },
    });
    expect(errors.find((e) => e.field === 'end_date')).toMatchObject({
      message: 'Must be on or after the start date (2027-05-01).',
      params: { start: '2027-05-01' },
    });
  });

  it('says each error in English with a key of the texts and its values filled in', () => {
    // Act
    const report = failureOf(importTrainingOffers(fixture('offers-two-bad-rows.csv'), provider));

    // Assess
    for (const error of [...report.fileErrors, ...report.rowErrors]) {
      expect(Object.keys(importMessages)).toContain(error.key);
      expect(error.message).not.toMatch(/\{\{/);
    }
  });

  it('gives the same ids when the same file is imported twice', () => {
    // Act
    const first = offersOf(importTrainingOffers(fixture('offers-excel-fr.csv'), provider));
    const second = offersOf(importTrainingOffers(fixture('offers-excel-fr.csv'), provider));

    // Assess
    expect(second.map((o) => o.offerId)).toEqual(first.map((o) => o.offerId));
    expect(second).toEqual(first);
  });

  it('makes the id from the provider and the offer’s title, province and start, not from the rest', () => {
    // Prepare
    const key = { titleFr: 'Agent logistique portuaire', province: 'TNG', startDate: '2027-02-01' };
    const moreSeats = goodRow
      .replace(',20,', ',25,')
      .replace('Agent logistique portuaire', ' agent  LOGISTIQUE portuaire ');

    // Act
    const [changed] = offersOf(importTrainingOffers(csv(header, moreSeats), provider));

    // Assess
    expect(changed?.offerId).toBe(offerIdOf(provider.name, key));
    expect(offerIdOf('Another provider', key)).not.toBe(offerIdOf(provider.name, key));
    expect(offerIdOf(provider.name, { ...key, startDate: '2027-09-01' })).not.toBe(
      offerIdOf(provider.name, key),
    );
  });

  it('refuses two rows with the same offerId, on both rows', () => {
    // Prepare
    const withId = (id: string, row: string) => `${id},${row}`;
    const rows = [
      `offerId,${header}`,
      withId('TRN-TNG-A', goodRow),
      withId('TRN-TNG-B', goodRow.replace('Agent logistique portuaire', 'Magasinier')),
      withId('TRN-TNG-A', goodRow.replace('Agent logistique portuaire', 'Cariste')),
    ];

    // Act
    const report = failureOf(importTrainingOffers(csv(...rows), provider));

    // Assess
    expect(report.rowErrors).toEqual([
      {
        row: 2,
        field: 'offerId',
        key: 'csvDuplicateId',
        params: { rows: '4', column: 'offerId' },
        message: 'Row(s) 4 have the same offerId: each entry once per file.',
      },
      {
        row: 4,
        field: 'offerId',
        key: 'csvDuplicateId',
        params: { rows: '2', column: 'offerId' },
        message: 'Row(s) 2 have the same offerId: each entry once per file.',
      },
    ]);
  });

  it('refuses the same offer twice when the rows have no offerId, on both rows', () => {
    // Act
    const report = importTrainingOffers(csv(header, goodRow, goodRow.replace(',20,', ',30,')), provider);

    // Assess
    expect(said(report)).toEqual([
      { row: 2, field: 'title_fr, province, start_date', key: 'csvDuplicateRow' },
      { row: 3, field: 'title_fr, province, start_date', key: 'csvDuplicateRow' },
    ]);
  });

  it('refuses an offerId not in the format, and free text with control or invisible characters', () => {
    // Prepare
    const rows = [
      `offerId,${header}`,
      `trn tng!,${goodRow.replace('Agent logistique,', 'Agent\u202Elogistique,')}`,
    ];

    // Act
    const report = importTrainingOffers(csv(...rows), provider);

    // Assess
    expect(said(report)).toEqual([
      { row: 2, field: 'offerId', key: 'idFormat' },
      { row: 2, field: 'occupation', key: 'textInvisible' },
    ]);
  });

  it('takes the provider from the caller: a provider column is unknown, a wrong provider throws', () => {
    // Act
    const report = failureOf(importTrainingOffers(csv(`${header},provider`, `${goodRow},Autre`), provider));

    // Assess
    expect(report.fileErrors).toMatchObject([{ key: 'csvUnknownColumns', params: { columns: 'provider' } }]);
    expect(() => importTrainingOffers(csv(header, goodRow), { name: '', kind: 'public' })).toThrow();
  });
});
