/**
 * The coaching journey's recording steps ("Record No-Show", "Record Interview", "Record Coaching
 * Session", "Record Consent", "Take A Training Seat", "Record Enrolment", "Record Training
 * Completion", "Record Dropout"): each reads the coach's full answer from the task (the workflow
 * only carries the decisions, never free text), writes what it means on the beneficiary's record,
 * writes the step's journey event (once: its id is the step and its occurrence), marks the answer
 * delivered, and returns where the journey stands now. Redone after a crash, each converges.
 */
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { requireBeneficiary, type Beneficiary, type TrainingRecord } from './commons/beneficiaries';
import { getTask, markDelivered } from './commons/coach-tasks';
import { recordStage } from './commons/journeys';
import { closeOpenTasks, freeCoachPlace } from './commons/journey-end';
import { releaseSeat, takeSeat } from './commons/training-offers';
import {
  coachingPhaseOver,
  CONSENT_TEXT_VERSION,
  dropoutReasons,
  hasConsent,
  journeyStartOf,
  planFromInterview,
  planWithProgress,
  type DropoutReason,
} from './domain/coaching';
import { journeyEvent, type EventFacts, type Stage } from './domain/journey-events';
import type { TaskType } from './domain/coach-task';
import {
  StepInputMismatch,
  parseStepInput,
  recordCoachingStepInput,
  type Journey,
  type RecordCoachingStepInput,
} from './domain/step-inputs';

const timeScale = Number(process.env.TIME_SCALE ?? '1') || 1;

export const handler = instrumented(async (event: unknown, _context: Context): Promise<Journey | null> => {
  const input = parseStepInput(recordCoachingStepInput, event, 'Record Coaching Step');
  const now = new Date();
  const beneficiary = await requireBeneficiary(input.beneficiaryId);
  const answers = input.taskId ? ((await getTask(input.taskId))?.answers ?? {}) : {};
  const step = new Step(input, beneficiary, answers, now);
  const journey = await step.record();
  if (input.taskId) await markDelivered(input.taskId, now);
  metrics.addDimension('step', input.kind);
  metrics.addMetric('JourneyStepRecorded', MetricUnit.Count, 1);
  logger.info('Journey step recorded', { beneficiaryId: input.beneficiaryId, kind: input.kind });
  return journey;
});

/** One recording: the answer, the record and the journey it moves on. */
class Step {
  public constructor(
    private readonly input: RecordCoachingStepInput,
    private readonly beneficiary: Beneficiary,
    private readonly answers: Record<string, unknown>,
    private readonly now: Date,
  ) {}

  public async record(): Promise<Journey | null> {
    switch (this.input.kind) {
      case 'no-show':
        return this.noShow();
      case 'interview':
        return this.interview();
      case 'coaching-session':
        return this.session();
      case 'consent':
        return this.consent();
      case 'training-seat':
        return this.trainingSeat();
      case 'training-enrolment':
        return this.enrolment();
      case 'training-completion':
        return this.completion();
      case 'dropout':
        return this.dropout();
    }
  }

  private get journey(): Journey {
    if (!this.input.journey) throw new StepInputMismatch(`${this.input.kind} needs the journey`);
    return this.input.journey;
  }

  private event(stage: Stage, facts: EventFacts = {}) {
    return journeyEvent(this.input.beneficiaryId, stage, this.input.dimensions, this.now, facts);
  }

  /** The journey as the next step sees it: reminders reset, the coaching phase and consent re-read. */
  private next(changes: Partial<Journey>, waiting: TaskType, consents = this.beneficiary.consents): Journey {
    const journey = { ...this.journey, ...changes };
    return {
      ...journey,
      phaseOver: coachingPhaseOver(
        journeyStartOf(this.beneficiary),
        this.now,
        { sessions: journey.sessions - 1, trainings: journey.trainings - 1 },
        timeScale,
      ),
      trainingConsent: hasConsent(consents, 'training-providers'),
      reminder: { count: 0, waiting },
    };
  }

  private async noShow(): Promise<Journey> {
    const { noShows, interviews } = this.journey;
    await recordStage(this.event('no-show', { occurrence: noShows + 1 }));
    return this.next({ noShows: noShows + 1, interviews: interviews + 1 }, 'initial-interview');
  }

  private async interview(): Promise<Journey> {
    // The plan agreed is kept as first written: a redelivery or a retry changes nothing.
    await recordStage(this.event('interviewed'), { plan: planFromInterview(this.answers) }, true);
    return this.next({}, 'coaching-session');
  }

