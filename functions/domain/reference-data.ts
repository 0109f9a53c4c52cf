/**
 * Reference data of the pilot: the two regions of Kafaat Liljamia with their provinces and
 * prefectures, education levels, what the first interview needs to know (situation, vulnerability
 * factors, aspiration, sector of interest), a few partner associations, coaches and training offers.
 * Plain data, no AWS: the intake schema validates against it and the seed loads it into the
 * reference table (locally on start, on AWS at deploy).
 */
import { sectors as sectorCodes } from './coach-task';

export type Lang = 'fr' | 'ar' | 'en';
export type Label = Record<Lang, string>;

export interface Region {
  code: string;
  name: Label;
}

export interface Province {
  code: string;
  region: string;
  name: Label;
}

export interface EducationLevel {
  code: string;
  name: Label;
}

/** A code and its name in the three languages. */
export interface Named<Code extends string = string> {
  code: Code;
  name: Label;
}

export interface Association {
  code: string;
  region: string;
  name: string;
  /** Who is told when a coach's task stays unanswered through every reminder. */
  supervisorName: string;
  supervisorEmail: string;
  preferredLanguage: Lang;
}

export interface Coach {
  code: string;
  region: string;
  association: string;
  displayName: string;
  email: string;
  preferredLanguage: Lang;
  /** The most beneficiaries the coach follows at once (the supervisor's page compares the load). */
  capacity: number;
}

/** A coach whose record predates capacities follows this many at most. */
export const DEFAULT_COACH_CAPACITY = 40;

export const regions: readonly Region[] = [
  {
    code: 'TTA',
    name: { fr: 'Tanger-Tétouan-Al Hoceïma', ar: 'طنجة - تطوان - الحسيمة', en: 'Tangier-Tetouan-Al Hoceima' },
  },
  { code: 'ORI', name: { fr: "L'Oriental", ar: 'الشرق', en: 'Oriental' } },
];

export const provinces: readonly Province[] = [
  { code: 'TNG', region: 'TTA', name: { fr: 'Tanger-Assilah', ar: 'طنجة - أصيلة', en: 'Tangier-Assilah' } },
  { code: 'MDF', region: 'TTA', name: { fr: "M'diq-Fnideq", ar: 'المضيق - الفنيدق', en: "M'diq-Fnideq" } },
  { code: 'TET', region: 'TTA', name: { fr: 'Tétouan', ar: 'تطوان', en: 'Tetouan' } },
  { code: 'FAH', region: 'TTA', name: { fr: 'Fahs-Anjra', ar: 'الفحص - أنجرة', en: 'Fahs-Anjra' } },
  { code: 'LAR', region: 'TTA', name: { fr: 'Larache', ar: 'العرائش', en: 'Larache' } },
  { code: 'HOC', region: 'TTA', name: { fr: 'Al Hoceïma', ar: 'الحسيمة', en: 'Al Hoceima' } },
  { code: 'CHE', region: 'TTA', name: { fr: 'Chefchaouen', ar: 'شفشاون', en: 'Chefchaouen' } },
  { code: 'OUZ', region: 'TTA', name: { fr: 'Ouezzane', ar: 'وزان', en: 'Ouezzane' } },
  { code: 'OUJ', region: 'ORI', name: { fr: 'Oujda-Angad', ar: 'وجدة - أنكاد', en: 'Oujda-Angad' } },
  { code: 'NAD', region: 'ORI', name: { fr: 'Nador', ar: 'الناظور', en: 'Nador' } },
  { code: 'DRI', region: 'ORI', name: { fr: 'Driouch', ar: 'الدريوش', en: 'Driouch' } },
  { code: 'JER', region: 'ORI', name: { fr: 'Jerada', ar: 'جرادة', en: 'Jerada' } },
  { code: 'BER', region: 'ORI', name: { fr: 'Berkane', ar: 'بركان', en: 'Berkane' } },
  { code: 'TAO', region: 'ORI', name: { fr: 'Taourirt', ar: 'تاوريرت', en: 'Taourirt' } },
  { code: 'GUE', region: 'ORI', name: { fr: 'Guercif', ar: 'جرسيف', en: 'Guercif' } },
  { code: 'FIG', region: 'ORI', name: { fr: 'Figuig', ar: 'فجيج', en: 'Figuig' } },
];

