import {
  type ArgumentMetadata,
  type ArgumentsHost,
  BadRequestException,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDecodedPayload } from '@lienthong/messaging/nest';

/** RFC 9457 problem details, with the fields that failed when the input was invalid. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  correlationId?: string;
  errors?: { field: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://lienthong.gov.vn/problems/';

/** An expected failure with a stable code (mapped to HTTP here, once). */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly errors?: { field: string; message: string }[],
  ) {
    super({ code, detail, errors }, status);
  }
}

export const flattenValidationErrors = (errors: ValidationError[], parent = ''): { field: string; message: string }[] =>
  errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });

/**
 * class-validator on HTTP input only. The Kafka transport inherits the app's global pipes, and
 * Nest hands an RPC `@Payload()` to them as a 'body' (same parameter number), so the metadata
 * cannot tell them apart; the inbox marks what its compiled contract validators already decoded
 * and checked (ADR 0907), and that is passed through as it is, not checked a second time.
 */
class HttpValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return isDecodedPayload(value) ? Promise.resolve(value) : super.transform(value, metadata);
  }
}

/** class-validator on every HTTP input: unknown fields refused, each failure named by its path. */
export const strictValidationPipe = (): ValidationPipe =>
  new HttpValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new ProblemException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is invalid.', flattenValidationErrors(errors)),
  });

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly onUnexpected: (error: unknown) => void = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = this.toProblem(exception, req);
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, req: Request): ProblemDetails {
    // The path only: a query string may carry a personal id, and problems end up in logs (issue 21).
    const instance = req.path;
    const correlationId = req.header('x-correlation-id') ?? undefined;
    if (exception instanceof ProblemException) {
      return {
        type: TYPE_BASE + exception.code.toLowerCase().replace(/_/g, '-'),
        title: HttpStatus[exception.getStatus()]?.replace(/_/g, ' ').toLowerCase() ?? 'error',
        status: exception.getStatus(),
        detail: (exception.getResponse() as { detail: string }).detail,
        code: exception.code,
        instance,
        correlationId,
        ...(exception.errors ? { errors: exception.errors } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      const code = exception instanceof BadRequestException ? 'BAD_REQUEST' : (HttpStatus[status] ?? 'ERROR');
      return {
        type: TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
        title: (HttpStatus[status] ?? 'error').replace(/_/g, ' ').toLowerCase(),
        status,
        detail: (Array.isArray(detail) ? detail.join('; ') : String(detail)).split(req.originalUrl).join(req.path),
        code,
        instance,
        correlationId,
      };
    }
    this.onUnexpected(exception);
    return {
      type: TYPE_BASE + 'internal-error',
      title: 'internal server error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
      code: 'INTERNAL_ERROR',
      instance,
      correlationId,
    };
  }
}
