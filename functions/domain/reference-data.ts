/**
 * Reference data of the pilot: the two regions of Kafaat Liljamia with their provinces and
 * prefectures, education levels, a few partner associations, coaches and training offers.
 * Plain data, no AWS: the intake schema validates against it and the seed loads it into the
 * reference table (locally on start, on AWS at deploy).
 */

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

export interface TrainingOffer {
  code: string;
  region: string;
  province: string;
  sector: string;
  name: Label;
  durationWeeks: number;
}

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

export const trainingOffers: readonly TrainingOffer[] = [
  {
    code: 'TRN-TNG-LOG',
    region: 'TTA',
    province: 'TNG',
    sector: 'logistics',
    name: { fr: 'Agent logistique portuaire', ar: 'عون لوجستيك مينائي', en: 'Port logistics agent' },
    durationWeeks: 12,
  },
  {
    code: 'TRN-TET-HOT',
    region: 'TTA',
    province: 'TET',
    sector: 'hospitality',
    name: { fr: 'Service en restauration', ar: 'الخدمة في المطاعم', en: 'Restaurant service' },
    durationWeeks: 8,
  },
  {
    code: 'TRN-OUJ-AGR',
    region: 'ORI',
    province: 'OUJ',
    sector: 'agri-food',
    name: { fr: 'Transformation agroalimentaire', ar: 'التحويل الغذائي', en: 'Agri-food processing' },
    durationWeeks: 10,
  },
  {
    code: 'TRN-NAD-COO',
    region: 'ORI',
    province: 'NAD',
    sector: 'social-economy',
    name: { fr: 'Gestion de coopérative', ar: 'تسيير التعاونيات', en: 'Running a cooperative' },
    durationWeeks: 6,
  },
];

export type ReferenceKind =
  'region' | 'province' | 'education-level' | 'association' | 'coach' | 'training-offer';

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
    ...trainingOffers.map((t) => ({ kind: 'training-offer' as const, ...t })),
  ];
}

export function isProvinceOfRegion(provinceCode: string, regionCode: string): boolean {
  return provinces.some((p) => p.code === provinceCode && p.region === regionCode);
}
