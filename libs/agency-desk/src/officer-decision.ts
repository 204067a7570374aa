import type { MissingItem, Reason } from './vocabulary';

export const DECISION_OUTCOMES = ['approve', 'refuse', 'request-supplement'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** What an officer sends to decide a task, on every desk. */
export interface OfficerDecisionBody {
  outcome: DecisionOutcome;
  reasons?: readonly Reason[];
  missing?: readonly MissingItem[];
}

export interface OfficerDecision {
  outcome: DecisionOutcome;
  reasons: Reason[];
  missing: MissingItem[];
  /** What the audit trail keeps of it, the same on every desk: codes only (the texts stay in the case's events, no personal data). */
  auditDetails: { reasons?: string[]; missing?: string[] };
}

/** An officer's decision as plain data (copies, no DTO instances) and its audit details. */
export function officerDecision(body: OfficerDecisionBody): OfficerDecision {
  const reasons = (body.reasons ?? []).map((r) => ({ code: r.code, message: r.message }));
  const missing = (body.missing ?? []).map((m) => ({ code: m.code, description: m.description }));
  const auditDetails =
    body.outcome === 'refuse' ? { reasons: reasons.map((r) => r.code) } : body.outcome === 'request-supplement' ? { missing: missing.map((m) => m.code) } : {};
  return { outcome: body.outcome, reasons, missing, auditDetails };
}
