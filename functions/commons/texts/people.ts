/**
 * Texts of signing in, the navigation of signed-in people and the refusals, in French (the
 * reference), Arabic and English (see ../messages.ts).
 */

export const fr = {
  signInTitle: 'Se connecter',
  signInIntro: 'Connectez-vous avec l’identifiant et le mot de passe que votre administration vous a donnés.',
  userName: 'Identifiant',
  password: 'Mot de passe',
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  signedInAs: 'Connecté·e : {{name}} ({{role}})',
  badCredentials: 'Identifiant ou mot de passe incorrect, ou compte désactivé.',
  signInUnavailable: 'La connexion est momentanément indisponible. Réessayez dans un instant.',
  forbiddenTitle: 'Accès refusé',
  forbiddenText:
    'Votre rôle ({{role}}) ne permet pas d’ouvrir cette page, ou ce dossier ne relève pas de votre périmètre. Rien n’a été lu ni modifié.',
  home: 'Accueil',
  navIntake: 'Nouvelle fiche d’accueil',
  navBeneficiaries: 'Bénéficiaires',
  navCaseload: 'Mes bénéficiaires',
  navSupervision: 'Supervision',
  navDashboard: 'Tableau de bord',
  navPeople: 'Personnes et rôles',
  navReference: 'Données de référence',
  roles: {
    'intake-worker': 'accueil',
    coach: 'accompagnateur·rice',
    supervisor: 'superviseur·e',
    governance: 'comité de pilotage',
    admin: 'administration',
  },
};

export const ar: typeof fr = {
  signInTitle: 'تسجيل الدخول',
  signInIntro: 'سجّل الدخول باسم المستخدم وكلمة المرور اللذين قدّمتهما لك الإدارة.',
  userName: 'اسم المستخدم',
  password: 'كلمة المرور',
  signIn: 'دخول',
  signOut: 'تسجيل الخروج',
  signedInAs: 'متصل(ة): {{name}} ({{role}})',
  badCredentials: 'اسم المستخدم أو كلمة المرور غير صحيحة، أو الحساب معطّل.',
  signInUnavailable: 'تسجيل الدخول غير متاح مؤقتًا. أعد المحاولة بعد لحظات.',
  forbiddenTitle: 'الدخول مرفوض',
  forbiddenText:
    'دورك ({{role}}) لا يسمح بفتح هذه الصفحة، أو هذا الملف خارج نطاقك. لم تتم قراءة أو تعديل أي شيء.',
  home: 'الرئيسية',
  navIntake: 'بطاقة استقبال جديدة',
  navBeneficiaries: 'المستفيدون',
  navCaseload: 'المستفيدون الذين أرافقهم',
  navSupervision: 'الإشراف',
  navDashboard: 'لوحة القيادة',
  navPeople: 'الأشخاص والأدوار',
  navReference: 'البيانات المرجعية',
  roles: {
    'intake-worker': 'الاستقبال',
    coach: 'مرافق(ة)',
    supervisor: 'مشرف(ة)',
    governance: 'لجنة القيادة',
    admin: 'الإدارة',
  },
};

export const en: typeof fr = {
  signInTitle: 'Sign in',
  signInIntro: 'Sign in with the user name and password your administrator gave you.',
  userName: 'User name',
  password: 'Password',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in: {{name}} ({{role}})',
  badCredentials: 'Wrong user name or password, or the account is disabled.',
  signInUnavailable: 'Signing in is unavailable for a moment. Try again shortly.',
  forbiddenTitle: 'Access refused',
  forbiddenText:
    'Your role ({{role}}) may not open this page, or this record is outside your scope. Nothing was read or changed.',
  home: 'Home',
  navIntake: 'New intake form',
  navBeneficiaries: 'Beneficiaries',
  navCaseload: 'My caseload',
  navSupervision: 'Supervision',
  navDashboard: 'Dashboard',
  navPeople: 'People and roles',
  navReference: 'Reference data',
  roles: {
    'intake-worker': 'intake',
    coach: 'coach',
    supervisor: 'supervisor',
    governance: 'governance board',
    admin: 'administration',
  },
};
