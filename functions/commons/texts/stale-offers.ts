/**
 * Texts of the email that tells a training provider which of its offers have gone stale (not
 * updated for 90 days), in French (the reference), Arabic and English (see ../messages.ts).
 */

export const fr = {
  subject: 'Kafaat : {{count}} offre(s) de formation à mettre à jour',
  greeting: 'Bonjour {{name}},',
  body: 'Ces offres publiées par {{provider}} n’ont pas été mises à jour depuis {{days}} jours ou plus : le catalogue public les signale désormais « à vérifier ».',
  list: 'Ouvrez chacune, vérifiez ses dates, ses places et son contenu, puis enregistrez-la (même sans changement : cela confirme qu’elle est à jour) :',
  offer: '« {{title}} » ({{offerId}}) : pas mise à jour depuis {{days}} jours',
  once: 'Ce message n’est envoyé qu’une fois par offre ; il reviendra si l’offre, mise à jour, reste ensuite {{days}} jours sans l’être à nouveau.',
};

export const ar = {
  subject: 'كفاءات: {{count}} عرض(عروض) تكوين يحتاج إلى تحيين',
  greeting: 'السلام عليكم {{name}}،',
  body: 'لم تُحيَّن العروض التالية التي نشرها {{provider}} منذ {{days}} يومًا أو أكثر: يشير إليها الدليل العمومي الآن بعبارة «يحتاج إلى تحقق».',
  list: 'افتح كل عرض، وتحقق من تواريخه ومقاعده ومحتواه، ثم احفظه (ولو دون تغيير: فذلك يؤكد أنه محيَّن):',
  offer: '«{{title}}» ({{offerId}}): لم يُحيَّن منذ {{days}} يومًا',
  once: 'لا تُرسل هذه الرسالة إلا مرة واحدة لكل عرض؛ وتُرسل من جديد إذا حُيِّن العرض ثم مرّت {{days}} يومًا دون تحيين آخر.',
};

export const en = {
  subject: 'Kafaat: {{count}} training offer(s) to update',
  greeting: 'Hello {{name}},',
  body: 'These offers published by {{provider}} have not been updated for {{days}} days or more: the public catalogue now flags them "to be checked".',
  list: 'Open each one, check its dates, seats and content, then save it (even unchanged: that confirms it is current):',
  offer: '“{{title}}” ({{offerId}}): not updated for {{days}} days',
  once: 'This message is sent once per offer; it comes again if the offer, once updated, then goes {{days}} days without another update.',
};
