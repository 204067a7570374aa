/**
 * Each procedure's path as routing told it (pure): the due date in force, whether it is
 * overdue, how it ended. Input: the routing and intake messages of one or many applications.
 */
export interface FlowMessage {
  type: string | null;
  applicationId: string | null;
  occurredAt: string;
  payload: unknown;
}

export type ProcedureEnd = 'completed' | 'not-applicable' | 'refused' | 'cancelled';

export interface ProcedureState {
  applicationId: string;
  procedure: string;
  agency: string | null;
  dispatchedAt: string | null;
  dueAt: string | null;
  /** A ProcedureOverdue was published (the due date was missed), whatever happened next. */
  overdueReported: boolean;
  supplementPending: boolean;
  end: ProcedureEnd | null;
  endedAt: string | null;
}

export interface ApplicationFacts {
  applicationId: string;
  dossierCode: string | null;
  channel: string | null;
  submittedAt: string | null;
  dueAt: string | null;
  satisfaction: number | null;
  ratedAt: string | null;
  withdrawnAt: string | null;
}

const field = (p: unknown, name: string): string | undefined => {
  const v = p !== null && typeof p === 'object' ? (p as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : undefined;
};

export function foldProcedures(messages: readonly FlowMessage[]): ProcedureState[] {
  const states = new Map<string, ProcedureState>();
  const sorted = [...messages].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  for (const m of sorted) {
    const applicationId = m.applicationId ?? field(m.payload, 'applicationId');
    const procedure = field(m.payload, 'procedure');
    if (!applicationId || !procedure || !m.type?.startsWith('Procedure')) continue;
    const id = `${applicationId}/${procedure}`;
    const s: ProcedureState = states.get(id) ?? {
      applicationId, procedure, agency: null, dispatchedAt: null, dueAt: null,
      overdueReported: false, supplementPending: false, end: null, endedAt: null,
    };
    states.set(id, s);
    const at = (name: string) => field(m.payload, name) ?? m.occurredAt;
    switch (m.type) {
      case 'ProcedureDispatched':
        s.agency = field(m.payload, 'agency') ?? s.agency;
        s.dispatchedAt ??= at('dispatchedAt');
        s.dueAt = field(m.payload, 'dueAt') ?? s.dueAt;
        break;
      case 'ProcedureResumed':
        s.supplementPending = false;
        s.dueAt = field(m.payload, 'dueAt') ?? s.dueAt;
        break;
      case 'ProcedureSupplementRequested':
        s.supplementPending = true;
        break;
      case 'ProcedureOverdue':
        s.overdueReported = true;
        break;
      case 'ProcedureCompleted':
        s.end = field(m.payload, 'outcome') === 'not-applicable' ? 'not-applicable' : 'completed';
        s.endedAt = at('completedAt');
        break;
      case 'ProcedureRefused':
        s.end = 'refused';
        s.endedAt = at('refusedAt');
        break;
      case 'ProcedureCancelled':
        s.end = 'cancelled';
        s.endedAt = at('cancelledAt');
        break;
      default:
        break;
    }
  }
  return [...states.values()];
}

export function foldApplications(messages: readonly FlowMessage[]): Map<string, ApplicationFacts> {
  const apps = new Map<string, ApplicationFacts>();
  for (const m of messages) {
    const applicationId = m.applicationId ?? field(m.payload, 'applicationId');
    if (!applicationId) continue;
    const a: ApplicationFacts = apps.get(applicationId) ?? {
      applicationId, dossierCode: null, channel: null, submittedAt: null, dueAt: null, satisfaction: null, ratedAt: null, withdrawnAt: null,
    };
    apps.set(applicationId, a);
    if (m.type === 'ApplicationSubmitted') {
      a.dossierCode = field(m.payload, 'dossierCode') ?? a.dossierCode;
      a.channel = field(m.payload, 'channel') ?? null;
      a.submittedAt = field(m.payload, 'submittedAt') ?? m.occurredAt;
      a.dueAt = field(m.payload, 'dueAt') ?? null;
    } else if (m.type === 'SatisfactionRated') {
      const score = (m.payload as { score?: unknown } | null)?.score;
      a.satisfaction = typeof score === 'number' ? score : null;
      a.ratedAt = field(m.payload, 'ratedAt') ?? m.occurredAt;
    } else if (m.type === 'ApplicationWithdrawn') {
      a.withdrawnAt = field(m.payload, 'withdrawnAt') ?? m.occurredAt;
    }
  }
  return apps;
}

/** Overdue now: not ended and past its due date, or reported overdue by routing. */
export const isOverdue = (s: ProcedureState, now: Date): boolean =>
  s.end === null && (s.overdueReported || (s.dueAt !== null && Date.parse(s.dueAt) < now.getTime()));
