/**
 * What aggregates may carry about a beneficiary (age band, dimensions, journey events), which
 * coach takes them, and the reference data both rest on.
 */
import { coachesWithRoom, type CoachLoad } from '../../functions/domain/coach-assignment';
import { journeyEvent } from '../../functions/domain/journey-events';
import { ageBand, dimensionsOf, type Dimensions } from '../../functions/domain/profile';
import {
  aspirations,
  coaches,
  isProvinceOfRegion,
  provinces,
  referenceItems,
  regions,
  sectors,
  situations,
  vulnerabilityFactors,
} from '../../functions/domain/reference-data';
import { sectors as placementSectors } from '../../functions/domain/coach-task';
import { ar, en, fr } from '../../functions/commons/messages';

const now = new Date('2025-06-15T10:00:00Z');

describe('ageBand', () => {
  it.each([
    [2010, '15-17'],
    [2008, '15-17'],
    [2007, '18-24'],
    [2001, '18-24'],
    [2000, '25-34'],
    [1991, '25-34'],
    [1990, '35-44'],
    [1981, '35-44'],
    [1980, '45+'],
    [1945, '45+'],
  ])('puts someone born in %i in %s in 2025', (birthYear, band) => {
    // Act
    const result = ageBand(birthYear, now);

    // Assess
    expect(result).toBe(band);
  });

  it('reads the year of `now` in UTC, whatever the local time zone', () => {
    // Prepare: still 2024 in UTC, already 2025 in Tokyo.
    const newYearsEve = new Date('2024-12-31T23:30:00Z');
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';

    // Act
    let result: string;
    try {
      result = ageBand(2007, newYearsEve);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }

    // Assess
    expect(result).toBe('15-17');
  });
});

describe('dimensionsOf', () => {
  it('keeps the dimensions and leaves out names and contacts', () => {
    // Prepare
    const beneficiary = {
      firstName: 'Fatima',
      lastName: 'Zahra',
      phone: '+212 612345678',
      region: 'TTA',
      province: 'TET',
      sex: 'F' as const,
      birthYear: 1995,
      educationLevel: 'higher',
    };

    // Act
    const dims = dimensionsOf(beneficiary, now);

    // Assess
    expect(dims).toEqual({
      region: 'TTA',
      province: 'TET',
      sex: 'F',
      ageBand: '25-34',
      educationLevel: 'higher',
    });
  });
});

describe('journeyEvent', () => {
  const dimensions: Dimensions = {
    region: 'ORI',
    province: 'OUJ',
    sex: 'M',
    ageBand: '18-24',
    educationLevel: 'none',
  };

  it('names the event after its stage, so the same stage twice is the same event', () => {
    // Act
    const first = journeyEvent('b-1', 'interviewed', dimensions, now);
    const again = journeyEvent('b-1', 'interviewed', dimensions, new Date('2025-06-16T00:00:00Z'));

    // Assess
    expect(first.eventId).toBe('stage#interviewed');
    expect(again.eventId).toBe(first.eventId);
    expect(first.occurredAt).toBe('2025-06-15T10:00:00.000Z');
    expect(first).not.toHaveProperty('outcome');
  });

  it('carries the outcome of a placement and nothing beyond the dimensions', () => {
    // Prepare: a caller passing more than the dimensions must not leak it into the event.
    const withName = { ...dimensions, firstName: 'Karim' } as Dimensions;

    // Act
    const event = journeyEvent('b-1', 'placed', withName, now, 'employment');

    // Assess
    expect(event).toEqual({
      beneficiaryId: 'b-1',
      eventId: 'stage#placed',
      stage: 'placed',
      outcome: 'employment',
      ...dimensions,
      occurredAt: '2025-06-15T10:00:00.000Z',
    });
  });
});

