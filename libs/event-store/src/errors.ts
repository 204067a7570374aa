/** An event id was appended twice (event ids are unique across the store). */
export class DuplicateEventError extends Error {
  readonly code = 'EVENT_STORE_DUPLICATE_EVENT';
  constructor(readonly streamId: string) {
    super(`stream ${streamId}: an event with one of these ids is already stored`);
  }
}

/** pg error code of an error thrown by pg or wrapped by TypeORM (QueryFailedError). */
export function pgErrorCode(error: unknown): { code?: string; constraint?: string } {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return { code: e?.driverError?.code ?? e?.code, constraint: e?.driverError?.constraint ?? e?.constraint };
}
