/**
 * The synthetic cohort of the simulator: people as the pilot took them in (Kafaat Liljamia, 2017–2020:
 * young people, women a large share, in Tanger-Tétouan-Al Hoceïma and l'Oriental), each with the
 * intake an association's worker would post (`POST /api/intake`, the fields of
 * functions/domain/intake.ts). Names in Latin or Arabic script, as the worker typed them. Plain
 * code, no I/O: the same seed gives the same people.
 */
import {
  provinces,
  type Aspiration,
  type Sector,
  type Situation,
} from '../../../functions/domain/reference-data';
import type { VulnerabilityFactor } from '../../../functions/domain/reference-data';
import type { ConsentPurpose } from '../../../functions/domain/coaching';
import { seededRandom, type Random } from './random';

/** A first or last name in both scripts: [Latin, Arabic]. */
type Name = readonly [latin: string, arabic: string];

const womenNames: readonly Name[] = [
  ['Fatima Zahra', 'فاطمة الزهراء'],
  ['Khadija', 'خديجة'],
  ['Amina', 'أمينة'],
  ['Salma', 'سلمى'],
  ['Nadia', 'نادية'],
  ['Samira', 'سميرة'],
  ['Hanane', 'حنان'],
  ['Meryem', 'مريم'],
  ['Imane', 'إيمان'],
  ['Loubna', 'لبنى'],
  ['Siham', 'سهام'],
  ['Houda', 'هدى'],
  ['Soukaina', 'سكينة'],
  ['Ghizlane', 'غزلان'],
  ['Hajar', 'هاجر'],
  ['Asmae', 'أسماء'],
  ['Kaoutar', 'كوثر'],
  ['Najat', 'نجاة'],
  ['Rachida', 'رشيدة'],
  ['Wiam', 'وئام'],
  ['Ikram', 'إكرام'],
  ['Chaimae', 'شيماء'],
  ['Oumaima', 'أميمة'],
  ['Sanae', 'سناء'],
  ['Zineb', 'زينب'],
  ['Latifa', 'لطيفة'],
  ['Malika', 'مليكة'],
  ['Hind', 'هند'],
  ['Btissam', 'ابتسام'],
  ['Nawal', 'نوال'],
  ['Yasmine', 'ياسمين'],
  ['Fadwa', 'فدوى'],
];

const menNames: readonly Name[] = [
  ['Mohamed', 'محمد'],
  ['Youssef', 'يوسف'],
  ['Ahmed', 'أحمد'],
  ['Hamza', 'حمزة'],
  ['Omar', 'عمر'],
  ['Ayoub', 'أيوب'],
  ['Anas', 'أنس'],
  ['Mehdi', 'مهدي'],
  ['Karim', 'كريم'],
  ['Rachid', 'رشيد'],
  ['Abdelilah', 'عبد الإله'],
  ['Said', 'سعيد'],
  ['Hicham', 'هشام'],
  ['Yassine', 'ياسين'],
  ['Othmane', 'عثمان'],
  ['Zakaria', 'زكرياء'],
  ['Ilyas', 'إلياس'],
  ['Soufiane', 'سفيان'],
  ['Adil', 'عادل'],
  ['Mustapha', 'مصطفى'],
  ['Khalid', 'خالد'],
  ['Reda', 'رضا'],
  ['Amine', 'أمين'],
  ['Badr', 'بدر'],
  ['Nabil', 'نبيل'],
  ['Tarik', 'طارق'],
  ['Hassan', 'حسن'],
  ['Brahim', 'إبراهيم'],
  ['Ismail', 'إسماعيل'],
  ['Walid', 'وليد'],
  ['Driss', 'إدريس'],
  ['Mourad', 'مراد'],
];

