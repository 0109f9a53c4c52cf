/**
 * Texts of the coach queue's email to an association's supervisor, in French (the reference),
 * Arabic and English (see ../messages.ts).
 */

export const fr = {
  subject: 'En attente d’un accompagnateur : dossier {{reference}}',
  greeting: 'Bonjour {{name}},',
  body: 'Un parcours de votre association attend un accompagnateur depuis le {{date}} : tous les accompagnateurs de la région ont atteint leur capacité. Référence du dossier : {{reference}}.',
  action:
    'Il reprendra de lui-même dès qu’une place se libère (un parcours se termine, ou la capacité d’un accompagnateur est relevée par l’administration). Sans place dans les {{days}} jours, il se termine.',
};

export const ar = {
  subject: 'في انتظار مرافق: الملف {{reference}}',
  greeting: 'السلام عليكم {{name}}،',
  body: 'مسار من جمعيتكم ينتظر مرافقاً منذ {{date}}: جميع مرافقي الجهة بلغوا طاقتهم القصوى. مرجع الملف: {{reference}}.',
  action:
    'سيستأنف المسار تلقائياً فور تحرر مكان (انتهاء مسار، أو رفع الإدارة لطاقة أحد المرافقين). إذا لم يتحرر مكان خلال {{days}} يوماً، ينتهي المسار.',
};

export const en = {
  subject: 'Waiting for a coach: file {{reference}}',
  greeting: 'Hello {{name}},',
  body: 'A journey of your association has been waiting for a coach since {{date}}: every coach of the region is at capacity. File reference: {{reference}}.',
  action:
    'It resumes by itself as soon as a place frees up (a journey ends, or an administrator raises a coach’s capacity). Without a place within {{days}} days, it ends.',
};
