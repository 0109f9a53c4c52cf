/**
 * Employers publish their labour needs (one by one, or as a CSV file as spreadsheet programs
 * write it) and partners and boards of the region read them, on the local platform: every bad row
 * said and nothing written, the same file twice changing nothing, and each role refused what the
 * access table does not give it.
 */
import { startTestPlatform, type TestPlatform } from '../support/platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('labour-needs');
});

afterAll(async () => {
  await platform?.stop();
});

const url = (path: string) => `${platform.urls.app}${path}`;

async function session(role: string, region: string, partner?: string) {
  const response = await fetch(url('/api/dev/sign-in'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, region, ...(partner ? { partner } : {}) }),
  });
  expect(response.status).toBe(200);
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

const need = {
  sector: 'industry',
  occupation: 'Soudeur·se qualifié·e',
  region: 'TTA',
  province: 'TNG',
  positions: 12,
  skills: 'Soudure TIG, lecture de plans',
  educationLevel: 'lower-secondary',
  periodStart: '2027-02-01',
  periodEnd: '2027-07-31',
  contractType: 'cdd',
};

/** A file as a French spreadsheet program writes it: BOM, semicolons, CRLF, Arabic, quotes. */
const semicolonFile = [
  'needId;sector;occupation;region;province;positions;skills;education_level;period_start;period_end;contract_type',
  ';logistics;Cariste;TTA;TNG;8;CACES 3;;2027-03-01;2027-08-31;cdi',
  ';agri-food;"عامل(ة) تلفيف; محطة التعبئة";TTA;TET;30;"Hygiène ""HACCP""";;2027-04-01;2027-06-30;seasonal',
].join('\r\n');

async function postCsv(headers: Record<string, string>, text: string, bom = true) {
  return fetch(url('/api/labour-needs/import'), {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' },
    body: Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]),
  });
}

async function needsOf(headers: Record<string, string>, query = '') {
  const response = await fetch(url(`/api/labour-needs${query}`), { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as { items: Record<string, unknown>[]; total: number; next?: string };
}

test('an employer publishes a need and imports a file; the same again changes nothing', async () => {
  const employer = await session('employer', 'TTA');
  const first = await fetch(url('/api/labour-needs'), {
    method: 'POST',
    headers: { ...employer, 'content-type': 'application/json' },
    body: JSON.stringify(need),
  });
  expect(first.status).toBe(201);
  const { need: published } = (await first.json()) as {
    need: { needId: string; employer: { code: string } };
  };
  expect(published.employer.code).toBe('EMP-TTA-AUTOPARK');
  const again = await fetch(url('/api/labour-needs'), {
    method: 'POST',
    headers: { ...employer, 'content-type': 'application/json' },
    body: JSON.stringify(need),
  });
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ status: 'unchanged', need: { needId: published.needId } });

  const imported = await postCsv(employer, semicolonFile);
  expect(imported.status).toBe(200);
  expect(await imported.json()).toEqual({ imported: 2, unchanged: 0, separator: ';' });
  const twice = await postCsv(employer, semicolonFile);
  expect(await twice.json()).toEqual({ imported: 0, unchanged: 2, separator: ';' });

  const board = await session('governance', 'TTA');
  const { items, total } = await needsOf(board);
  expect(total).toBe(3);
  expect(items.map((i) => i.occupation)).toContain('عامل(ة) تلفيف; محطة التعبئة');
  expect(items.find((i) => i.occupation === 'Cariste')).toMatchObject({ positions: 8, contractType: 'cdi' });
});

