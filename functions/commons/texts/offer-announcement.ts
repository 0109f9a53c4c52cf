/**
 * Texts of the email that tells a coach a new training offer suits beneficiaries of theirs who
 * wait for a training, in French (the reference), Arabic and English (see ../messages.ts).
 */

export const fr = {
  subject: 'Nouvelle formation pour des bénéficiaires que vous accompagnez ({{count}}) : {{title}}',
  greeting: 'Bonjour {{name}},',
  body: '{{provider}} vient de publier une formation qui correspond à la région, au secteur et au niveau de bénéficiaires qui attendent une formation avec vous :',
  offer: '« {{title}} », {{province}}, du {{start}} au {{end}}, {{seats}} place(s) libre(s).',
  list: 'Bénéficiaires concernés (chaque lien ouvre le choix de formation, où cette offre figure désormais) :',
  action: 'Les places partent vite : choisissez la formation dès que la personne est d’accord.',
};

export const ar = {
  subject: 'تكوين جديد لمستفيدين ترافقهم ({{count}}): {{title}}',
  greeting: 'السلام عليكم {{name}}،',
  body: 'نشر {{provider}} للتو تكويناً يوافق جهة وقطاع ومستوى مستفيدين ينتظرون تكويناً معك:',
  offer: '«{{title}}»، {{province}}، من {{start}} إلى {{end}}، {{seats}} مقعد(مقاعد) شاغر(ة).',
  list: 'المستفيدون المعنيون (كل رابط يفتح اختيار التكوين، حيث يظهر هذا العرض الآن):',
  action: 'المقاعد تُشغل بسرعة: اختر التكوين بمجرد موافقة الشخص.',
};

export const en = {
  subject: 'New training for beneficiaries you accompany ({{count}}): {{title}}',
  greeting: 'Hello {{name}},',
  body: '{{provider}} has just published a training that suits the region, sector and level of beneficiaries waiting for a training with you:',
  offer: '“{{title}}”, {{province}}, from {{start}} to {{end}}, {{seats}} open seat(s).',
  list: 'Beneficiaries concerned (each link opens the training choice, where this offer now appears):',
  action: 'Seats go fast: choose the training as soon as the person agrees.',
};