describe('coachesWithRoom (the best first)', () => {
  const load: CoachLoad[] = [
    { code: 'COACH-TTA-2', region: 'TTA', activeBeneficiaries: 3 },
    { code: 'COACH-ORI-1', region: 'ORI', activeBeneficiaries: 0 },
    { code: 'COACH-TTA-3', region: 'TTA', activeBeneficiaries: 1 },
    { code: 'COACH-TTA-1', region: 'TTA', activeBeneficiaries: 1 },
  ];

  it('takes the least loaded coach of the region, the first by code on a tie', () => {
    // Act
    const chosen = coachesWithRoom(load, 'TTA')[0];

    // Assess
    expect(chosen?.code).toBe('COACH-TTA-1');
  });

  it('never takes a coach of another region, even a less loaded one', () => {
    // Act
    const chosen = coachesWithRoom(load, 'TTA')[0];

    // Assess
    expect(chosen?.region).toBe('TTA');
  });

  it('returns undefined when the region has no coach', () => {
    // Act
    const chosen = coachesWithRoom(load, 'CAS')[0];

    // Assess
    expect(chosen).toBeUndefined();
  });

  it('prefers a coach of the association that took the beneficiary in, even a busier one', () => {
    // Prepare
    const withAssociations = load.map((c) => ({
      ...c,
      association: c.code === 'COACH-TTA-2' ? 'ASSO-TET-1' : 'ASSO-TNG-1',
    }));

    // Act
    const chosen = coachesWithRoom(withAssociations, 'TTA', 'ASSO-TET-1')[0];

    // Assess
    expect(chosen?.code).toBe('COACH-TTA-2');
  });

  it('falls back to the whole region when the association has no coach there', () => {
    // Act
    const chosen = coachesWithRoom(load, 'TTA', 'ASSO-NONE')[0];

    // Assess
    expect(chosen?.code).toBe('COACH-TTA-1');
  });

  it('never takes a coach made inactive, and prefers one with room in their caseload', () => {
    // Prepare
    const coaches: CoachLoad[] = [
      { code: 'COACH-TTA-1', region: 'TTA', activeBeneficiaries: 0, active: false },
      { code: 'COACH-TTA-2', region: 'TTA', activeBeneficiaries: 10, capacity: 10 },
      { code: 'COACH-TTA-3', region: 'TTA', activeBeneficiaries: 12, capacity: 40 },
    ];

    // Act
    const chosen = coachesWithRoom(coaches, 'TTA')[0];

    // Assess
    expect(chosen?.code).toBe('COACH-TTA-3');
  });

  it('leaves the list it was given in its order', () => {
    // Prepare
    const before = load.map((c) => c.code);

    // Act
    coachesWithRoom(load, 'TTA');

    // Assess
    expect(load.map((c) => c.code)).toEqual(before);
  });
});

describe('reference data', () => {
  it('knows which province belongs to which region', () => {
    // Act & Assess
    expect(isProvinceOfRegion('TNG', 'TTA')).toBe(true);
    expect(isProvinceOfRegion('NAD', 'ORI')).toBe(true);
    expect(isProvinceOfRegion('NAD', 'TTA')).toBe(false);
    expect(isProvinceOfRegion('TTA', 'TTA')).toBe(false);
  });

  it('places every province and coach in a known region', () => {
    // Prepare
    const regionCodes = regions.map((r) => r.code);

    // Assess
    expect(provinces.every((p) => regionCodes.includes(p.region))).toBe(true);
    expect(coaches.every((c) => regionCodes.includes(c.region))).toBe(true);
    expect(regionCodes.every((r) => coaches.some((c) => c.region === r))).toBe(true);
  });

  it('lists every item once by kind and code, with coaches starting unloaded', () => {
    // Act
    const items = referenceItems();

    // Assess
    const keys = items.map((i) => `${i.kind}#${i.code}`);
    expect(new Set(keys).size).toBe(items.length);
    expect(new Set(items.map((i) => i.kind))).toEqual(
      new Set(['region', 'province', 'education-level', 'association', 'coach', 'partner']),
    );
    expect(items.filter((i) => i.kind === 'province')).toHaveLength(provinces.length);
    const coachItems = items.filter((i) => i.kind === 'coach');
    expect(coachItems).toHaveLength(coaches.length);
    expect(coachItems.every((c) => c.activeBeneficiaries === 0)).toBe(true);
  });

  it.each([
    ['situations', situations],
    ['vulnerability factors', vulnerabilityFactors],
    ['aspirations', aspirations],
    ['sectors', sectors],
  ])('names each of the %s once, in French, Arabic and English', (_list, items) => {
    // Assess
    const codes = items.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const item of items) {
      expect(item.name.fr).not.toBe('');
      expect(item.name.en).not.toBe('');
      expect(item.name.ar).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it('offers as sectors of interest the codes a placement records, named as the placement form names them', () => {
    // Assess
    expect(sectors.map((s) => s.code)).toEqual([...placementSectors]);
    for (const { code, name } of sectors) {
      expect(name).toEqual({
        fr: fr.task.sectors[code],
        ar: ar.task.sectors[code],
        en: en.task.sectors[code],
      });
    }
  });
});
