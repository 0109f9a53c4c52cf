/**
 * Texts of a training provider's enrolments page, in French (the reference), Arabic and English
 * (see ../messages.ts).
 */

export const fr = {
  title: 'Inscrit·es à la formation',
  counts: '{{enrolments}} personne(s) inscrite(s) pour {{seats}} place(s).',
  sharedTitle: 'Personnes qui ont accepté de partager leurs coordonnées avec les organismes de formation',
  withheld:
    '{{count}} personne(s) n’ont pas donné leur accord : elles sont comptées, mais leur nom et leurs coordonnées ne vous sont pas communiqués.',
  auditNote: 'Chaque consultation de ces noms est inscrite au journal de la personne.',
  none: 'Aucune personne ne partage ses coordonnées pour l’instant.',
  name: 'Nom',
  phone: 'Téléphone',
  email: 'Courriel',
  province: 'Province',
  status: 'Où en est-elle',
  since: 'Inscrite le',
  statuses: {
    chosen: 'Place réservée',
    enrolled: 'En formation',
    'not-started': 'N’a pas commencé',
    completed: 'Formation terminée',
    abandoned: 'A abandonné',
  },
  back: 'Retour à mes offres',
};

export const ar = {
  title: 'المسجلون في التكوين',
  counts: '{{enrolments}} شخص مسجل لـ{{seats}} مقعد.',
  sharedTitle: 'الأشخاص الذين وافقوا على مشاركة معلوماتهم مع مؤسسات التكوين',
  withheld: '{{count}} شخص لم يعطوا موافقتهم: يُحتسبون، لكن أسماءهم ومعلومات الاتصال بهم لا تُبلَّغ إليكم.',
  auditNote: 'كل اطلاع على هذه الأسماء يُسجَّل في سجل الشخص.',
  none: 'لا أحد يشارك معلوماته حاليا.',
  name: 'الاسم',
  phone: 'الهاتف',
  email: 'البريد الإلكتروني',
  province: 'الإقليم',
  status: 'وضعيته(ا)',
  since: 'تاريخ التسجيل',
  statuses: {
    chosen: 'مقعد محجوز',
    enrolled: 'في التكوين',
    'not-started': 'لم يبدأ(تبدأ)',
    completed: 'أنهى(ت) التكوين',
    abandoned: 'انقطع(ت)',
  },
  back: 'العودة إلى عروضي',
};

export const en = {
  title: 'Enrolled in the training',
  counts: '{{enrolments}} person(s) enrolled for {{seats}} seat(s).',
  sharedTitle: 'People who agreed to share their contact details with training providers',
  withheld:
    '{{count}} person(s) have not agreed: they are counted, but their name and contact details are not given to you.',
  auditNote: 'Each reading of these names is written to the person’s audit trail.',
  none: 'Nobody shares their contact details yet.',
  name: 'Name',
  phone: 'Phone',
  email: 'E-mail',
  province: 'Province',
  status: 'Where they stand',
  since: 'Enrolled on',
  statuses: {
    chosen: 'Seat held',
    enrolled: 'In training',
    'not-started': 'Did not start',
    completed: 'Training completed',
    abandoned: 'Dropped out',
  },
  back: 'Back to my offers',
};
