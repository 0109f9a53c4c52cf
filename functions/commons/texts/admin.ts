/** Texts of the admin pages, in French (the reference), Arabic and English (see ../messages.ts). */

export const fr = {
  peopleTitle: 'Personnes et rôles',
  peopleIntro:
    'Toutes les personnes qui travaillent sur les parcours. Un changement de rôle, de région ou d’association prend effet à la prochaine connexion de la personne : son jeton de connexion le porte. Une personne rendue inactive ne peut plus se connecter.',
  personId: 'Identifiant',
  displayName: 'Nom',
  email: 'Adresse e-mail',
  role: 'Rôle',
  region: 'Région',
  association: 'Association',
  partner: 'Organisation partenaire',
  organisation: 'Association ou partenaire',
  language: 'Langue',
  active: 'Actif ou inactif',
  capacity: 'Capacité',
  load: 'Bénéficiaires suivis',
  yes: 'Actif',
  no: 'Inactif',
  national: 'National',
  noAssociation: '— Aucune —',
  noPartner: '— Aucune —',
  providersOf: 'Organismes de formation — {{region}}',
  employersOf: 'Employeurs — {{region}}',
  pendingSetup: 'création inachevée',
  pendingHint:
    'Création inachevée : ajoutez cette personne à nouveau avec exactement les mêmes informations, ou définissez-lui un nouveau mot de passe, pour terminer.',
  changeTitle: 'Modifier une personne',
  change: 'Modifier {{id}}',
  changeSubmit: 'Enregistrer',
  nextSignIn: 'Les changements de rôle, de région et d’association prennent effet à sa prochaine connexion.',
  addTitle: 'Ajouter une personne',
  addIntro:
    'La personne reçoit un identifiant et un mot de passe, affiché une seule fois sur la page suivante : transmettez-le par un moyen sûr.',
  addSubmit: 'Ajouter la personne',
  personIdHint:
    'Lettres capitales, chiffres et traits d’union (par exemple COACH-TTA-3) : c’est l’identifiant de connexion.',
  regionHint: '« National » seulement pour un comité de pilotage ou l’administration.',
  associationHint:
    'Obligatoire pour l’accueil, les accompagnateurs et les superviseurs (une association de la région) ; vide pour les autres rôles.',
  partnerHint:
    'Obligatoire pour un organisme de formation ou un employeur : son organisation, de la région choisie et de ce type ; vide pour les autres rôles (ils n’ont ni association ni capacité).',
  capacityHint:
    'Accompagnateurs seulement : de {{min}} à {{max}} bénéficiaires à la fois ({{default}} si vide).',
  addedTitle: 'Personne ajoutée',
  addedText:
    '{{name}} peut se connecter avec l’identifiant {{id}} et le mot de passe ci-dessous. Il n’est montré qu’une fois et n’est conservé nulle part en clair : notez-le et transmettez-le par un moyen sûr.',
  password: 'Mot de passe',
  backToPeople: 'Retour aux personnes',
  stale:
    '{{id}} a été modifié(e) par quelqu’un d’autre depuis que vous avez ouvert cette page : rien n’a été enregistré. Son formulaire montre maintenant ses valeurs actuelles ; refaites votre modification si elle est toujours utile.',
  newPasswordSubmit: 'Définir un nouveau mot de passe',
  newPasswordHint:
    'Un nouveau mot de passe est créé et affiché une seule fois ; l’ancien ne fonctionne plus. C’est aussi ainsi qu’on remplace un mot de passe perdu.',
  newPasswordTitle: 'Nouveau mot de passe',
  newPasswordText:
    '{{name}} se connecte désormais avec l’identifiant {{id}} et le mot de passe ci-dessous ; l’ancien ne fonctionne plus. Il n’est montré qu’une fois et n’est conservé nulle part en clair : notez-le et transmettez-le par un moyen sûr.',
  alreadyAddedTitle: 'Personne déjà ajoutée',
  alreadyAdded:
    '{{name}} ({{id}}) a déjà été ajouté(e) par ce même formulaire, envoyé deux fois : personne d’autre n’a été ajouté. Son mot de passe a été montré en réponse au premier envoi seulement et ne peut pas l’être à nouveau. S’il est perdu, définissez-lui un nouveau mot de passe ci-dessous.',
  passwordAlreadySetTitle: 'Nouveau mot de passe déjà défini',
  passwordAlreadySet:
    'Ce bouton a déjà défini un nouveau mot de passe pour {{name}} ({{id}}) : il a été envoyé deux fois. Le mot de passe a été montré en réponse au premier envoi seulement et ne peut pas l’être à nouveau. S’il est perdu, définissez-en un autre ci-dessous.',
  setupBusyTitle: 'Création en cours',
  setupBusy:
    'La création de {{name}} ({{id}}) est en cours dans une autre demande, qui affichera son mot de passe : rien n’a été modifié. Réessayez dans une minute.',
  saved:
    '{{id}} : modifications enregistrées. Les changements de rôle, de région et d’association prennent effet à sa prochaine connexion.',
  errorsTitle: 'Rien n’a été enregistré. Corrigez les champs suivants :',
  existsTitle: 'Identifiant déjà pris',
  exists:
    'Une personne porte déjà l’identifiant {{id}} : rien n’a été modifié. Choisissez un autre identifiant.',
  notFoundTitle: 'Personne introuvable',
  notFound: 'Aucune personne ne porte cet identifiant.',
  crossSiteText:
    'Ce formulaire a été envoyé depuis un autre site : rien n’a été enregistré. Ouvrez la page sur Kafaat et recommencez.',
  languages: { fr: 'Français', ar: 'Arabe', en: 'Anglais' },
  referenceTitle: 'Données de référence',
  referenceIntro:
    'Régions, provinces, associations, accompagnateurs, offres de formation et niveaux d’études, tels que la plateforme les utilise.',
  referenceRelease:
    'Ces données font partie du code de Kafaat (functions/domain/reference-data.ts) : elles changent avec une nouvelle version de la plateforme, pas depuis cette page. Seule exception : le nom d’une association, sa supervision et la langue de ses e-mails se modifient ci-dessous. Créer ou retirer une association, ou changer son code ou sa région, reste une nouvelle version. La capacité et la langue d’un accompagnateur se changent sur la page des personnes.',
  regions: 'Régions',
  provinces: 'Provinces et préfectures',
  associations: 'Associations partenaires',
  coaches: 'Accompagnateurs',
  trainingOffers: 'Offres de formation',
  educationLevels: 'Niveaux d’études',
  code: 'Code',
  name: 'Nom',
  supervisor: 'Supervision',
  supervisorEmail: 'E-mail de la supervision',
  province: 'Province',
  sector: 'Secteur',
  seats: 'Places prises / places',
  inactive: 'inactif',
  associationsChangeTitle: 'Modifier une association',
  associationsChangeIntro:
    'Le nom de l’association, sa supervision (la personne prévenue quand une tâche d’accompagnateur reste sans réponse après tous les rappels) et la langue de ces e-mails. Le code et la région ne changent pas ici.',
  changeAssociation: 'Modifier {{code}}',
  associationName: 'Nom de l’association',
  supervisorName: 'Nom de la personne qui supervise',
  supervisorEmailHint:
    'L’adresse où partent les e-mails d’escalade. Elle ne change pas l’adresse de connexion du compte de supervision : celle-ci se change sur la page des personnes.',
  associationLanguage: 'Langue des e-mails d’escalade',
  associationAtOnce:
    'Prend effet immédiatement : le prochain e-mail d’escalade de cette association part à cette adresse, dans cette langue.',
  associationSaved:
    '{{code}} : modifications enregistrées. Elles valent dès maintenant : le prochain e-mail d’escalade part à la supervision indiquée, dans sa langue.',
  associationNotFoundTitle: 'Association introuvable',
  associationNotFound: 'Aucune association ne porte ce code : rien n’a été modifié.',
  backToReference: 'Retour aux données de référence',
  errors: {
    personId:
      'L’identifiant s’écrit en lettres capitales, chiffres et traits d’union, de 2 à 64 caractères (par exemple COACH-TTA-3).',
    role: 'Choisissez un rôle dans la liste.',
    language: 'Choisissez une langue dans la liste.',
    association: 'Choisissez une association dans la liste, ou aucune.',
    regionNational:
      'Seuls un comité de pilotage et l’administration peuvent être nationaux : choisissez une région.',
    associationRequired: 'Ce rôle demande une association de la région choisie.',
    associationOfRegion: 'Cette association n’est pas de la région choisie.',
    associationNone: 'Ce rôle n’a pas d’association : choisissez « Aucune ».',
    partner: 'Choisissez une organisation partenaire dans la liste, ou aucune.',
    partnerRequired:
      'Ce rôle demande une organisation partenaire de la région choisie : un organisme de formation pour un organisme de formation, un employeur pour un employeur.',
    partnerOfKind:
      'Cette organisation n’est pas du type de ce rôle : un organisme de formation travaille pour un organisme de formation, un employeur pour un employeur.',
    partnerOfRegion: 'Cette organisation partenaire n’est pas de la région choisie.',
    partnerNone: 'Ce rôle n’a pas d’organisation partenaire : choisissez « Aucune ».',
    capacity: 'Indiquez une capacité de {{min}} à {{max}}.',
    capacityOnlyCoach: 'Seul un accompagnateur a une capacité : laissez ce champ vide.',
    active: 'Choisissez « Actif » ou « Inactif ».',
    selfChange:
      'Vous ne pouvez ni changer votre propre rôle ni vous rendre inactif : un autre administrateur doit le faire.',
    associationNothing: 'Rien à modifier : indiquez le nom, la supervision, son e-mail ou la langue.',
  },
};

