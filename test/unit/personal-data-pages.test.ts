/**
 * The pages of a person's data rights: the record page's withdrawal form (for the coach and the
 * supervisor, not the intake worker), the erased record ("erased on", no field of the person), and
 * the export page, each in French, Arabic and English.
 */
import type { Principal } from '../../functions/domain/access';
import type { Beneficiary } from '../../functions/commons/beneficiaries';
import { beneficiaryRecordPage } from '../../functions/views/beneficiary-records';
import { exportPage } from '../../functions/views/personal-data-export';

const supervisor: Principal = {
  personId: 'SUPERVISOR-ASSO-TNG-1',
  displayName: 'Nadia',
  role: 'supervisor',
  region: 'TTA',
  association: 'ASSO-TNG-1',
};
const intakeWorker: Principal = { ...supervisor, personId: 'INTAKE-ASSO-TNG-1', role: 'intake-worker' };

const record = {
  beneficiaryId: 'b-123',
  firstName: 'Amina',
  lastName: 'Tazi',
  sex: 'F',
  birthYear: 1999,
  region: 'TTA',
  province: 'TNG',
  phone: '0612345678',
  educationLevel: 'baccalaureate',
  consent: true,
  association: 'ASSO-TNG-1',
  coachId: 'COACH-TTA-1',
  createdAt: '2026-01-10T09:00:00.000Z',
  stage: 'coach-assigned',
} as Beneficiary;

const erased = {
  beneficiaryId: 'b-123',
  sex: 'F',
  region: 'TTA',
  province: 'TNG',
  educationLevel: 'baccalaureate',
  association: 'ASSO-TNG-1',
  createdAt: '2026-01-10T09:00:00.000Z',
  stage: 'dropout',
  consentWithdrawal: {
    on: '2026-02-14',
    recordedBy: 'COACH-TTA-1',
    role: 'coach',
    recordedAt: '2026-02-14T10:00:00Z',
  },
  erasure: { startedAt: '2026-02-14T10:00:01Z', by: 'COACH-TTA-1', role: 'coach' },
  erasedAt: '2026-02-14T10:00:01Z',
} as unknown as Beneficiary;

const now = new Date('2026-03-01T12:00:00Z');

test.each([
  ['fr', 'Retrait du consentement'],
  ['ar', 'سحب الموافقة'],
  ['en', 'Withdrawal of consent'],
] as const)('the supervisor gets the withdrawal form with its confirmation box (%s)', (lang, title) => {
  const page = beneficiaryRecordPage(lang, { principal: supervisor, record, version: 0, now });
  expect(page).toContain(title);
  expect(page).toContain(`action="/beneficiaries/b-123/consent-withdrawal?lang=${lang}"`);
  expect(page).toContain('name="confirm" value="yes"');
  expect(page).toContain(`href="/beneficiaries/b-123/export?lang=${lang}"`);
});

test('the intake worker gets neither the withdrawal form nor the export', () => {
  const page = beneficiaryRecordPage('fr', { principal: intakeWorker, record, version: 0, now });
  expect(page).not.toContain('consent-withdrawal');
  expect(page).not.toContain('/export');
});

test('a withdrawal refused shows the reason on its field', () => {
  const page = beneficiaryRecordPage('en', {
    principal: supervisor,
    record,
    version: 0,
    now,
    withdrawal: {
      values: { date: '2026-02-14' },
      errors: [{ field: 'confirm', message: 'x', key: 'withdrawalConfirm' }],
    },
  });
  expect(page).toContain('Tick the box to confirm');
  expect(page).toContain('value="2026-02-14"');
  expect(page).toContain('aria-invalid="true"');
});

test.each([
  ['fr', 'Effacées le'],
  ['ar', 'مُحيت في'],
  ['en', 'Erased on'],
] as const)('an erased record says when and by whom, and shows no form (%s)', (lang, erasedOn) => {
  const page = beneficiaryRecordPage(lang, { principal: supervisor, record: erased, version: 0, now });
  expect(page).toContain(erasedOn);
  expect(page).toContain('COACH-TTA-1');
  expect(page).not.toContain('consent-withdrawal');
  expect(page).not.toContain('undefined');
  expect(page).not.toContain('action="/beneficiaries/b-123?');
  expect(page).not.toContain('/reassign');
});

test('the export page shows every part, escapes what it shows, and says what remains once erased', () => {
  const data = {
    generatedAt: '2026-03-01T12:00:00Z',
    generatedBy: 'SUPERVISOR-ASSO-TNG-1',
    beneficiaryId: 'b-123',
    record: { firstName: '<script>alert(1)</script>', region: 'TTA' },
    consents: { programme: true },
    journeyEvents: [{ eventId: 'stage#intake', stage: 'intake', occurredAt: '2026-01-10T09:00:00Z' }],
    tasks: [
      {
        taskType: 'initial-interview',
        status: 'delivered',
        createdAt: '2026-01-10T09:01:00Z',
        answers: { goals: 'Port' },
      },
    ],
    caseNotes: [
      {
        at: '2026-01-11T09:00:00Z',
        personId: 'COACH-TTA-1',
        authorName: 'Samira',
        text: '',
        erasedAt: '2026-02-14',
      },
    ],
    auditTrail: [
      { at: '2026-03-01T12:00:00Z', personId: 'SUPERVISOR-ASSO-TNG-1', role: 'supervisor', action: 'export' },
    ],
  };
  const page = exportPage('en', supervisor, data);
  for (const part of [
    'Record',
    'Consents',
    'Journey stages',
    'Coach tasks and answers',
    'Case-file notes',
    'Audit trail',
  ])
    expect(page).toContain(part);
  expect(page).not.toContain('<script>alert(1)</script>');
  expect(page).toContain('(text erased)');
  // Fields read in the reader's words, with the stored name a data-protection officer looks for.
  expect(page).toContain('<td dir="auto">First name (firstName)</td>');
  expect(exportPage('fr', supervisor, data)).toContain('<td dir="auto">Région (region)</td>');
  const erasedPage = exportPage('ar', supervisor, {
    ...data,
    erased: { on: '2026-02-14T10:00:01Z', by: 'retention', remains: '…' },
  });
  expect(erasedPage).toContain('مُحيت البيانات الشخصية لهذا الشخص');
  expect(erasedPage).toContain('dir="rtl"');
});
