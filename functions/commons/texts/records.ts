/** Texts of the records pages, in French (the reference), Arabic and English (see ../messages.ts). */

export const fr = {
  title: 'TODO',
  openRecord: 'Ouvrir la fiche de cette personne',
};

export const ar: typeof fr = {
  title: 'TODO',
  openRecord: 'فتح ملف هذا الشخص',
};

export const en: typeof fr = {
  title: 'TODO',
  openRecord: "Open this person's record",
};
