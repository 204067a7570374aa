import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type Catalogue, CatalogueError, bundleDueDate, catalogueInForceOn } from '@lienthong/bundle-catalogue';
import { type EventStore, type EventStoreTransaction, queueWrite } from '@lienthong/event-store';
import { CommandPipeline } from '@lienthong/messaging';
import { AuditTrail, EVENT_STORE, type Principal, ProblemException, SERVICE_CONFIG, asProblem } from '@lienthong/platform';
import { CalendarRangeError, type WorkingCalendar } from '@lienthong/working-calendar';
import { WORKING_CALENDAR } from '../calendar';
import { DEFAULT_ATTACHMENT_MAX_BYTES, IntakeConfig } from '../config';
import { applicationDecider } from '../domain/application.decider';
import { type Submission, localDate, validateSubmission } from '../domain/submission';
import { streamIdOf } from '../shared/application-store';
import { KeyedBatches } from './keyed-batches';
import { canonicalJson, formatDossierCode } from './dossier-code';
import { IDEMPOTENCY_KEY_MIN_LENGTH, IDEMPOTENCY_KEY_PATTERN, type SubmitApplicationDto, type SubmittedDto } from './submission.dto';

export const BUNDLE_CATALOGUE = Symbol('BUNDLE_CATALOGUE');
/** Two-int advisory lock class for idempotency keys (a keyspace apart from the event store's bigint locks). */
const IDEMPOTENCY_LOCK_CLASS = 4401;

/** A submission checked and waiting for its batch. */
interface SubmitJob {
  key: string;
  requestHash: string;
  submittedAt: string;
  day: string;
  dueAt: string;
  submission: Submission;
  by: { principal: Principal; ip?: string; userAgent?: string };
}

export interface SubmitResult {
  status: number;
  body: SubmittedDto;
}

export const linksOf = (dossierCode: string): SubmittedDto['links'] => {
  const base = `/api/v1/applications/${encodeURIComponent(dossierCode)}`;
  return {
    self: { href: base },
    receipt: { href: `${base}/receipt` },
    status: { href: base },
    attachments: { href: `${base}/attachments/{attachmentId}` },
  };
};

