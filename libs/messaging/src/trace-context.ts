import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * What is known about the unit of work in progress (one HTTP request, one Kafka message):
 * the business key and the W3C trace. Log lines, appended events' metadata and published
 * headers read it, so no handler has to pass it around (docs/observability.md).
 */
export interface WorkContext {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** This unit's own span (16 hex digits): a child of the caller's span. */
  spanId: string;
  /** `00-<traceId>-<spanId>-<flags>`: what events appended here carry. */
  traceparent: string;
  /** The Kafka key: the application id. */
  applicationId?: string;
  /** Mutable: set as soon as it is learnt (an appended event's data may bring it). */
  dossierCode?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

/** The context of the unit of work in progress, if any. */
export const currentContext = (): WorkContext | undefined => storage.getStore();

/** Runs `work` (and everything it awaits) with `context` as the current context. */
export const runWithContext = <T>(context: WorkContext, work: () => T): T => storage.run(context, work);

export interface Traceparent {
  traceId: string;
  parentId: string;
  flags: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** Parses a W3C `traceparent`; undefined for anything malformed (then a new trace starts). */
export function parseTraceparent(value: string | undefined): Traceparent | undefined {
  const m = TRACEPARENT.exec(value?.trim().toLowerCase() ?? '');
  if (!m) return undefined;
  const [, version, traceId, parentId, flags, rest] = m;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return { traceId, parentId, flags };
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * A context continuing the trace of `incoming` with a new span (same trace id), or starting a
 * new trace (sampled) when there is none or it is malformed.
 */
export function continueTrace(incoming: string | undefined, fields: { applicationId?: string; dossierCode?: string } = {}): WorkContext {
  const parent = parseTraceparent(incoming);
  const traceId = parent?.traceId ?? hex(16);
  const spanId = hex(8);
  const flags = parent?.flags ?? '01';
  return {
    traceId,
    spanId,
    traceparent: `00-${traceId}-${spanId}-${flags}`,
    ...(fields.applicationId ? { applicationId: fields.applicationId } : {}),
    ...(fields.dossierCode ? { dossierCode: fields.dossierCode } : {}),
  };
}

/** The context of a consumed message: its key, its dossier code, a child span of its trace. */
export const messageContext = (key: string | null, headers: Record<string, string>): WorkContext =>
  continueTrace(headers.traceparent, {
    applicationId: headers['correlation-id'] ?? key ?? undefined,
    dossierCode: headers['dossier-code'],
  });