export const educationLevels: readonly EducationLevel[] = [
  { code: 'none', name: { fr: 'Non scolarisé·e', ar: 'غير متمدرس(ة)', en: 'No schooling' } },
  { code: 'primary', name: { fr: 'Primaire', ar: 'ابتدائي', en: 'Primary' } },
  { code: 'lower-secondary', name: { fr: 'Collège', ar: 'إعدادي', en: 'Lower secondary' } },
  { code: 'upper-secondary', name: { fr: 'Lycée', ar: 'ثانوي تأهيلي', en: 'Upper secondary' } },
  { code: 'baccalaureate', name: { fr: 'Baccalauréat', ar: 'البكالوريا', en: 'Baccalaureate' } },
  {
    code: 'vocational',
    name: { fr: 'Formation professionnelle', ar: 'تكوين مهني', en: 'Vocational training' },
  },
  { code: 'higher', name: { fr: 'Études supérieures', ar: 'تعليم عالٍ', en: 'Higher education' } },
];

/**
 * What the person does today: the programme takes in people out of work, or in work that does not
 * keep them (informal, too few hours), and young people neither in work nor in school or training.
 */
export const situations = [
  { code: 'unemployed', name: { fr: 'Sans emploi', ar: 'بدون شغل', en: 'Unemployed' } },
  {
    code: 'neet',
    name: {
      fr: 'Ni en emploi, ni en études, ni en formation',
      ar: 'لا يشتغل(ين) ولا يدرس(ين) ولا يتكوّن(ين)',
      en: 'Not in employment, education or training (NEET)',
    },
  },
  { code: 'informal-work', name: { fr: 'Travail informel', ar: 'عمل غير مهيكل', en: 'Informal work' } },
  {
    code: 'underemployed',
    name: {
      fr: 'En sous-emploi (temps partiel subi, travail saisonnier)',
      ar: 'شغل ناقص (عمل جزئي أو موسمي مفروض)',
      en: 'Underemployed (unwanted part-time or seasonal work)',
    },
  },
  {
    code: 'student',
    name: { fr: 'En études ou en formation', ar: 'يدرس(ين) أو يتكوّن(ين)', en: 'In education or training' },
  },
  { code: 'other', name: { fr: 'Autre situation', ar: 'وضعية أخرى', en: 'Other situation' } },
] as const satisfies readonly Named[];
export type Situation = (typeof situations)[number]['code'];

/**
 * What makes the way into work harder, as the first interview asks it (several may apply). The
 * programme accompanies people "in situations of vulnerability" in two regions with rural
 * provinces (Chefchaouen, Ouezzane, Driouch, Jerada, Figuig) and a border of migration and return
 * (l'Oriental). Disability is sensitive data (law 09-08): asked only with the person's agreement.
 */
export const vulnerabilityFactors = [
  {
    code: 'disability',
    name: { fr: 'Situation de handicap', ar: 'وضعية إعاقة', en: 'Disability' },
  },
  {
    code: 'single-parent',
    name: { fr: 'Parent seul avec enfant(s) à charge', ar: 'معيل(ة) وحيد(ة) لأطفال', en: 'Single parent' },
  },
  {
    code: 'rural-isolation',
    name: {
      fr: 'Isolement rural (loin des transports et des offres)',
      ar: 'عزلة قروية (بعيدا عن النقل والعروض)',
      en: 'Rural isolation (far from transport and offers)',
    },
  },
  {
    code: 'no-diploma',
    name: { fr: 'Sans diplôme ni certificat', ar: 'بدون شهادة أو دبلوم', en: 'No diploma or certificate' },
  },
  {
    code: 'long-term-unemployment',
    name: {
      fr: 'Sans emploi depuis plus d’un an',
      ar: 'بدون شغل منذ أكثر من سنة',
      en: 'Out of work for over a year',
    },
  },
  {
    code: 'migrant-or-returnee',
    name: {
      fr: 'Migrant·e ou migrant·e de retour',
      ar: 'مهاجر(ة) أو عائد(ة) من الهجرة',
      en: 'Migrant or returnee',
    },
  },
  { code: 'other', name: { fr: 'Autre difficulté', ar: 'صعوبة أخرى', en: 'Other difficulty' } },
] as const satisfies readonly Named[];
export type VulnerabilityFactor = (typeof vulnerabilityFactors)[number]['code'];

