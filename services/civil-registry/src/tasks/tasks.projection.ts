import { createHash } from 'node:crypto';
import { type EventStoreTransaction, type Projection, type RecordedEvent, type SqlExecutor, queueWrite } from '@lienthong/event-store';
import type { DeathRegistrationEvent } from '../death-registration/domain/death-registration.decider';
import type { HouseholdEvent } from '../registry/domain/household.decider';
import type { ResidenceDeregistrationEvent } from '../residence-deregistration/domain/residence-deregistration.decider';

export type Desk = 'death-registration' | 'residence-deregistration';
export const DESKS: readonly Desk[] = ['death-registration', 'residence-deregistration'];
export const TASK_STATUSES = ['open', 'claimed', 'awaiting-supplement', 'decided', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number] | 'received';

type CaseEvent = DeathRegistrationEvent | ResidenceDeregistrationEvent;
type Data<K extends CaseEvent['type']> = Extract<CaseEvent, { type: K }>['data'];

/**
 * One row per work request (task id = request id). It becomes an officer task (`is_task`)
 * when the case opens one; its version is the case stream's version (ETag / If-Match).
 */
export const tasksProjection: Projection = {
  name: 'civil-registry-tasks',
  async apply(event: RecordedEvent, tx: EventStoreTransaction): Promise<void> {
    if (event.type === 'HouseholdHeadVacated' || event.type === 'HouseholdHeadChanged') {
      return householdHeadTask(tx, event, { type: event.type, data: event.data } as HouseholdEvent);
    }
    const e = { type: event.type, data: event.data } as CaseEvent;
    const set = (status: TaskStatus | null, extra: Record<string, unknown> = {}) => update(tx, event, status, extra);
    switch (e.type) {
      case 'DeathRegistrationRequestReceived':
      case 'ResidenceDeregistrationRequestReceived': {
        const death = e.type === 'DeathRegistrationRequestReceived';
        const d = e.data as Data<'DeathRegistrationRequestReceived'> | Data<'ResidenceDeregistrationRequestReceived'>;
        const subject = death
          ? { ...(d as Data<'DeathRegistrationRequestReceived'>).deceased, requester: (d as Data<'DeathRegistrationRequestReceived'>).requester }
          : {
              ...(d as Data<'ResidenceDeregistrationRequestReceived'>).deceased,
              deathExtractNumber: (d as Data<'ResidenceDeregistrationRequestReceived'>).deathExtractNumber,
              newHeadPersonalId: (d as Data<'ResidenceDeregistrationRequestReceived'>).newHeadPersonalId ?? null,
            };
        await queueWrite(
          tx,
          `INSERT INTO tasks (task_id, desk, status, application_id, request_id, dossier_code, stream_id, version, subject, received_at, due_at, updated_at, unit)
           VALUES ($1, $2, 'received', $3, $1, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            d.requestId,
            death ? 'death-registration' : 'residence-deregistration',
            d.applicationId,
            d.dossierCode ?? null,
            event.streamId,
            event.streamVersion,
            JSON.stringify(subject),
            d.receivedAt,
            d.dueAt,
            event.recordedAt,
            d.unit ?? null,
          ],
        );
        return;
      }
      case 'DeathRegistrationTaskOpened':
        return set('open', {
          is_task: true,
          opened_at: e.data.openedAt,
          findings: JSON.stringify({
            proposedRefusals: e.data.proposedRefusals,
            missing: e.data.missing,
            lateRegistration: e.data.lateRegistration,
            // ADR 0103: the officer sees both values of a field that contradicts the registry.
            ...(e.data.discrepancies === undefined ? {} : { discrepancies: e.data.discrepancies }),
          }),
        });
      case 'ResidenceDeregistrationTaskOpened':
        return set('open', { is_task: true, opened_at: e.data.openedAt, findings: JSON.stringify({ proposedOutcome: e.data.proposedOutcome }) });
      case 'DeathRegistrationTaskClaimed':
      case 'ResidenceDeregistrationTaskClaimed':
        return set('claimed', { claimed_by: e.data.officerId });
      case 'DeathRegistrationSupplementRequested':
      case 'ResidenceDeregistrationSupplementRequested':
        return set('awaiting-supplement');
      case 'ResidenceDeregistrationSupplementProvided':
        return set('open');
      case 'DeathRegistrationSupplementProvided':
        // A task opened again (or a decision) follows in the same append when the system re-checks.
        return set(null, { status_from_task: true });
      case 'DeathExtractIssued':
        return set('decided', { outcome: 'registered' });
      case 'DeathRegistrationCaseRefused':
      case 'ResidenceDeregistrationCaseRefused':
        return set('decided', { outcome: 'refused' });
      case 'ResidenceDeregistrationCaseCompleted':
        return set('decided', { outcome: 'deregistered' });
      case 'ResidenceDeregistrationCaseNotApplicable':
        return set('decided', { outcome: 'not-applicable' });
      case 'DeathRegistrationCancelled':
      case 'ResidenceDeregistrationCancelled':
        return set('cancelled', { outcome: 'cancelled' });
      default:
        return;
    }
  },
  /** Empties the read model before a rebuild from the log. */
  async reset(exec: SqlExecutor) {
    await exec.query('DELETE FROM tasks');
  },
};

async function update(tx: EventStoreTransaction, event: RecordedEvent, status: TaskStatus | null, extra: Record<string, unknown>): Promise<void> {
  const params: unknown[] = [(event.data as { requestId: string }).requestId, event.streamVersion, event.recordedAt];
  const sets = ['version = $2', 'updated_at = $3'];
  if (status !== null) {
    params.push(status);
    sets.push(`status = $${params.length}`);
  }
  if (extra.status_from_task === true) sets.push(`status = CASE WHEN is_task THEN 'open' ELSE 'received' END`);
  for (const [column, value] of Object.entries(extra)) {
    if (column === 'status_from_task') continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  await queueWrite(tx, `UPDATE tasks SET ${sets.join(', ')} WHERE task_id = $1`, params);
}

/**
 * The residence desk's task to settle a household's head (ADR 0101): one per household at a
 * time, its id a name-based UUID (version 5 layout) so task routes take it like any other.
 */
export function householdHeadTaskId(householdId: string): string {
  const h = createHash('sha1').update(`lienthong:household-head:${householdId}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

async function householdHeadTask(tx: EventStoreTransaction, event: RecordedEvent, e: HouseholdEvent): Promise<void> {
  if (e.type === 'HouseholdHeadChanged') {
    await queueWrite(
      tx,
      `UPDATE tasks SET status = 'decided', outcome = 'head-recorded', version = $2, updated_at = $3 WHERE task_id = $1 AND status <> 'decided'`,
      [householdHeadTaskId(e.data.householdId), event.streamVersion, event.recordedAt],
    );
    return;
  }
  if (e.type !== 'HouseholdHeadVacated') return;
  const d = e.data;
  const subject = {
    householdId: d.householdId,
    previousHeadPersonalId: d.previousHeadPersonalId,
    remainingPersonalIds: d.remainingPersonalIds,
    ...(d.namedHeadPersonalId === undefined ? {} : { namedHeadPersonalId: d.namedHeadPersonalId }),
  };
  await queueWrite(
    tx,
    `INSERT INTO tasks (task_id, desk, is_task, status, application_id, request_id, dossier_code, stream_id, version, subject, findings, opened_at, updated_at, unit)
     SELECT $1, 'residence-deregistration', true, 'open', $2, $3, $4, $5, $6, $7, $8, $9, $9, commune_code FROM registry_households WHERE household_id = $10
     ON CONFLICT (task_id) DO UPDATE SET status = 'open', outcome = NULL, claimed_by = NULL, application_id = EXCLUDED.application_id,
       request_id = EXCLUDED.request_id, dossier_code = EXCLUDED.dossier_code, version = EXCLUDED.version, subject = EXCLUDED.subject,
       findings = EXCLUDED.findings, opened_at = EXCLUDED.opened_at, updated_at = EXCLUDED.updated_at`,
    [
      householdHeadTaskId(d.householdId),
      d.cause?.applicationId ?? '',
      d.cause?.requestId ?? householdHeadTaskId(d.householdId),
      d.cause?.dossierCode ?? null,
      event.streamId,
      event.streamVersion,
      JSON.stringify(subject),
      JSON.stringify({ kind: HOUSEHOLD_HEAD_TASK, reason: d.reason }),
      event.recordedAt,
      d.householdId,
    ],
  );
}

/** `findings.kind` of a task that is settled on the household (POST /api/v1/households/{id}/head), not decided as a case. */
export const HOUSEHOLD_HEAD_TASK = 'household-head';