  private async session(): Promise<Journey> {
    const { sessions } = this.journey;
    const plan = this.beneficiary.plan ? planWithProgress(this.beneficiary.plan, this.answers) : undefined;
    await recordStage(this.event('coaching-session', { occurrence: sessions }), {
      ...(plan ? { plan } : {}),
      sessionsHeld: sessions,
      ...(typeof this.answers.sessionDate === 'string' ? { lastSessionOn: this.answers.sessionDate } : {}),
    });
    return this.next({ sessions: sessions + 1 }, 'coaching-session');
  }

  private async consent(): Promise<Journey> {
    const given = this.answers.consentGiven === 'yes';
    const consents = {
      ...this.beneficiary.consents,
      'training-providers': {
        given,
        date:
          typeof this.answers.consentDate === 'string'
            ? this.answers.consentDate
            : this.now.toISOString().slice(0, 10),
        textVersion: CONSENT_TEXT_VERSION,
        recordedBy: this.journey.coachId,
      },
    };
    await recordStage(
      this.event(given ? 'consent-given' : 'consent-refused', { occurrence: this.journey.trainings }),
      {
        consents,
      },
    );
    return this.next({}, 'training-choice', consents);
  }

  private async trainingSeat(): Promise<Journey> {
    const { trainings } = this.journey;
    const offerId = typeof this.answers.offerId === 'string' ? this.answers.offerId : undefined;
    const outcome = offerId ? await takeSeat(offerId, this.input.beneficiaryId, this.now) : 'unknownOffer';
    if (!offerId || outcome === 'full' || outcome === 'unknownOffer') {
      // The offer filled up since the coach chose it: a new choice task (the next training number).
      logger.info('Training offer full', { beneficiaryId: this.input.beneficiaryId, offerId });
      return { ...this.next({ trainings: trainings + 1 }, 'training-choice'), seatTaken: false };
    }
    const training: TrainingRecord = { offerId, status: 'chosen' };
    await recordStage(this.event('training-chosen', { occurrence: trainings }), { training });
    return { ...this.next({}, 'training-enrolment'), seatTaken: true };
  }

  private async enrolment(): Promise<Journey> {
    const { trainings } = this.journey;
    const training = this.beneficiary.training;
    if (this.answers.enrolled === 'yes') {
      await recordStage(this.event('training-enrolled', { occurrence: trainings }), {
        training: {
          ...training,
          status: 'enrolled',
          ...(typeof this.answers.startDate === 'string' ? { startDate: this.answers.startDate } : {}),
        },
      });
      return this.next({}, 'training-completion');
    }
    // Not started: the seat goes back to the offer, and coaching goes on.
    if (training) await releaseSeat(training.offerId, this.input.beneficiaryId);
    await recordStage(this.event('training-not-started', { occurrence: trainings }), {
      ...(training ? { training: { ...training, status: 'not-started' } } : {}),
    });
    return this.next({ trainings: trainings + 1 }, 'coaching-session');
  }

  private async completion(): Promise<Journey> {
    const { trainings } = this.journey;
    const completed = this.answers.completed === 'yes';
    await recordStage(this.event(completed ? 'trained' : 'training-abandoned', { occurrence: trainings }), {
      ...(this.beneficiary.training
        ? {
            training: {
              ...this.beneficiary.training,
              status: completed ? 'completed' : 'abandoned',
              certified: this.answers.certified === 'yes',
              ...(typeof this.answers.endDate === 'string' ? { endDate: this.answers.endDate } : {}),
            },
          }
        : {}),
    });
    return this.next({ trainings: trainings + 1 }, 'coaching-session');
  }

  /**
   * The journey ends early, for the coach's reason (or the workflow's: no-shows, no coach): open
   * tasks close, a seat chosen but not started goes back, the coach's place frees.
   */
  private async dropout(): Promise<null> {
    const reason = dropoutReasonOf(this.input.reason);
    await closeOpenTasks(this.input.beneficiaryId, `journey-dropout`, this.now, {
      ...(this.input.taskId ? { except: this.input.taskId } : {}),
    });
    const training = this.beneficiary.training;
    if (training?.status === 'chosen') await releaseSeat(training.offerId, this.input.beneficiaryId);
    const recorded = await recordStage(this.event('dropout', { reason }), {
      dropout: { reason, on: this.now.toISOString().slice(0, 10) },
    });
    if (recorded === 'journeyEndedBefore')
      logger.warn('Dropout not recorded: the journey had already ended', {
        beneficiaryId: this.input.beneficiaryId,
      });
    await freeCoachPlace(this.input.beneficiaryId, this.input.dimensions.region, this.now);
    return null;
  }
}

function dropoutReasonOf(reason: string | undefined): DropoutReason {
  if (reason === 'no-show' || reason === 'no-coach-available') return reason;
  return (dropoutReasons as readonly string[]).includes(reason ?? '') ? (reason as DropoutReason) : 'other';
}
