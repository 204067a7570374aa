export type CatalogueErrorCode =
  | 'INVALID_CATALOGUE'
  | 'UNKNOWN_AGENCY'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_OUTPUT'
  | 'MISSING_TIME_LIMIT'
  | 'INVALID_TIME_LIMIT'
  | 'UNKNOWN_DEPENDENCY'
  | 'CYCLE'
  | 'UNKNOWN_PROCEDURE'
  | 'DUPLICATE_PROCEDURE'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'TOPIC_MISMATCH'
  | 'INVALID_REFUSAL_POLICY'
  | 'UNKNOWN_BUNDLE'
  | 'UNKNOWN_VERSION';

/** A catalogue that cannot be used; the message names the bundle, procedure and problem. */
export class CatalogueError extends Error {
  constructor(
    readonly code: CatalogueErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'CatalogueError';
  }
}
