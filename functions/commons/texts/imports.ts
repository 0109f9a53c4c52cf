/**
 * What a CSV import says of a file, a row or a cell, in French (the reference), Arabic and English:
 * one text per key of `importMessages` (functions/domain/csv-import.ts), with the same values.
 * Every partner's import page (training offers, labour needs) says its report with them.
 */
import { importMessages, type ImportMessageKey } from '../../domain/csv-import';

export const fr: Record<ImportMessageKey, string> = {
  csvTooLarge:
    'Le fichier est trop volumineux ({{size}} octets) : {{max}} octets au plus. Découpez-le en plusieurs fichiers.',
  csvEncoding:
    'Le fichier n’est pas un texte UTF-8. Dans votre tableur, enregistrez-le au format « CSV UTF-8 » et importez-le à nouveau.',
  csvUtf16:
    'Le fichier est enregistré en UTF-16 (« Texte Unicode »). Dans votre tableur, enregistrez-le au format « CSV UTF-8 » et importez-le à nouveau.',
  csvEmpty:
    'Le fichier est vide : il doit commencer par une ligne d’en-tête qui nomme les colonnes, puis une ligne par entrée.',
  csvNoRows: 'Le fichier a un en-tête mais aucune entrée : ajoutez une ligne par entrée sous l’en-tête.',
  csvTooManyRows:
    'Le fichier compte {{rows}} entrées : {{max}} au plus peuvent être importées à la fois. Découpez-le.',
  csvMalformed: 'Le fichier n’a pas pu être lu comme un CSV vers la ligne {{line}} : {{reason}}',
  csvMissingColumns: 'Il manque à l’en-tête la ou les colonnes obligatoires : {{columns}}.',
  csvUnknownColumns:
    'L’en-tête contient des colonnes que cet import ne connaît pas : {{columns}}. Colonnes attendues : {{expected}}.',
  csvDuplicateColumns: 'L’en-tête nomme plusieurs fois la même colonne : {{columns}}.',
  csvUnnamedColumn: 'La colonne {{column}} contient des valeurs mais n’a pas de nom dans l’en-tête.',
  csvFieldCount:
    'La ligne {{row}} a {{found}} champs alors que l’en-tête en a {{expected}} : vérifiez les séparateurs et les guillemets de cette ligne.',
  required: 'Obligatoire : ne doit pas être vide.',
  textTooLong: 'Doit compter au plus {{max}} caractères.',
  textInvisible:
    'Contient des caractères de contrôle ou invisibles (souvent venus d’un copier-coller) : tapez le texte à nouveau, {{max}} caractères au plus.',
  encoding: 'Contient des caractères illisibles (U+FFFD) : tapez le texte à nouveau.',
  csvDate:
    'Doit être une date qui existe, écrite AAAA-MM-JJ (par exemple 2027-03-15) ou JJ/MM/AAAA (par exemple 15/03/2027).',
  dateOrder: 'Doit être le même jour que la date de début ({{start}}) ou après.',
  wholeNumber: 'Doit être un nombre entier de {{min}} à {{max}}.',
  oneOf: 'Doit être l’un de ces codes : {{codes}}.',
  listOf: 'Doit être un ou plusieurs de ces codes : {{codes}}, séparés par « | », chacun une seule fois.',
  provinceOfRegion: 'Doit être une province de la région {{region}} : {{provinces}}.',
  idFormat:
    'Doit compter de 3 à 40 lettres majuscules, chiffres ou tirets (par exemple « {{example}} »), ou rester vide pour un identifiant tiré de la ligne.',
  csvDuplicateId:
    'La ou les lignes {{rows}} ont le même {{column}} : chaque entrée une seule fois par fichier.',
  invalid: 'Valeur non valide.',
  csvDuplicateRow:
    'La ou les lignes {{rows}} ont les mêmes {{columns}} : la même entrée deux fois. Gardez-en une, ou donnez à chacune son propre {{column}}.',
};

