import { Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC filter replaces an unknown error with `{ status: 'error', message:
 * 'Internal server error' }`. Bind this filter (globally, or on the handler controllers) so the
 * inbox server sees the real error: its message and `code` go to the dead-letter headers, and
 * a PermanentMessageError skips the retries.
 */
@Catch()
export class InboxErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