test('a file with bad rows writes nothing and says every row and field to fix', async () => {
  const employer = await session('employer', 'TTA');
  const board = await session('governance', 'TTA');
  const before = (await needsOf(board)).total;
  const bad = [
    'needId,sector,occupation,region,province,positions,skills,education_level,period_start,period_end,contract_type',
    ',industry,Soudeur,TTA,TNG,10,,,2027-01-04,2027-06-30,cdd',
    ',mining,Mineur,TTA,TNG,0,,,2027-06-01,2027-05-01,freelance',
    ',logistics,,TTA,XXX,5,,,2027-01-01,2027-01-31,cdi',
  ].join('\n');
  const response = await postCsv(employer, bad, false);
  expect(response.status).toBe(400);
  const report = (await response.json()) as { imported: number; rowErrors: { row: number; field: string }[] };
  expect(report.imported).toBe(0);
  const fields = (row: number) =>
    report.rowErrors
      .filter((e) => e.row === row)
      .map((e) => e.field)
      .sort();
  expect(fields(2)).toEqual([]);
  expect(fields(3)).toEqual(expect.arrayContaining(['sector', 'positions', 'contract_type']));
  expect(fields(4)).toEqual(expect.arrayContaining(['occupation', 'province']));
  // Not even the good row was written.
  expect((await needsOf(board)).total).toBe(before);

  const notCsv = await fetch(url('/api/labour-needs/import'), {
    method: 'POST',
    headers: { ...employer, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(notCsv.status).toBe(415);
});

test("a file naming another region is refused on that row's region, counted as the spreadsheet shows it", async () => {
  const employer = await session('employer', 'TTA');
  const file = [
    'needId,sector,occupation,region,province,positions,skills,education_level,period_start,period_end,contract_type',
    ',industry,Régleur,TTA,TNG,2,,,2027-01-04,2027-06-30,cdd',
    '',
    ',agri-food,Trieur,ORI,OUJ,3,,,2027-01-04,2027-06-30,seasonal',
  ].join('\n');
  const response = await postCsv(employer, file, false);
  expect(response.status).toBe(400);
  const report = (await response.json()) as { rowErrors: { row: number; field: string }[] };
  expect(report.rowErrors.map((e) => [e.row, e.field])).toEqual([[4, 'region']]);
});

test('roles: who may read, who may write, and nobody writes for another employer', async () => {
  const anonymous = await fetch(url('/api/labour-needs'));
  expect(anonymous.status).toBe(401);
  const coach = await session('coach', 'TTA');
  expect((await fetch(url('/api/labour-needs'), { headers: coach })).status).toBe(403);

  const provider = await session('training-provider', 'TTA');
  expect((await needsOf(provider)).total).toBeGreaterThan(0);
  const providerPost = await fetch(url('/api/labour-needs'), {
    method: 'POST',
    headers: { ...provider, 'content-type': 'application/json' },
    body: JSON.stringify(need),
  });
  expect(providerPost.status).toBe(403);

  // Another region's employer sees only its region, and cannot take over a need by its id.
  const oriental = await session('employer', 'ORI');
  expect((await needsOf(oriental)).items.every((i) => i.region === 'ORI')).toBe(true);
  const theirs = (await needsOf(await session('governance', 'TTA'))).items[0] as { needId: string };
  const takeover = await fetch(url('/api/labour-needs'), {
    method: 'POST',
    headers: { ...oriental, 'content-type': 'application/json' },
    body: JSON.stringify({ ...need, needId: theirs.needId, region: 'ORI', province: 'OUJ' }),
  });
  expect(takeover.status).toBe(409);
  const wrongRegion = await fetch(url('/api/labour-needs'), {
    method: 'POST',
    headers: { ...oriental, 'content-type': 'application/json' },
    body: JSON.stringify(need),
  });
  expect(wrongRegion.status).toBe(400);
  expect(await wrongRegion.text()).toContain('region');

  // A national board reads every region, and may filter by one.
  const national = await session('governance', 'national');
  const all = await needsOf(national);
  expect(new Set(all.items.map((i) => i.region)).size).toBeGreaterThanOrEqual(1);
  expect((await needsOf(national, '?region=TTA')).items.every((i) => i.region === 'TTA')).toBe(true);
  const badFilter = await fetch(url('/api/labour-needs?sector=mining'), { headers: national });
  expect(badFilter.status).toBe(400);
  expect(await badFilter.text()).toContain('sector');
});

test('paging goes through every need once', async () => {
  const board = await session('governance', 'TTA');
  const all = await needsOf(board);
  const seen: unknown[] = [];
  let next: string | undefined;
  do {
    const page = await needsOf(board, `?limit=1${next ? `&next=${next}` : ''}`);
    seen.push(...page.items.map((i) => i.needId));
    next = page.next;
  } while (next);
  expect(seen).toEqual(all.items.map((i) => i.needId));
});

describe("the employer's page", () => {
  async function cookieOf(role: string, region: string) {
    const response = await fetch(url('/api/dev/sign-in'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role, region }),
    });
    const { token } = (await response.json()) as { token: string };
    return { cookie: `kafaat_session=${token}` };
  }

  test('lists the needs, publishes one from the form, says what to fix on its field', async () => {
    const employer = await cookieOf('employer', 'ORI');
    const page = await fetch(url('/partner/needs?lang=ar'), { headers: employer });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('dir="rtl"');
    expect(text).toContain('enctype="multipart/form-data"');

    const form = (fields: Record<string, string>) =>
      fetch(url('/partner/needs?lang=fr'), {
        method: 'POST',
        headers: { ...employer, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
    const wrong = await form({
      occupation: 'Conditionneur·se',
      sector: 'agri-food',
      province: 'BER',
      positions: '0',
    });
    expect(wrong.status).toBe(400);
    const errors = await wrong.text();
    expect(errors).toContain('id="positions-error"');
    expect(errors).toContain('id="contractType-error"');
    expect(errors).toContain('value="Conditionneur·se"');

    const good = await form({
      occupation: 'Conditionneur·se',
      sector: 'agri-food',
      province: 'BER',
      positions: '25',
      periodStart: '2027-05-01',
      periodEnd: '2027-07-31',
      contractType: 'seasonal',
    });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toContain('done=published');
    const after = await (
      await fetch(url('/partner/needs?lang=fr&done=published'), { headers: employer })
    ).text();
    expect(after).toContain('Conditionneur·se');
    expect(after).toContain('role="status"');
  });

  test('imports a file sent by the form, and shows every row to fix of a bad one', async () => {
    const employer = await cookieOf('employer', 'ORI');
    const upload = (text: string) => {
      const body = new FormData();
      body.append(
        'file',
        new Blob([Buffer.from([0xef, 0xbb, 0xbf]), text], { type: 'text/csv' }),
        'besoins.csv',
      );
      return fetch(url('/partner/needs/import?lang=fr'), {
        method: 'POST',
        headers: employer,
        body,
        redirect: 'manual',
      });
    };
    const file = [
      'needId;sector;occupation;region;province;positions;skills;education_level;period_start;period_end;contract_type',
      ';agri-food;"مراقب(ة) الجودة";ORI;OUJ;4;;;2027-03-01;2027-09-30;cdd',
    ].join('\r\n');
    const imported = await upload(file);
    expect(imported.status).toBe(303);
    expect(imported.headers.get('location')).toContain('imported=1');
    const again = await upload(file);
    expect(again.headers.get('location')).toContain('imported=0&unchanged=1');

    const bad = await upload(file.replace('ORI;OUJ;4', 'TTA;OUJ;-4'));
    expect(bad.status).toBe(400);
    const report = await bad.text();
    expect(report).toContain('<td>2</td>');
    expect(report).toContain('positions');
  });

  test('publishes every need as open data: CSV with a BOM and JSON with its licence and date', async () => {
    const csv = await fetch(url('/api/open-data/labour-needs.csv'));
    expect(csv.status).toBe(200);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.headers.get('x-licence')).toContain('Licence Ouverte');
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]?.startsWith('needId,employer_code,employer_name,sector')).toBe(true);
    const data = (await (await fetch(url('/api/open-data/labour-needs.json'))).json()) as {
      licence: { name: string };
      generatedAt: string;
      needs: Record<string, unknown>[];
    };
    expect(data.licence.name).toContain('Licence Ouverte');
    expect(data.needs.length).toBe(lines.length - 1);
    expect(JSON.stringify(data.needs)).not.toContain('updatedBy');
  });
});