@Injectable()
export class SubmitService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: IntakeConfig,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    /** Every released version: the receipt's due date uses the one in force on the day of receipt (ADR 0305). */
    @Inject(BUNDLE_CATALOGUE) private readonly catalogues: readonly Catalogue[],
    private readonly audit: AuditTrail,
    private readonly pipeline: CommandPipeline,
  ) {}

  /** Submissions of one unit and day, numbered in one transaction per batch (group commit, see KeyedBatches). */
  private readonly batches = new KeyedBatches<SubmitJob, SubmitResult>((jobs) => this.submitAll(jobs));

  /**
   * Checks everything first (nothing is stored for a refused body), then in ONE transaction,
   * shared with the submissions of the same unit and day that arrived meanwhile (KeyedBatches):
   * the idempotency key (lock, look up), the unit's daily sequence, the command (the pipeline's append, which stages
   * ApplicationSubmitted in the outbox), the dossier row, the stored response (ADR 0401) and
   * the audit row naming the submitting officer (or portal) from the token, with its unit.
   */
  async submit(
    idempotencyKey: string | undefined,
    rawBody: unknown,
    dto: SubmitApplicationDto,
    by: SubmitJob['by'],
  ): Promise<SubmitResult> {
    const key = this.checkKey(idempotencyKey);
    const now = new Date();
    const submittedAt = now.toISOString();
    const submission = this.toSubmission(dto);
    const day = localDate(submittedAt);
    const errors = validateSubmission(submission, day);
    if (errors.length > 0) throw new ProblemException(HttpStatus.BAD_REQUEST, 'SUBMISSION_INVALID', 'The application breaks a business rule.', errors);
    const dueAt = this.dueAt(submission.bundle, now);
    const requestHash = createHash('sha256').update(canonicalJson(rawBody)).digest('hex');

    return this.batches.add(`${submission.receivingUnit}|${day}`, { key, requestHash, submittedAt, day, dueAt, submission, by });
  }

  /**
   * A batch of one unit and day in ONE transaction, numbered in arrival order, so they share a
   * commit; when it fails (one of them refused, a race, an outage) nothing of it is kept and each
   * runs alone, so a submission fails only for its own reason.
   */
  private async submitAll(jobs: SubmitJob[]): Promise<PromiseSettledResult<SubmitResult>[]> {
    if (jobs.length > 1) {
      try {
        const results = await this.store.transaction(async (tx) => {
          const out: SubmitResult[] = [];
          for (const job of jobs) out.push(await this.submitIn(tx, job));
          return out;
        });
        return results.map((value) => ({ status: 'fulfilled', value }));
      } catch {
        // Each alone below, with its own outcome.
      }
    }
    const settled: PromiseSettledResult<SubmitResult>[] = [];
    for (const job of jobs) {
      settled.push(
        await this.store.transaction((tx) => this.submitIn(tx, job)).then(
          (value): PromiseSettledResult<SubmitResult> => ({ status: 'fulfilled', value }),
          (reason: unknown): PromiseSettledResult<SubmitResult> => ({ status: 'rejected', reason }),
        ),
      );
    }
    return settled;
  }

  /** One submission inside the batch's transaction (ADR 0401). */
  private async submitIn(tx: EventStoreTransaction, job: SubmitJob): Promise<SubmitResult> {
    const { key, requestHash, submittedAt, day, dueAt, submission, by } = job;
    // Keys are the caller's own (ADR 0604): another officer's or client's same key is another key.
    const caller = by.principal.subject;
    // Travels with the read below, which PostgreSQL runs once the lock is held (ADR 0911).
    await queueWrite(tx, 'SELECT pg_advisory_xact_lock($1, hashtext($2))', [IDEMPOTENCY_LOCK_CLASS, `${caller} ${key}`]);
    const [prior] = await tx.query<{ request_hash: string; status_code: number; response: SubmittedDto }>(
      'SELECT request_hash, status_code, response FROM intake_idempotency_keys WHERE caller = $1 AND idempotency_key = $2',
      [caller, key],
    );
    if (prior) {
      if (prior.request_hash !== requestHash) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different body.', [
          { field: 'Idempotency-Key', message: 'already used for another request' },
        ]);
      }
      return { status: prior.status_code, body: prior.response };
    }
    const applicationId = randomUUID();
    const sequence = await this.nextSequence(tx, submission.receivingUnit, day);
    const dossierCode = formatDossierCode(submission.receivingUnit, submittedAt, sequence);
    const actor = { actor: by.principal.subject, ...(by.principal.unit ? { actorUnit: by.principal.unit } : {}) };
    await asProblem(() =>
      this.pipeline.runIn(tx, {
        streamId: streamIdOf(applicationId),
        decider: applicationDecider,
        command: { type: 'SubmitApplication', data: { applicationId, dossierCode, dueAt, submission } },
        ctx: { now: submittedAt },
        metadata: { correlationId: applicationId, causationId: key, ...actor },
      }),
    );
    await queueWrite(
      tx,
      'INSERT INTO intake_dossiers (dossier_code, application_id, receiving_unit, requester_personal_id, submitted_at) VALUES ($1, $2, $3, $4, $5)',
      [dossierCode, applicationId, submission.receivingUnit, submission.requester.personalId, submittedAt],
    );
    const body: SubmittedDto = {
      applicationId,
      dossierCode,
      submittedAt,
      dueAt,
      attachmentIds: submission.attachments.map((a) => a.id),
      links: linksOf(dossierCode),
    };
    await this.audit.record(
      {
        actor: by.principal,
        ip: by.ip,
        userAgent: by.userAgent,
        action: 'application.submitted',
        applicationId,
        dossierCode,
        details: { bundle: submission.bundle, channel: submission.channel, receivingUnit: submission.receivingUnit },
      },
      tx,
    );
    await queueWrite(tx, 'INSERT INTO intake_idempotency_keys (caller, idempotency_key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5)', [
      caller,
      key,
      requestHash,
      HttpStatus.CREATED,
      JSON.stringify(body),
    ]);
    return { status: HttpStatus.CREATED, body };
  }

  private checkKey(key: string | undefined): string {
    if (key === undefined || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'IDEMPOTENCY_KEY_REQUIRED', 'An Idempotency-Key header (16-200 of A-Z a-z 0-9 . _ : -; a UUID fits) is required.', [
        { field: 'Idempotency-Key', message: key === undefined ? 'is required' : key.length < IDEMPOTENCY_KEY_MIN_LENGTH ? `must be at least ${IDEMPOTENCY_KEY_MIN_LENGTH} characters` : 'has characters or a length not allowed' },
      ]);
    }
    return key;
  }

  /** The counter row (unit, day) is locked until commit; a rollback gives the number back. */
  private async nextSequence(tx: EventStoreTransaction, unit: string, day: string): Promise<number> {
    const [row] = await tx.query<{ last_value: number }>(
      `INSERT INTO intake_dossier_sequences (receiving_unit, day, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (receiving_unit, day) DO UPDATE SET last_value = intake_dossier_sequences.last_value + 1
       RETURNING last_value`,
      [unit, day],
    );
    if (!row || row.last_value > 9999) {
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'DAILY_SEQUENCE_EXHAUSTED', `Unit ${unit} has used all 9999 dossier numbers of ${day}.`);
    }
    return row.last_value;
  }

  private dueAt(bundle: string, now: Date): string {
    try {
      return bundleDueDate(catalogueInForceOn(this.catalogues, now), bundle, now, this.calendar).toISOString();
    } catch (e) {
      if (e instanceof CalendarRangeError) {
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, e.code, `${e.message} (HOLIDAYS_FILE or the seeded table).`);
      }
      if (e instanceof CatalogueError) throw new ProblemException(HttpStatus.BAD_REQUEST, 'BUNDLE_UNKNOWN', e.message, [{ field: 'bundle', message: e.message }]);
      throw e;
    }
  }

  private toSubmission(dto: SubmitApplicationDto): Submission {
    const max = this.config.INTAKE_ATTACHMENT_MAX_BYTES ?? DEFAULT_ATTACHMENT_MAX_BYTES;
    const tooBig = dto.attachments.flatMap((a, i) => (a.size > max ? [{ field: `attachments.${i}.size`, message: `size must not exceed ${max} bytes` }] : []));
    if (tooBig.length > 0) throw new ProblemException(HttpStatus.BAD_REQUEST, 'ATTACHMENT_TOO_LARGE', 'An attachment is larger than allowed.', tooBig);
    // Plain objects (the DTO instances carry class identity into the event JSON otherwise).
    const plain = JSON.parse(JSON.stringify(dto)) as Omit<Submission, 'attachments'> & { attachments: Omit<Submission['attachments'][number], 'id'>[] };
    return { ...plain, attachments: plain.attachments.map((a, i) => ({ id: `att-${i + 1}`, ...a })) };
  }
}