export const ar: typeof fr = {
  peopleTitle: 'الأشخاص والأدوار',
  peopleIntro:
    'جميع الأشخاص الذين يعملون على المسارات. يسري تغيير الدور أو الجهة أو الجمعية عند تسجيل الشخص دخوله في المرة القادمة: رمز الدخول يحمله. الشخص الذي يُجعل غير نشط لا يمكنه تسجيل الدخول بعد ذلك.',
  personId: 'اسم المستخدم',
  displayName: 'الاسم',
  email: 'البريد الإلكتروني',
  role: 'الدور',
  region: 'الجهة',
  association: 'الجمعية',
  partner: 'المؤسسة الشريكة',
  organisation: 'الجمعية أو الشريك',
  language: 'اللغة',
  active: 'نشط أو غير نشط',
  capacity: 'الطاقة الاستيعابية',
  load: 'المستفيدون المتابَعون',
  yes: 'نشط',
  no: 'غير نشط',
  national: 'وطني',
  noAssociation: '— لا شيء —',
  noPartner: '— لا شيء —',
  providersOf: 'مؤسسات التكوين — {{region}}',
  employersOf: 'المشغلون — {{region}}',
  pendingSetup: 'إنشاء غير مكتمل',
  pendingHint:
    'إنشاء غير مكتمل: أضف هذا الشخص مرة أخرى بالمعلومات نفسها تمامًا، أو عيّن له كلمة مرور جديدة، لإتمامه.',
  changeTitle: 'تعديل شخص',
  change: 'تعديل {{id}}',
  changeSubmit: 'حفظ',
  nextSignIn: 'تسري تغييرات الدور والجهة والجمعية عند تسجيل دخوله في المرة القادمة.',
  addTitle: 'إضافة شخص',
  addIntro:
    'يحصل الشخص على اسم مستخدم وكلمة مرور تُعرض مرة واحدة فقط في الصفحة التالية: أبلغه بها بوسيلة آمنة.',
  addSubmit: 'إضافة الشخص',
  personIdHint: 'حروف لاتينية كبيرة وأرقام وشرطات (مثلا COACH-TTA-3): إنه اسم المستخدم عند الدخول.',
  regionHint: '«وطني» فقط للجنة القيادة أو للإدارة.',
  associationHint: 'إلزامية للاستقبال والمرافقين والمشرفين (جمعية من الجهة)؛ فارغة للأدوار الأخرى.',
  partnerHint:
    'إلزامية لمؤسسة التكوين أو المشغل: مؤسسته، من الجهة المختارة ومن هذا النوع؛ فارغة للأدوار الأخرى (لا جمعية لهم ولا طاقة استيعابية).',
  capacityHint: 'للمرافقين فقط: من {{min}} إلى {{max}} مستفيدًا في آن واحد ({{default}} إذا تُركت فارغة).',
  addedTitle: 'تمت إضافة الشخص',
  addedText:
    'يمكن لـ {{name}} تسجيل الدخول باسم المستخدم {{id}} وكلمة المرور أدناه. تُعرض مرة واحدة فقط ولا تُحفظ في أي مكان بشكل مقروء: دوّنها وأبلغها بوسيلة آمنة.',
  password: 'كلمة المرور',
  backToPeople: 'العودة إلى الأشخاص',
  stale:
    'عدّل شخص آخر {{id}} منذ أن فتحت هذه الصفحة: لم يُحفظ أي شيء. يعرض نموذجه الآن قيمه الحالية؛ أعد تعديلك إن كان لا يزال لازمًا.',
  newPasswordSubmit: 'تعيين كلمة مرور جديدة',
  newPasswordHint:
    'تُنشأ كلمة مرور جديدة وتُعرض مرة واحدة فقط؛ ولا تعود القديمة صالحة. وبهذا أيضًا تُعوَّض كلمة مرور ضائعة.',
  newPasswordTitle: 'كلمة مرور جديدة',
  newPasswordText:
    'يسجّل {{name}} الدخول من الآن باسم المستخدم {{id}} وكلمة المرور أدناه؛ ولم تعد القديمة صالحة. تُعرض مرة واحدة فقط ولا تُحفظ في أي مكان بشكل مقروء: دوّنها وأبلغها بوسيلة آمنة.',
  alreadyAddedTitle: 'الشخص مضاف من قبل',
  alreadyAdded:
    'سبقت إضافة {{name}} ({{id}}) بهذا النموذج نفسه الذي أُرسل مرتين: لم يُضَف أحد غيره. عُرضت كلمة مروره في الرد على الإرسال الأول فقط ولا يمكن عرضها مرة أخرى. إن ضاعت، عيّن له كلمة مرور جديدة أدناه.',
  passwordAlreadySetTitle: 'كلمة المرور الجديدة معيّنة من قبل',
  passwordAlreadySet:
    'سبق أن عيّن هذا الزر كلمة مرور جديدة لـ {{name}} ({{id}}): أُرسل مرتين. عُرضت كلمة المرور في الرد على الإرسال الأول فقط ولا يمكن عرضها مرة أخرى. إن ضاعت، عيّن أخرى أدناه.',
  setupBusyTitle: 'الإنشاء جارٍ',
  setupBusy:
    'إنشاء {{name}} ({{id}}) جارٍ في طلب آخر سيعرض كلمة مروره: لم يُغيَّر أي شيء. أعد المحاولة بعد دقيقة.',
  saved: '{{id}}: تم حفظ التعديلات. تسري تغييرات الدور والجهة والجمعية عند تسجيل دخوله في المرة القادمة.',
  errorsTitle: 'لم يُحفظ أي شيء. صحّح الخانات التالية:',
  existsTitle: 'اسم المستخدم مستعمل',
  exists: 'يوجد شخص باسم المستخدم {{id}}: لم يُغيَّر أي شيء. اختر اسم مستخدم آخر.',
  notFoundTitle: 'الشخص غير موجود',
  notFound: 'لا يوجد شخص بهذا الاسم.',
  crossSiteText: 'أُرسل هذا النموذج من موقع آخر: لم يُحفظ أي شيء. افتح الصفحة على كفاءات وأعد المحاولة.',
  languages: { fr: 'الفرنسية', ar: 'العربية', en: 'الإنجليزية' },
  referenceTitle: 'البيانات المرجعية',
  referenceIntro:
    'الجهات والأقاليم والجمعيات والمرافقون وعروض التكوين والمستويات الدراسية كما تستعملها المنصة.',
  referenceRelease:
    'هذه البيانات جزء من شفرة كفاءات (functions/domain/reference-data.ts): تتغير مع إصدار جديد للمنصة، وليس من هذه الصفحة. الاستثناء الوحيد: اسم الجمعية والإشراف فيها ولغة رسائلها تُعدَّل أدناه. أما إنشاء جمعية أو حذفها، أو تغيير رمزها أو جهتها، فيبقى إصدارًا جديدًا. تُغيَّر الطاقة الاستيعابية للمرافق ولغته في صفحة الأشخاص.',
  regions: 'الجهات',
  provinces: 'الأقاليم والعمالات',
  associations: 'الجمعيات الشريكة',
  coaches: 'المرافقون',
  trainingOffers: 'عروض التكوين',
  educationLevels: 'المستويات الدراسية',
  code: 'الرمز',
  name: 'الاسم',
  supervisor: 'الإشراف',
  supervisorEmail: 'البريد الإلكتروني للإشراف',
  province: 'الإقليم',
  sector: 'القطاع',
  seats: 'المقاعد المشغولة / المقاعد',
  inactive: 'غير نشط',
  associationsChangeTitle: 'تعديل جمعية',
  associationsChangeIntro:
    'اسم الجمعية، والإشراف فيها (الشخص الذي يُخبَر عندما تبقى مهمة مرافق دون جواب بعد كل التذكيرات)، ولغة هذه الرسائل. لا يتغير الرمز ولا الجهة من هنا.',
  changeAssociation: 'تعديل {{code}}',
  associationName: 'اسم الجمعية',
  supervisorName: 'اسم المشرف(ة)',
  supervisorEmailHint:
    'العنوان الذي تُرسل إليه رسائل التصعيد. لا يغيّر عنوان دخول حساب الإشراف: يُغيَّر ذلك في صفحة الأشخاص.',
  associationLanguage: 'لغة رسائل التصعيد',
  associationAtOnce: 'يسري فورًا: تُرسل رسالة التصعيد القادمة لهذه الجمعية إلى هذا العنوان وبهذه اللغة.',
  associationSaved:
    '{{code}}: تم حفظ التعديلات. تسري من الآن: تُرسل رسالة التصعيد القادمة إلى الإشراف المذكور وبلغته.',
  associationNotFoundTitle: 'الجمعية غير موجودة',
  associationNotFound: 'لا توجد جمعية بهذا الرمز: لم يُغيَّر أي شيء.',
  backToReference: 'العودة إلى البيانات المرجعية',
  errors: {
    personId: 'يُكتب اسم المستخدم بحروف لاتينية كبيرة وأرقام وشرطات، من 2 إلى 64 حرفًا (مثلا COACH-TTA-3).',
    role: 'اختر دورًا من القائمة.',
    language: 'اختر لغة من القائمة.',
    association: 'اختر جمعية من القائمة، أو لا شيء.',
    regionNational: 'لجنة القيادة والإدارة وحدهما يمكن أن تكونا على المستوى الوطني: اختر جهة.',
    associationRequired: 'يتطلب هذا الدور جمعية من الجهة المختارة.',
    associationOfRegion: 'هذه الجمعية ليست من الجهة المختارة.',
    associationNone: 'هذا الدور بلا جمعية: اختر «لا شيء».',
    partner: 'اختر مؤسسة شريكة من القائمة، أو لا شيء.',
    partnerRequired:
      'يتطلب هذا الدور مؤسسة شريكة من الجهة المختارة: مؤسسة تكوين لمؤسسة التكوين، ومشغّلًا للمشغل.',
    partnerOfKind: 'هذه المؤسسة ليست من نوع هذا الدور: مؤسسة التكوين تعمل لمؤسسة تكوين، والمشغل لمشغّل.',
    partnerOfRegion: 'هذه المؤسسة الشريكة ليست من الجهة المختارة.',
    partnerNone: 'هذا الدور بلا مؤسسة شريكة: اختر «لا شيء».',
    capacity: 'أدخل طاقة استيعابية من {{min}} إلى {{max}}.',
    capacityOnlyCoach: 'المرافق وحده له طاقة استيعابية: اترك هذه الخانة فارغة.',
    active: 'اختر «نشط» أو «غير نشط».',
    selfChange: 'لا يمكنك تغيير دورك ولا جعل نفسك غير نشط: على مسؤول آخر أن يقوم بذلك.',
    associationNothing: 'لا شيء للتعديل: أدخل الاسم أو الإشراف أو بريده الإلكتروني أو اللغة.',
  },
};

