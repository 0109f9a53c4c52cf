/**
 * Translations through i18next: French first, then Arabic (right to left) and English.
 * The language comes from `?lang=`, else the browser's Accept-Language, else French.
 */
import i18next, { type TFunction } from 'i18next';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ar, en, fr } from './messages';
import { header } from './http';
import type { Lang } from '../domain/reference-data';

export const languages: readonly Lang[] = ['fr', 'ar', 'en'];

const i18n = i18next.createInstance();
void i18n.init({
  resources: { fr: { translation: fr }, ar: { translation: ar }, en: { translation: en } },
  lng: 'fr',
  fallbackLng: 'fr',
  supportedLngs: [...languages],
  initAsync: false,
  interpolation: { escapeValue: false },
});

export type Translate = TFunction;

export function translator(lang: Lang): Translate {
  return i18n.getFixedT(lang);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function languageOf(event: APIGatewayProxyEventV2): Lang {
  const asked = event.queryStringParameters?.lang;
  if (isLang(asked)) return asked;
  // Accept-Language: languages by preference (q), the ones refused (q=0) left out.
  const accepted = (header(event, 'accept-language') ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((p) => p.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { code: tag.slice(0, 2).toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return accepted.map((entry) => entry.code).find(isLang) ?? 'fr';
}

export function direction(lang: Lang): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}