export const ar: typeof fr = {
  csvTooLarge: 'الملف كبير جدًا ({{size}} بايت): {{max}} بايت على الأكثر. قسّمه إلى عدة ملفات.',
  csvEncoding: 'الملف ليس نصًا بترميز UTF-8. في برنامج الجداول، احفظه بصيغة «CSV UTF-8» ثم استورده من جديد.',
  csvUtf16:
    'الملف محفوظ بترميز UTF-16 («نص Unicode»). في برنامج الجداول، احفظه بصيغة «CSV UTF-8» ثم استورده من جديد.',
  csvEmpty: 'الملف فارغ: يجب أن يبدأ بسطر عناوين يسمّي الأعمدة، ثم سطر لكل عنصر.',
  csvNoRows: 'في الملف سطر عناوين دون أي عنصر: أضف سطرًا لكل عنصر تحت سطر العناوين.',
  csvTooManyRows: 'يضم الملف {{rows}} عنصرًا: لا يمكن استيراد أكثر من {{max}} دفعة واحدة. قسّمه.',
  csvMalformed: 'تعذّرت قراءة الملف بصيغة CSV قرب السطر {{line}}: {{reason}}',
  csvMissingColumns: 'ينقص سطرَ العناوين العمودُ أو الأعمدة الإلزامية: {{columns}}.',
  csvUnknownColumns:
    'في سطر العناوين أعمدة لا يعرفها هذا الاستيراد: {{columns}}. الأعمدة المنتظرة: {{expected}}.',
  csvDuplicateColumns: 'يسمّي سطر العناوين العمود نفسه أكثر من مرة: {{columns}}.',
  csvUnnamedColumn: 'في العمود {{column}} قيم لكن ليس له اسم في سطر العناوين.',
  csvFieldCount:
    'في السطر {{row}} عدد {{found}} من الحقول بينما في سطر العناوين {{expected}}: تحقّق من الفواصل وعلامات الاقتباس في هذا السطر.',
  required: 'إلزامي: لا يجوز أن يبقى فارغًا.',
  textTooLong: 'يجب ألا يتجاوز {{max}} حرفًا.',
  textInvisible:
    'يحتوي على رموز تحكّم أو رموز غير مرئية (غالبًا من النسخ واللصق): اكتب النص من جديد، {{max}} حرفًا على الأكثر.',
  encoding: 'يحتوي على رموز غير مقروءة (U+FFFD): اكتب النص من جديد.',
  csvDate: 'يجب أن يكون تاريخًا موجودًا، مكتوبًا YYYY-MM-DD (مثلًا 2027-03-15) أو DD/MM/YYYY (مثلًا 15/03/2027).',
  dateOrder: 'يجب أن يكون في يوم تاريخ البداية ({{start}}) أو بعده.',
  wholeNumber: 'يجب أن يكون عددًا صحيحًا من {{min}} إلى {{max}}.',
  oneOf: 'يجب أن يكون أحد هذه الرموز: {{codes}}.',
  listOf: 'يجب أن يكون رمزًا أو أكثر من: {{codes}}، تفصل بينها «|»، كل رمز مرة واحدة.',
  provinceOfRegion: 'يجب أن يكون إقليمًا من جهة {{region}}: {{provinces}}.',
  idFormat:
    'يجب أن يتكوّن من 3 إلى 40 حرفًا لاتينيًا كبيرًا أو رقمًا أو شرطة (مثلًا «{{example}}»)، أو أن يبقى فارغًا ليُستخرج المعرّف من السطر.',
  csvDuplicateId: 'للسطر أو الأسطر {{rows}} نفس {{column}}: كل عنصر مرة واحدة في الملف.',
  invalid: 'قيمة غير صالحة.',
  csvDuplicateRow:
    'للسطر أو الأسطر {{rows}} نفس {{columns}}: العنصر نفسه مرتين. احتفظ بواحد، أو أعطِ كل واحد {{column}} خاصًا به.',
};

/** The English is the domain's own wording (functions/domain/csv-import.ts): one place for it. */
export const en: typeof fr = { ...importMessages };