export const en: typeof fr = {
  peopleTitle: 'People and roles',
  peopleIntro:
    'Everyone who works the journeys. A change of role, region or association takes effect at the person’s next sign-in: their sign-in token carries it. A person made inactive can no longer sign in.',
  personId: 'User name',
  displayName: 'Name',
  email: 'E-mail address',
  role: 'Role',
  region: 'Region',
  association: 'Association',
  partner: 'Partner organisation',
  organisation: 'Association or partner',
  language: 'Language',
  active: 'Active or inactive',
  capacity: 'Capacity',
  load: 'Beneficiaries followed',
  yes: 'Active',
  no: 'Inactive',
  national: 'National',
  noAssociation: '— None —',
  noPartner: '— None —',
  providersOf: 'Training providers — {{region}}',
  employersOf: 'Employers — {{region}}',
  pendingSetup: 'setup not finished',
  pendingHint:
    'Setup not finished: add this person again with exactly the same details, or set them a new password, to finish it.',
  changeTitle: 'Change a person',
  change: 'Change {{id}}',
  changeSubmit: 'Save',
  nextSignIn: 'Changes of role, region and association take effect at their next sign-in.',
  addTitle: 'Add a person',
  addIntro:
    'The person gets a user name and a password, shown only once on the next page: hand it over by a safe means.',
  addSubmit: 'Add the person',
  personIdHint: 'Capital letters, digits and hyphens (for example COACH-TTA-3): it is their user name.',
  regionHint: '“National” only for a governance board or the administration.',
  associationHint:
    'Required for intake staff, coaches and supervisors (an association of the region); empty for the other roles.',
  partnerHint:
    'Required for a training provider or an employer: their organisation, of the chosen region and of that kind; empty for the other roles (they have no association and no capacity).',
  capacityHint: 'Coaches only: {{min}} to {{max}} beneficiaries at once ({{default}} if empty).',
  addedTitle: 'Person added',
  addedText:
    '{{name}} can sign in with the user name {{id}} and the password below. It is shown only once and kept nowhere in clear: write it down and hand it over by a safe means.',
  password: 'Password',
  backToPeople: 'Back to people',
  stale:
    '{{id}} was changed by someone else since you opened this page: nothing was saved. Their form now shows their current values; make your change again if it is still needed.',
  newPasswordSubmit: 'Set a new password',
  newPasswordHint:
    'A new password is made and shown only once; the old one stops working. This is also how a lost password is replaced.',
  newPasswordTitle: 'New password',
  newPasswordText:
    '{{name}} now signs in with the user name {{id}} and the password below; the old one no longer works. It is shown only once and kept nowhere in clear: write it down and hand it over by a safe means.',
  alreadyAddedTitle: 'Person already added',
  alreadyAdded:
    '{{name}} ({{id}}) was already added by this same form, sent twice: nobody else was added. Their password was shown in the answer to the first sending only, and cannot be shown again. If it is lost, set them a new password below.',
  passwordAlreadySetTitle: 'New password already set',
  passwordAlreadySet:
    'This button already set a new password for {{name}} ({{id}}): it was sent twice. The password was shown in the answer to the first sending only, and cannot be shown again. If it is lost, set another one below.',
  setupBusyTitle: 'Setup under way',
  setupBusy:
    '{{name}} ({{id}}) is being set up by another request, which will show their password: nothing was changed. Try again in a minute.',
  saved: '{{id}}: changes saved. Changes of role, region and association take effect at their next sign-in.',
  errorsTitle: 'Nothing was saved. Correct the following fields:',
  existsTitle: 'User name taken',
  exists: 'Someone already has the user name {{id}}: nothing was changed. Choose another user name.',
  notFoundTitle: 'Person not found',
  notFound: 'No one has this user name.',
  crossSiteText:
    'This form was sent from another site: nothing was saved. Open the page on Kafaat and try again.',
  languages: { fr: 'French', ar: 'Arabic', en: 'English' },
  referenceTitle: 'Reference data',
  referenceIntro:
    'Regions, provinces, associations, coaches, training offers and education levels, as the platform uses them.',
  referenceRelease:
    'These data are part of Kafaat’s code (functions/domain/reference-data.ts): they change with a new release of the platform, not from this page. The one exception: an association’s name, its supervisor and the language of its e-mails are changed below. Creating or removing an association, or changing its code or region, is still a release. A coach’s capacity and language are changed on the people page.',
  regions: 'Regions',
  provinces: 'Provinces and prefectures',
  associations: 'Partner associations',
  coaches: 'Coaches',
  trainingOffers: 'Training offers',
  educationLevels: 'Education levels',
  code: 'Code',
  name: 'Name',
  supervisor: 'Supervision',
  supervisorEmail: 'Supervision e-mail',
  province: 'Province',
  sector: 'Sector',
  seats: 'Seats taken / seats',
  inactive: 'inactive',
  associationsChangeTitle: 'Change an association',
  associationsChangeIntro:
    'The association’s name, its supervisor (who is told when a coach’s task stays unanswered through every reminder) and the language of those e-mails. The code and region do not change here.',
  changeAssociation: 'Change {{code}}',
  associationName: 'Association name',
  supervisorName: 'Supervisor’s name',
  supervisorEmailHint:
    'Where escalation e-mails go. It does not change the supervisor’s sign-in address: that is changed on the people page.',
  associationLanguage: 'Language of escalation e-mails',
  associationAtOnce:
    'Takes effect at once: the association’s next escalation e-mail goes to this address, in this language.',
  associationSaved:
    '{{code}}: changes saved. They hold from now on: the next escalation e-mail goes to the supervisor given, in their language.',
  associationNotFoundTitle: 'Association not found',
  associationNotFound: 'No association has this code: nothing was changed.',
  backToReference: 'Back to the reference data',
  errors: {
    personId:
      'The user name is written in capital letters, digits and hyphens, 2 to 64 characters (for example COACH-TTA-3).',
    role: 'Choose a role from the list.',
    language: 'Choose a language from the list.',
    association: 'Choose an association from the list, or none.',
    regionNational: 'Only a governance board and the administration can be national: choose a region.',
    associationRequired: 'This role needs an association of the chosen region.',
    associationOfRegion: 'This association is not of the chosen region.',
    associationNone: 'This role has no association: choose “None”.',
    partner: 'Choose a partner organisation from the list, or none.',
    partnerRequired:
      'This role needs a partner organisation of the chosen region: a training provider for a training provider, an employer for an employer.',
    partnerOfKind:
      'This organisation is not of this role’s kind: a training provider works for a training provider, an employer for an employer.',
    partnerOfRegion: 'This partner organisation is not of the chosen region.',
    partnerNone: 'This role has no partner organisation: choose “None”.',
    capacity: 'Give a capacity from {{min}} to {{max}}.',
    capacityOnlyCoach: 'Only a coach has a capacity: leave this field empty.',
    active: 'Choose “Active” or “Inactive”.',
    selfChange:
      'You cannot change your own role or make yourself inactive: another administrator must do it.',
    associationNothing: 'Nothing to change: give the name, the supervisor, their e-mail or the language.',
  },
};
