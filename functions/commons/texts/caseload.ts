/** Texts of the caseload pages, in French (the reference), Arabic and English (see ../messages.ts). */

export const fr = {
  title: 'TODO',
};

export const ar: typeof fr = {
  title: 'TODO',
};

export const en: typeof fr = {
  title: 'TODO',
};
