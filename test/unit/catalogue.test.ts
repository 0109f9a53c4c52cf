/**
 * The public training catalogue's rules: the search's filters and what a bad one says, the paging
 * cursor, the stale rule (on the platform's clock), the open data CSV's escaping, and when the
 * loader says an offer was updated.
 */
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  STALE_AFTER_DAYS,
  UTF8_BOM,
  collectPage,
  csvField,
  decodeCursor,
  encodeCursor,
  isStale,
  matchesFilters,
  offerCsvColumns,
  offersCsv,
  parseCatalogueQuery,
  publicOffer,
  type CatalogueQuery,
} from '../../functions/domain/catalogue';
import {
  offerContentChanged,
  updatedAtOnLoad,
  type CatalogueOffer,
  type TrainingOffer,
} from '../../functions/domain/training-offers';

const DAY = 86_400_000;
const now = new Date('2027-01-10T12:00:00Z');

function offer(changes: Partial<CatalogueOffer> = {}): CatalogueOffer {
  return {
    offerId: 'TRN-TNG-LOG',
    title: { fr: 'Agent logistique portuaire', ar: 'عون لوجستيك مينائي', en: 'Port logistics agent' },
    region: 'TTA',
    province: 'TNG',
    sector: 'logistics',
    provider: { name: 'OFPPT', kind: 'public' },
    startDate: '2027-02-01',
    endDate: '2027-04-23',
    seats: 20,
    leadsTo: 'wage-employment',
    tracks: ['direct-placement', 'training-first'],
    seatsTaken: 0,
    loadedAt: '2027-01-01T08:00:00.000Z',
    ...changes,
  };
}