/** What the person wants to reach: the programme's outcomes, or a training before them. */
export const aspirations = [
  { code: 'wage-job', name: { fr: 'Un emploi salarié', ar: 'شغل مأجور', en: 'A salaried job' } },
  {
    code: 'create-tpe',
    name: { fr: 'Créer une TPE', ar: 'إنشاء مقاولة صغيرة جدا', en: 'Create a very small enterprise (TPE)' },
  },
  {
    code: 'cooperative',
    name: {
      fr: 'Créer ou rejoindre une coopérative',
      ar: 'إنشاء تعاونية أو الانضمام إليها',
      en: 'Create or join a cooperative',
    },
  },
  {
    code: 'auto-entrepreneur',
    name: {
      fr: 'Devenir auto-entrepreneur',
      ar: 'الحصول على صفة مقاول(ة) ذاتي(ة)',
      en: 'Become an auto-entrepreneur',
    },
  },
  {
    code: 'training-first',
    name: { fr: 'Se former d’abord', ar: 'التكوين أولا', en: 'Training first' },
  },
] as const satisfies readonly Named[];
export type Aspiration = (typeof aspirations)[number]['code'];

export type Sector = (typeof sectorCodes)[number];

const sectorNames: Record<Sector, Label> = {
  agriculture: { fr: 'Agriculture', ar: 'الفلاحة', en: 'Agriculture' },
  'agri-food': { fr: 'Agroalimentaire', ar: 'الصناعة الغذائية', en: 'Agri-food' },
  construction: {
    fr: 'Bâtiment et travaux publics',
    ar: 'البناء والأشغال العمومية',
    en: 'Construction and public works',
  },
  crafts: { fr: 'Artisanat', ar: 'الصناعة التقليدية', en: 'Crafts' },
  hospitality: { fr: 'Hôtellerie et restauration', ar: 'الفندقة والمطاعم', en: 'Hotels and restaurants' },
  industry: { fr: 'Industrie', ar: 'الصناعة', en: 'Industry' },
  logistics: { fr: 'Logistique et transport', ar: 'اللوجستيك والنقل', en: 'Logistics and transport' },
  retail: { fr: 'Commerce', ar: 'التجارة', en: 'Retail' },
  services: { fr: 'Services', ar: 'الخدمات', en: 'Services' },
  'social-economy': {
    fr: 'Économie sociale et solidaire',
    ar: 'الاقتصاد الاجتماعي والتضامني',
    en: 'Social and solidarity economy',
  },
};

/** The sectors of activity, with the codes a placement records (see coach-task.ts). */
export const sectors: readonly Named<Sector>[] = sectorCodes.map((code) => ({
  code,
  name: sectorNames[code],
}));

export const associations: readonly Association[] = [
  {
    code: 'ASSO-TNG-1',
    region: 'TTA',
    name: 'Association Al Amal Tanger',
    supervisorName: 'Fatima Zahra Alaoui',
    supervisorEmail: 'supervision@al-amal-tanger.kafaat.example',
    preferredLanguage: 'fr',
  },
  {
    code: 'ASSO-TET-1',
    region: 'TTA',
    name: 'Association Tétouan Solidaire',
    supervisorName: 'Hassan Bennani',
    supervisorEmail: 'supervision@tetouan-solidaire.kafaat.example',
    preferredLanguage: 'ar',
  },
  {
    code: 'ASSO-OUJ-1',
    region: 'ORI',
    name: 'Association Oujda Insertion',
    supervisorName: 'Latifa Chraibi',
    supervisorEmail: 'supervision@oujda-insertion.kafaat.example',
    preferredLanguage: 'fr',
  },
  {
    code: 'ASSO-NAD-1',
    region: 'ORI',
    name: 'Association Nador Avenir',
    supervisorName: 'Mohamed Amrani',
    supervisorEmail: 'supervision@nador-avenir.kafaat.example',
    preferredLanguage: 'en',
  },
];

