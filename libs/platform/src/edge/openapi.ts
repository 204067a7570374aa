/**
 * The OpenAPI every staff resource shares (ADR 0011): its tag, bearer authentication, and the
 * 401 and 403 problems every staff route can answer, written once.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** An RFC 9457 problem as the services answer it (`ProblemDetails`), for the OpenAPI documents. */
export class ProblemDetailsDto {
  @ApiProperty() type!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: number;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional() code?: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional() correlationId?: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } })
  errors?: { field: string; message: string }[];
}

/** `@StaffApi('tasks', 'Wrong role, or another unit's task (FORBIDDEN_ROLE, …)')` on a staff controller. */
export const StaffApi = (tag: string, forbidden: string): ClassDecorator =>
  applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'No or invalid bearer token' }),
    ApiForbiddenResponse({ type: ProblemDetailsDto, description: forbidden }),
  );