/** Reads CSV text back as RFC 4180 says: quoted fields, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('the search', () => {
  test('no parameter: every offer, 25 a page, from the first', () => {
    // Act
    const parsed = parseCatalogueQuery({});

    // Assess
    expect(parsed).toEqual({ ok: true, query: { filters: {}, limit: DEFAULT_PAGE_SIZE } });
  });

  test('every filter read, and empty values (a GET form’s empty choices) are no filter', () => {
    // Act
    const parsed = parseCatalogueQuery({
      region: 'TTA',
      province: 'TNG',
      sector: 'logistics',
      openSeats: 'true',
      from: '2027-02-01',
      to: '2027-03-31',
      limit: '100',
    });
    const empty = parseCatalogueQuery({
      region: '',
      province: ' ',
      sector: '',
      from: '',
      to: '',
      openSeats: '',
    });
    const notOnlyOpen = parseCatalogueQuery({ openSeats: 'false' });

    // Assess
    expect(parsed).toEqual({
      ok: true,
      query: {
        filters: {
          region: 'TTA',
          province: 'TNG',
          sector: 'logistics',
          openSeats: true,
          from: '2027-02-01',
          to: '2027-03-31',
        },
        limit: MAX_PAGE_SIZE,
      },
    });
    expect(empty).toEqual({ ok: true, query: { filters: {}, limit: DEFAULT_PAGE_SIZE } });
    expect(notOnlyOpen).toEqual({ ok: true, query: { filters: {}, limit: DEFAULT_PAGE_SIZE } });
  });

  test.each([
    [{ region: 'CAS' }, 'region', /Must be one of: TTA, ORI/],
    [{ province: 'XXX' }, 'province', /Must be one of: TNG, /],
    [{ region: 'ORI', province: 'TNG' }, 'province', /Must be a province of ORI: OUJ, /],
    [{ sector: 'mining' }, 'sector', /Must be one of: .*logistics/],
    [{ openSeats: 'yes' }, 'openSeats', /Must be true .* or false/],
    [{ from: '2027-02-30' }, 'from', /YYYY-MM-DD/],
    [{ to: '01/03/2027' }, 'to', /YYYY-MM-DD/],
    [{ from: '2027-03-01', to: '2027-02-01' }, 'to', /on or after from \(2027-03-01\)/],
    [{ limit: '0' }, 'limit', /whole number from 1 to 100/],
    [{ limit: '101' }, 'limit', /whole number from 1 to 100/],
    [{ limit: '2.5' }, 'limit', /whole number from 1 to 100/],
    [{ limit: 'ten' }, 'limit', /whole number from 1 to 100/],
    [{ next: 'not-a-cursor' }, 'next', /Not a cursor this catalogue gave/],
    [{ regoin: 'TTA' }, 'regoin', /Not a parameter of the catalogue: use region, /],
  ])('%j is refused on %s, saying what is expected', (params, field, message) => {
    // Act
    const parsed = parseCatalogueQuery(params);

    // Assess
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ field, message: expect.stringMatching(message) });
  });

  test('every bad parameter is said at once; the page ignores parameters it does not know', () => {
    // Act
    const api = parseCatalogueQuery({ region: 'X', sector: 'Y', lang: 'ar' });
    const page = parseCatalogueQuery({ region: 'TTA', utm_source: 'radio' }, 'ignore');

    // Assess
    expect(api.ok ? [] : api.errors.map((e) => e.field)).toEqual(['region', 'sector', 'lang']);
    expect(page).toEqual({ ok: true, query: { filters: { region: 'TTA' }, limit: DEFAULT_PAGE_SIZE } });
  });

  test('filters: region, province, sector, a seat left, and running between from and to', () => {
    // Prepare
    const o = offer({ startDate: '2027-02-01', endDate: '2027-04-23', seats: 2, seatsTaken: 2 });

    // Act and assess
    expect(matchesFilters(o, {})).toBe(true);
    expect(matchesFilters(o, { region: 'TTA', province: 'TNG', sector: 'logistics' })).toBe(true);
    expect(matchesFilters(o, { region: 'ORI' })).toBe(false);
    expect(matchesFilters(o, { province: 'TET' })).toBe(false);
    expect(matchesFilters(o, { sector: 'industry' })).toBe(false);
    expect(matchesFilters(o, { openSeats: true })).toBe(false);
    expect(matchesFilters({ ...o, seatsTaken: 1 }, { openSeats: true })).toBe(true);
    // Running at some point between from and to: it ends on or after from, starts on or before to.
    expect(matchesFilters(o, { from: '2027-04-23' })).toBe(true);
    expect(matchesFilters(o, { from: '2027-04-24' })).toBe(false);
    expect(matchesFilters(o, { to: '2027-02-01' })).toBe(true);
    expect(matchesFilters(o, { to: '2027-01-31' })).toBe(false);
    expect(matchesFilters(o, { from: '2027-03-01', to: '2027-03-02' })).toBe(true);
    expect(matchesFilters(o, { from: '2027-05-01', to: '2027-06-01' })).toBe(false);
  });
});

describe('pages and their cursor', () => {
  test('a cursor reads back as the offer it starts after, and is not the raw key', () => {
    // Act
    const cursor = encodeCursor('TRN-TNG-LOG');

    // Assess
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('TRN-TNG-LOG');
    expect(decodeCursor(cursor)).toBe('TRN-TNG-LOG');
  });

  test.each([
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('TRN-TNG-LOG').toString('base64url')],
    ['another version', Buffer.from(JSON.stringify({ v: 2, after: 'TRN-TNG-LOG' })).toString('base64url')],
    ['not an offer id', Buffer.from(JSON.stringify({ v: 1, after: 'x"; DROP' })).toString('base64url')],
    [
      'a field more',
      Buffer.from(JSON.stringify({ v: 1, after: 'TRN-A', kind: 'coach' })).toString('base64url'),
    ],
    [
      'a database key',
      Buffer.from(JSON.stringify({ kind: 'training-offer', code: 'TRN-A' })).toString('base64url'),
    ],
    ['too long', 'A'.repeat(201)],
  ])('a cursor that is %s is none', (_what, text) => {
    // Act and assess
    expect(decodeCursor(text)).toBeUndefined();
  });

  async function* source(offers: CatalogueOffer[], read: { count: number }) {
    for (const o of offers) {
      read.count += 1;
      yield o;
    }
  }

  test('paging through every page gives each matching offer once, and no empty last page', async () => {
    // Prepare: 7 offers in id order, 5 of them in TTA.
    const offers = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((letter, i) =>
      offer({
        offerId: `TRN-${letter}${letter}`,
        region: i === 1 || i === 4 ? 'ORI' : 'TTA',
        province: i === 1 || i === 4 ? 'OUJ' : 'TNG',
      }),
    );
    const seen: string[] = [];
    const pages: number[] = [];

    // Act: each page starts after the cursor's offer, as the table's Query does.
    let after: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const query: CatalogueQuery = { filters: { region: 'TTA' }, limit: 2, ...(after ? { after } : {}) };
      const rest = after ? offers.filter((o) => o.offerId > (after as string)) : offers;
      const page = await collectPage(source(rest, { count: 0 }), query);
      pages.push(page.offers.length);
      seen.push(...page.offers.map((o) => o.offerId));
      if (!page.next) break;
      after = decodeCursor(page.next);
    }

    // Assess
    expect(seen).toEqual(['TRN-AA', 'TRN-CC', 'TRN-DD', 'TRN-FF', 'TRN-GG']);
    expect(pages).toEqual([2, 2, 1]);
  });

  test('a page stops reading once it holds one offer more than it shows', async () => {
    // Prepare
    const offers = Array.from({ length: 50 }, (_, i) =>
      offer({ offerId: `TRN-${String(i).padStart(3, '0')}` }),
    );
    const read = { count: 0 };

    // Act
    const page = await collectPage(source(offers, read), { filters: {}, limit: 10 });

    // Assess
    expect(page.offers).toHaveLength(10);
    expect(page.next && decodeCursor(page.next)).toBe('TRN-009');
    expect(read.count).toBe(11);
  });

  test('exactly a page of offers: no next page', async () => {
    // Act
    const page = await collectPage(
      source([offer({ offerId: 'TRN-A1' }), offer({ offerId: 'TRN-A2' })], { count: 0 }),
      {
        filters: {},
        limit: 2,
      },
    );

    // Assess
    expect(page.offers).toHaveLength(2);
    expect(page.next).toBeUndefined();
  });
});

describe('stale offers', () => {
  test(`an offer not updated for ${STALE_AFTER_DAYS} days is stale; the day before, it is not`, () => {
    // Prepare
    const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();

    // Act and assess
    expect(isStale({ updatedAt: ago(STALE_AFTER_DAYS - 1), loadedAt: ago(0) }, now)).toBe(false);
    expect(isStale({ updatedAt: ago(STALE_AFTER_DAYS), loadedAt: ago(0) }, now)).toBe(true);
    expect(isStale({ updatedAt: ago(400), loadedAt: ago(0) }, now)).toBe(true);
  });

  test('an offer without updatedAt counts as updated when it was loaded', () => {
    // Act and assess
    expect(isStale({ loadedAt: new Date(now.getTime() - 10 * DAY).toISOString() }, now)).toBe(false);
    expect(isStale({ loadedAt: new Date(now.getTime() - 100 * DAY).toISOString() }, now)).toBe(true);
  });

  test('on the platform’s clock: with time 90 times faster, a day is enough', () => {
    // Prepare
    const yesterday = { loadedAt: new Date(now.getTime() - DAY).toISOString() };

    // Act and assess
    expect(isStale(yesterday, now, 1)).toBe(false);
    expect(isStale(yesterday, now, STALE_AFTER_DAYS)).toBe(true);
  });

  test('a date that cannot be read is stale: no one can say the offer is current', () => {
    // Act and assess
    expect(isStale({ loadedAt: 'yesterday' }, now)).toBe(true);
  });
});

describe('the public offer', () => {
  test('open seats never below zero; the optional fields only when known', () => {
    // Act
    const lowered = publicOffer(offer({ seats: 3, seatsTaken: 5 }), now);
    const full = publicOffer(
      offer({ educationLevelMin: 'primary', updatedAt: '2027-01-01T08:00:00.000Z', seatsTaken: 1 }),
      now,
    );

    // Assess
    expect(lowered).toMatchObject({ seats: 3, seatsTaken: 5, openSeats: 0, stale: false });
    expect(lowered).not.toHaveProperty('educationLevelMin');
    expect(lowered).not.toHaveProperty('updatedAt');
    expect(lowered).not.toHaveProperty('loadedAt');
    expect(full).toMatchObject({
      openSeats: 19,
      educationLevelMin: 'primary',
      updatedAt: '2027-01-01T08:00:00.000Z',
    });
  });
});

describe('the open data CSV', () => {
  test.each([
    ['plain', 'Agent logistique', 'Agent logistique'],
    ['a comma', 'Tanger, Tétouan', '"Tanger, Tétouan"'],
    ['quotes', 'Le "Cariste" certifié', '"Le ""Cariste"" certifié"'],
    ['a new line', 'Ligne 1\nLigne 2', '"Ligne 1\nLigne 2"'],
    ['a carriage return', 'A\r\nB', '"A\r\nB"'],
    ['Arabic', 'عون لوجستيك مينائي', 'عون لوجستيك مينائي'],
    ['Arabic with a comma', 'لحّام صناعي، TIG', 'لحّام صناعي، TIG'],
    ['Arabic with a Latin comma and quotes', 'لحّام "TIG", مستوى 1', '"لحّام ""TIG"", مستوى 1"'],
    ['spaces at its ends', ' espace ', '" espace "'],
    ['nothing', undefined, ''],
    ['a number', 12, '12'],
    ['a boolean', false, 'false'],
  ])('a field with %s', (_what, value, expected) => {
    // Act and assess
    expect(csvField(value)).toBe(expected);
  });

  test('text a spreadsheet would run as a formula is neutralised, where asked', () => {
    // Act and assess
    expect(csvField('=HYPERLINK("http://x")', true)).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+212 6', true)).toBe("'+212 6");
    expect(csvField('@SUM(A1)', true)).toBe("'@SUM(A1)");
    expect(csvField('-5', false)).toBe('-5');
  });

  test('UTF-8 with its BOM, one header row, CRLF, and it parses back to the offers', () => {
    // Prepare
    const tricky = offer({
      offerId: 'TRN-TRICKY',
      title: { fr: 'Soudure, "TIG"\net MIG', ar: 'لحّام صناعي (نصف أوتوماتيكي و TIG)', en: 'Welder, level 1' },
      provider: { name: 'OFPPT – ISTA, Tanger', kind: 'public' },
      educationLevelMin: 'primary',
      updatedAt: '2027-01-01T08:00:00.000Z',
    });
    const offers = [publicOffer(offer(), now), publicOffer(tricky, now)];

    // Act
    const csv = offersCsv(offers);

    // Assess
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...offerCsvColumns]);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.length === offerCsvColumns.length)).toBe(true);
    const record = Object.fromEntries(offerCsvColumns.map((column, i) => [column, rows[2]?.[i]]));
    expect(record).toEqual({
      offerId: 'TRN-TRICKY',
      title_fr: 'Soudure, "TIG"\net MIG',
      title_ar: 'لحّام صناعي (نصف أوتوماتيكي و TIG)',
      title_en: 'Welder, level 1',
      provider_name: 'OFPPT – ISTA, Tanger',
      provider_kind: 'public',
      region: 'TTA',
      province: 'TNG',
      sector: 'logistics',
      startDate: '2027-02-01',
      endDate: '2027-04-23',
      seats: '20',
      seatsTaken: '0',
      openSeats: '20',
      leadsTo: 'wage-employment',
      tracks: 'direct-placement training-first',
      educationLevelMin: 'primary',
      updatedAt: '2027-01-01T08:00:00.000Z',
      stale: 'false',
    });
    expect(rows[1]?.[offerCsvColumns.indexOf('educationLevelMin')]).toBe('');
  });
});

describe('when the loader says an offer was updated', () => {
  const fileOffer: TrainingOffer = {
    offerId: 'TRN-TNG-LOG',
    title: { fr: 'Agent logistique portuaire', ar: 'عون لوجستيك مينائي', en: 'Port logistics agent' },
    region: 'TTA',
    province: 'TNG',
    sector: 'logistics',
    provider: { name: 'OFPPT', kind: 'public' },
    startDate: '2027-02-01',
    endDate: '2027-04-23',
    seats: 20,
    leadsTo: 'wage-employment',
    tracks: ['direct-placement', 'training-first'],
  };
  const loadedAt = '2027-01-10T08:00:00.000Z';

  test('a new offer: updated now', () => {
    // Act and assess
    expect(offerContentChanged(undefined, fileOffer)).toBe(true);
    expect(updatedAtOnLoad(undefined, fileOffer, loadedAt)).toBe(loadedAt);
  });

  test('the same content (maps in another key order, as DynamoDB gives them): kept', () => {
    // Prepare
    const held = {
      kind: 'training-offer',
      code: fileOffer.offerId,
      ...fileOffer,
      title: { en: fileOffer.title.en, ar: fileOffer.title.ar, fr: fileOffer.title.fr },
      provider: { kind: 'public', name: 'OFPPT' },
      seatsTaken: 4,
      loadedAt: '2026-12-01T08:00:00.000Z',
      updatedAt: '2026-11-01T08:00:00.000Z',
    };

    // Act and assess
    expect(offerContentChanged(held, fileOffer)).toBe(false);
    expect(updatedAtOnLoad(held, fileOffer, loadedAt)).toBe('2026-11-01T08:00:00.000Z');
  });

  test('an offer loaded before updatedAt was kept, unchanged: updated at its last load', () => {
    // Prepare
    const held = { ...fileOffer, seatsTaken: 0, loadedAt: '2026-12-01T08:00:00.000Z' };

    // Act and assess
    expect(updatedAtOnLoad(held, fileOffer, loadedAt)).toBe('2026-12-01T08:00:00.000Z');
  });

  test.each([
    ['a title', { title: { ...fileOffer.title, fr: 'Autre titre' } }],
    ['the seats', { seats: 21 }],
    ['the dates', { endDate: '2027-05-01' }],
    ['the tracks’ order', { tracks: ['training-first', 'direct-placement'] as TrainingOffer['tracks'] }],
    ['a level added', { educationLevelMin: 'primary' }],
  ])('%s changed: updated now', (_what, changes) => {
    // Prepare
    const held = {
      ...fileOffer,
      seatsTaken: 0,
      loadedAt: '2026-12-01T08:00:00.000Z',
      updatedAt: '2026-11-01',
    };

    // Act and assess
    expect(updatedAtOnLoad(held, { ...fileOffer, ...changes }, loadedAt)).toBe(loadedAt);
  });

  test('a level the file no longer gives: updated now', () => {
    // Prepare
    const held = { ...fileOffer, educationLevelMin: 'primary', loadedAt: '2026-12-01T08:00:00.000Z' };

    // Act and assess
    expect(updatedAtOnLoad(held, fileOffer, loadedAt)).toBe(loadedAt);
  });
});