const familyNames: readonly Name[] = [
  ['Alaoui', 'العلوي'],
  ['Bennani', 'بناني'],
  ['Tazi', 'التازي'],
  ['El Idrissi', 'الإدريسي'],
  ['Benali', 'بنعلي'],
  ['Amrani', 'العمراني'],
  ['Chraibi', 'الشرايبي'],
  ['Ouahbi', 'الوهبي'],
  ['Azzouzi', 'العزوزي'],
  ['Berrada', 'برادة'],
  ['El Fassi', 'الفاسي'],
  ['Benjelloun', 'بنجلون'],
  ['Lahlou', 'لحلو'],
  ['Bouzid', 'بوزيد'],
  ['Haddad', 'الحداد'],
  ['Zerouali', 'الزروالي'],
  ['Boukhari', 'البخاري'],
  ['Ouazzani', 'الوزاني'],
  ['Tahiri', 'الطاهري'],
  ['Belhaj', 'بلحاج'],
  ['Chaoui', 'الشاوي'],
  ['Rifi', 'الريفي'],
  ['Oujdi', 'الوجدي'],
  ['Berkani', 'البركاني'],
  ['Jebli', 'الجبلي'],
  ['Saidi', 'السعيدي'],
  ['Mansouri', 'المنصوري'],
  ['Karimi', 'الكريمي'],
  ['Hamdaoui', 'الحمداوي'],
  ['El Khattabi', 'الخطابي'],
  ['Bouazza', 'بوعزة'],
  ['Ziani', 'الزياني'],
  ['Moussaoui', 'الموساوي'],
  ['Kettani', 'الكتاني'],
  ['Filali', 'الفيلالي'],
  ['Ait Ouarab', 'آيت واعراب'],
  ['Boutaleb', 'بوطالب'],
  ['Naciri', 'الناصري'],
  ['El Ghazouani', 'الغزواني'],
  ['Ben Moussa', 'بن موسى'],
];

export type RegionCode = 'TTA' | 'ORI';
export type Script = 'latin' | 'arabic';
type EducationCode =
  'none' | 'primary' | 'lower-secondary' | 'upper-secondary' | 'baccalaureate' | 'vocational' | 'higher';

/**
 * The mix of the cohort, as shares (each table's weights add up to 1). The pilot's published
 * figures give its size (about 550) and its placements (about 200); the shares here are a plausible
 * pilot: young people (about three in four under 30), women a little over half, both regions.
 */
export const cohortMix = {
  women: 0.56,
  regions: { TTA: 0.55, ORI: 0.45 } satisfies Record<RegionCode, number>,
  /** Age at intake: 18–24, 25–29, 30–35, 36–45. */
  ages: { '18-24': 0.45, '25-29': 0.28, '30-35': 0.17, '36-45': 0.1 },
  /** Names typed in Arabic script: more in the association that works in Arabic (Tétouan). */
  arabicScript: { 'ASSO-TET-1': 0.55, other: 0.25 },
  educationLevels: {
    none: 0.08,
    primary: 0.15,
    'lower-secondary': 0.22,
    'upper-secondary': 0.18,
    baccalaureate: 0.15,
    vocational: 0.12,
    higher: 0.1,
  } satisfies Record<EducationCode, number>,
  situations: {
    unemployed: 0.34,
    neet: 0.26,
    'informal-work': 0.14,
    underemployed: 0.12,
    student: 0.06,
    other: 0.08,
  } satisfies Record<Situation, number>,
  aspirations: {
    'wage-job': 0.48,
    'training-first': 0.18,
    'create-tpe': 0.11,
    cooperative: 0.11,
    'auto-entrepreneur': 0.12,
  } satisfies Record<Aspiration, number>,
  /** Intakes that leave the first interview's fields out (an older form, or not asked yet). */
  withoutFirstInterviewFields: 0.05,
  /** Who also gives an e-mail address (everyone gives a phone). */
  email: 0.3,
  sharing: { 'training-providers': 0.7, employers: 0.55 } satisfies Record<ConsentPurpose, number>,
} as const;

/** Where people live, by region: weights roughly by population, with the rural provinces smaller. */
const provinceWeights: Record<RegionCode, Record<string, number>> = {
  TTA: { TNG: 30, TET: 18, LAR: 12, HOC: 10, CHE: 10, MDF: 8, OUZ: 8, FAH: 4 },
  ORI: { OUJ: 35, NAD: 22, BER: 14, DRI: 8, TAO: 7, JER: 6, GUE: 5, FIG: 3 },
};

/** The rural provinces (isolation weighs more there). */
const ruralProvinces = new Set(['CHE', 'OUZ', 'FAH', 'HOC', 'DRI', 'JER', 'FIG', 'GUE', 'TAO']);

/** Which association takes in the people of a province: the one nearest, in their region. */
export const associationOfProvince: Record<string, string> = {
  TNG: 'ASSO-TNG-1',
  FAH: 'ASSO-TNG-1',
  LAR: 'ASSO-TNG-1',
  TET: 'ASSO-TET-1',
  MDF: 'ASSO-TET-1',
  CHE: 'ASSO-TET-1',
  HOC: 'ASSO-TET-1',
  OUZ: 'ASSO-TET-1',
  OUJ: 'ASSO-OUJ-1',
  BER: 'ASSO-OUJ-1',
  JER: 'ASSO-OUJ-1',
  TAO: 'ASSO-OUJ-1',
  GUE: 'ASSO-OUJ-1',
  FIG: 'ASSO-OUJ-1',
  NAD: 'ASSO-NAD-1',
  DRI: 'ASSO-NAD-1',
};