export const coaches: readonly Coach[] = [
  {
    code: 'COACH-TTA-1',
    region: 'TTA',
    association: 'ASSO-TNG-1',
    displayName: 'Samira Benali',
    email: 'samira.benali@coaches.kafaat.example',
    preferredLanguage: 'fr',
    capacity: DEFAULT_COACH_CAPACITY,
  },
  {
    code: 'COACH-TTA-2',
    region: 'TTA',
    association: 'ASSO-TET-1',
    displayName: 'Youssef El Idrissi',
    email: 'youssef.elidrissi@coaches.kafaat.example',
    preferredLanguage: 'ar',
    capacity: DEFAULT_COACH_CAPACITY,
  },
  {
    code: 'COACH-ORI-1',
    region: 'ORI',
    association: 'ASSO-OUJ-1',
    displayName: 'Nadia Ouahbi',
    email: 'nadia.ouahbi@coaches.kafaat.example',
    preferredLanguage: 'fr',
    capacity: DEFAULT_COACH_CAPACITY,
  },
  {
    code: 'COACH-ORI-2',
    region: 'ORI',
    association: 'ASSO-NAD-1',
    displayName: 'Karim Azzouzi',
    email: 'karim.azzouzi@coaches.kafaat.example',
    preferredLanguage: 'fr',
    capacity: DEFAULT_COACH_CAPACITY,
  },
];

/**
 * The regional partners who share the training offer: training providers (public or private)
 * publish their offers and see their enrolments; employers (companies and professional bodies)
 * publish their labour needs. Each works in one region.
 */
export const partnerKinds = ['training-provider', 'employer'] as const;
export type PartnerKind = (typeof partnerKinds)[number];

export interface Partner {
  code: string;
  kind: PartnerKind;
  region: string;
  name: string;
  /** A provider: public or private; an employer: a company or a professional body. */
  category: 'public' | 'private' | 'company' | 'professional-body';
  contactEmail: string;
  preferredLanguage: Lang;
}

export const partners: readonly Partner[] = [
  {
    code: 'PRV-TTA-OFPPT',
    kind: 'training-provider',
    region: 'TTA',
    name: 'OFPPT — Complexe de formation Tanger',
    category: 'public',
    contactEmail: 'formation@ofppt-tanger.kafaat.example',
    preferredLanguage: 'fr',
  },
  {
    code: 'PRV-TTA-NOUR',
    kind: 'training-provider',
    region: 'TTA',
    name: 'Institut privé Nour Tétouan',
    category: 'private',
    contactEmail: 'contact@institut-nour.kafaat.example',
    preferredLanguage: 'ar',
  },
  {
    code: 'PRV-ORI-OFPPT',
    kind: 'training-provider',
    region: 'ORI',
    name: 'OFPPT — Complexe de formation Oujda',
    category: 'public',
    contactEmail: 'formation@ofppt-oujda.kafaat.example',
    preferredLanguage: 'fr',
  },
  {
    code: 'EMP-TTA-AUTOPARK',
    kind: 'employer',
    region: 'TTA',
    name: 'Association des industriels de Tanger Automotive City',
    category: 'professional-body',
    contactEmail: 'emploi@tac-industriels.kafaat.example',
    preferredLanguage: 'fr',
  },
  {
    code: 'EMP-ORI-AGRO',
    kind: 'employer',
    region: 'ORI',
    name: 'Coopérative agro-alimentaire de Berkane',
    category: 'company',
    contactEmail: 'rh@agro-berkane.kafaat.example',
    preferredLanguage: 'ar',
  },
];

/** Training offers are a catalogue of their own: data/training-offers.json (see README). */

export type ReferenceKind =
  'region' | 'province' | 'education-level' | 'association' | 'coach' | 'partner' | 'training-offer';

/** One item of the reference table: `kind` + `code` is its key, the rest its attributes. */
export type ReferenceItem = { kind: ReferenceKind; code: string } & Record<string, unknown>;

/** Every reference item, as the seed writes them (coaches start with no beneficiary assigned). */
export function referenceItems(): ReferenceItem[] {
  return [
    ...regions.map((r) => ({ kind: 'region' as const, ...r })),
    ...provinces.map((p) => ({ kind: 'province' as const, ...p })),
    ...educationLevels.map((e) => ({ kind: 'education-level' as const, ...e })),
    ...associations.map((a) => ({ kind: 'association' as const, ...a })),
    ...coaches.map((c) => ({ kind: 'coach' as const, ...c, activeBeneficiaries: 0 })),
    ...partners.map(({ kind, ...p }) => ({ kind: 'partner' as const, ...p, partnerKind: kind })),
  ];
}

export function isProvinceOfRegion(provinceCode: string, regionCode: string): boolean {
  return provinces.some((p) => p.code === provinceCode && p.region === regionCode);
}