/** The sectors people ask for, by region (industry and logistics around Tangier, farming in the east). */
const sectorWeights: Record<RegionCode, Record<Sector, number>> = {
  TTA: {
    industry: 16,
    logistics: 16,
    hospitality: 14,
    services: 14,
    retail: 10,
    crafts: 8,
    construction: 7,
    'agri-food': 6,
    agriculture: 5,
    'social-economy': 4,
  },
  ORI: {
    agriculture: 14,
    'agri-food': 14,
    services: 14,
    construction: 12,
    retail: 12,
    'social-economy': 10,
    logistics: 8,
    crafts: 8,
    hospitality: 5,
    industry: 3,
  },
};
const cooperativeSectors: readonly Sector[] = ['social-economy', 'agri-food', 'crafts', 'agriculture'];

/** The body of `POST /api/intake`, as JSON (numbers and booleans typed). */
export interface IntakeBody {
  firstName: string;
  lastName: string;
  sex: 'F' | 'M';
  birthYear: number;
  region: RegionCode;
  province: string;
  phone?: string;
  email?: string;
  educationLevel: EducationCode;
  consent: true;
  situation?: Situation;
  vulnerabilityFactors?: VulnerabilityFactor[];
  aspiration?: Aspiration;
  sectorOfInterest?: Sector;
  sharingConsents?: ConsentPurpose[];
}

export interface SyntheticPerson {
  /** 0, 1, 2… in the order of their intake. */
  index: number;
  association: string;
  script: Script;
  /** Their names in Latin script, whatever script the intake uses (for reports and e-mail addresses). */
  latinName: string;
  ageAtIntake: number;
  /** When the intake is taken, in days of the platform's clock after the simulation's start. */
  arrivalDay: number;
  /** The phone's 10 national digits (06…/07…), as the task page's tel: link shows them. */
  phoneDigits: string;
  intake: IntakeBody;
}

export interface CohortOptions {
  count: number;
  seed: number;
  /** The day the intakes are taken (the birth years count from its year). */
  now: Date;
  /** Intakes spread over this many days of the platform's clock (arrivals at random). */
  intakeDays: number;
  /**
   * Mixed into the phone numbers only, so that two runs with one seed on one platform do not take
   * each other's people for duplicates (the same phone) or answer each other's tasks.
   */
  runTag?: number;
}

function ageOf(random: Random): number {
  const band = random.weighted(cohortMix.ages);
  const [min, max] = band.split('-').map(Number) as [number, number];
  return random.int(min, max);
}

function phoneText(random: Random, digits: string): string {
  // As workers type them: grouped by two, in one block, or international.
  const national = digits;
  const style = random.weighted({ grouped: 0.5, block: 0.3, international: 0.2 });
  if (style === 'block') return national;
  if (style === 'grouped') return national.replace(/(\d{2})(?=\d)/g, '$1 ');
  return `+212 ${national.slice(1, 2)} ${national.slice(2).replace(/(\d{2})(?=\d)/g, '$1 ')}`;
}

function factorsOf(
  random: Random,
  person: {
    sex: 'F' | 'M';
    province: string;
    region: RegionCode;
    education: EducationCode;
    situation: Situation;
  },
): VulnerabilityFactor[] {
  const factors: VulnerabilityFactor[] = [];
  const add = (factor: VulnerabilityFactor, p: number) => {
    if (random.chance(p)) factors.push(factor);
  };
  add('disability', 0.04);
  add('single-parent', person.sex === 'F' ? 0.12 : 0.03);
  add('rural-isolation', ruralProvinces.has(person.province) ? 0.55 : 0.05);
  add(
    'no-diploma',
    person.education === 'none' || person.education === 'primary'
      ? 0.7
      : person.education === 'lower-secondary'
        ? 0.3
        : 0,
  );
  add('long-term-unemployment', person.situation === 'unemployed' ? 0.45 : 0.1);
  add('migrant-or-returnee', person.region === 'ORI' ? 0.1 : 0.05);
  add('other', 0.03);
  return factors;
}

function emailOf(first: string, last: string, index: number): string {
  const ascii = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
  return `${ascii(first)}.${ascii(last)}.${index + 1}@example.ma`;
}

/** The cohort: `count` people, the same for the same seed (phones aside: see `runTag`). */
export function generateCohort(options: CohortOptions): SyntheticPerson[] {
  const random = seededRandom(options.seed);
  const thisYear = options.now.getUTCFullYear();
  const arrivals = Array.from({ length: options.count }, () => random.next() * options.intakeDays).sort(
    (a, b) => a - b,
  );
  const usedPhones = new Set<number>();
  const people: SyntheticPerson[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const r = random.fork(`person-${index}`);
    const sex: 'F' | 'M' = r.chance(cohortMix.women) ? 'F' : 'M';
    const region = r.weighted(cohortMix.regions);
    const province = r.weighted(provinceWeights[region]);
    const association = associationOfProvince[province] ?? '';
    const arabicShare =
      association === 'ASSO-TET-1' ? cohortMix.arabicScript['ASSO-TET-1'] : cohortMix.arabicScript.other;
    const script: Script = r.chance(arabicShare) ? 'arabic' : 'latin';
    const first = r.pick(sex === 'F' ? womenNames : menNames);
    const last = r.pick(familyNames);
    const age = ageOf(r);
    const education = r.weighted(cohortMix.educationLevels);
    const situation = r.weighted(cohortMix.situations);
    const aspiration = r.weighted(cohortMix.aspirations);
    const sector =
      aspiration === 'cooperative' && r.chance(0.5)
        ? r.pick(cooperativeSectors)
        : r.weighted(sectorWeights[region]);
    let phoneNumber = r.int(0, 99_999_999);
    while (usedPhones.has(phoneNumber)) phoneNumber = (phoneNumber + 1) % 100_000_000;
    usedPhones.add(phoneNumber);
    const salted = (phoneNumber + (options.runTag ?? 0) * 7_919) % 100_000_000;
    const phoneDigits = `${r.chance(0.7) ? '06' : '07'}${String(salted).padStart(8, '0')}`;
    const sharing = (['training-providers', 'employers'] as const).filter((p) =>
      r.chance(cohortMix.sharing[p]),
    );
    const withInterviewFields = !r.chance(cohortMix.withoutFirstInterviewFields);
    const factors = factorsOf(r, { sex, province, region, education, situation });
    const intake: IntakeBody = {
      firstName: script === 'arabic' ? first[1] : first[0],
      lastName: script === 'arabic' ? last[1] : last[0],
      sex,
      birthYear: thisYear - age,
      region,
      province,
      phone: phoneText(r, phoneDigits),
      ...(r.chance(cohortMix.email) ? { email: emailOf(first[0], last[0], index) } : {}),
      educationLevel: education,
      consent: true,
      ...(withInterviewFields
        ? { situation, vulnerabilityFactors: factors, aspiration, sectorOfInterest: sector }
        : {}),
      // Nothing shared: the list left out, or sent empty (both say "nothing").
      ...(sharing.length > 0
        ? { sharingConsents: [...sharing] }
        : r.chance(0.5)
          ? { sharingConsents: [] }
          : {}),
    };
    people.push({
      index,
      association,
      script,
      latinName: `${first[0]} ${last[0]}`,
      ageAtIntake: age,
      arrivalDay: arrivals[index] ?? 0,
      phoneDigits,
      intake,
    });
  }
  return people;
}

/** The last 9 digits of a phone however written: how a task page's number is matched to a person. */
export function phoneKey(phone: string): string {
  return phone.replace(/\D/g, '').slice(-9);
}

export interface CohortSummary {
  people: number;
  women: number;
  regions: Record<RegionCode, number>;
  arabicScript: number;
  under30: number;
  provinces: Record<string, number>;
}

/** What a cohort is made of, for the report and the tests. */
export function summarizeCohort(people: readonly SyntheticPerson[]): CohortSummary {
  const provincesSeen: Record<string, number> = Object.fromEntries(provinces.map((p) => [p.code, 0]));
  for (const p of people) provincesSeen[p.intake.province] = (provincesSeen[p.intake.province] ?? 0) + 1;
  return {
    people: people.length,
    women: people.filter((p) => p.intake.sex === 'F').length,
    regions: {
      TTA: people.filter((p) => p.intake.region === 'TTA').length,
      ORI: people.filter((p) => p.intake.region === 'ORI').length,
    },
    arabicScript: people.filter((p) => p.script === 'arabic').length,
    under30: people.filter((p) => p.ageAtIntake < 30).length,
    provinces: provincesSeen,
  };
}
