import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles, StaffApi } from '@lienthong/platform';
import { HouseholdHistoryEntry, HouseholdView, PersonView, RecordHouseholdHeadRequest, RegistryImportRequest, RegistryImportResult } from './registry.dto';
import { RegistryService } from './registry.service';

@StaffApi('registry', 'A role the route does not list; an officer token without `unit` (OFFICER_UNIT_MISSING)')
@Controller('api/v1')
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  @Post('registry/imports')
  @Roles('administrator')
  @ApiOperation({ summary: 'Import persons and households (validated; all or nothing)' })
  @ApiCreatedResponse({ type: RegistryImportResult })
  @ApiBadRequestResponse({ description: 'A row is malformed: errors[].field names it, e.g. persons.3.dateOfBirth' })
  @ApiUnprocessableEntityResponse({ description: 'A row contradicts the registry or the import: errors[].field names it; nothing imported' })
  @ApiConflictResponse({ description: 'This import id was already applied' })
  import(@Body() body: RegistryImportRequest, @CurrentActor() actor: Actor): Promise<RegistryImportResult> {
    return this.registry.import(body, actor);
  }

  @Get('persons/:personalId')
  @Roles('civil-status-officer', 'residence-officer', 'counter-officer', 'administrator')
  @ApiOperation({ summary: 'A person in the civil-status registry, with their permanent residence' })
  @ApiOkResponse({ type: PersonView })
  @ApiNotFoundResponse({ description: 'No such person, or one of another unit (an officer reads their own unit\'s; every read is audited)' })
  person(@Param('personalId') personalId: string, @CurrentActor() actor: Actor): Promise<PersonView> {
    return this.registry.person(personalId, actor);
  }

  @Get('households/:id')
  @Roles('residence-officer', 'civil-status-officer', 'counter-officer', 'administrator')
  @ApiOperation({ summary: 'A household as it is now, with its history' })
  @ApiOkResponse({ type: HouseholdView })
  @ApiNotFoundResponse({ description: 'No such household, or one of another unit (an officer reads their own unit\'s; every read is audited)' })
  household(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.registry.household(id, actor);
  }

  @Post('households/:id/head')
  @HttpCode(200)
  @Roles('residence-officer', 'administrator')
  @ApiOperation({
    summary: "Record a household's head: the members' agreement or a court's decision (settles the residence desk's household-head task; ADR 0101)",
  })
  @ApiOkResponse({ type: HouseholdView })
  @ApiBadRequestResponse({ description: 'Malformed body: errors[].field names it' })
  @ApiUnprocessableEntityResponse({ description: 'Not a member, or under 18 while a member with full legal capacity exists: errors[].field is personalId' })
  @ApiConflictResponse({ description: 'The household is closed' })
  @ApiNotFoundResponse({ description: 'No such household' })
  recordHead(@Param('id') id: string, @Body() body: RecordHouseholdHeadRequest, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.registry.recordHead(id, body, actor);
  }

  @Get('households/:id/history')
  @Roles('residence-officer', 'civil-status-officer', 'administrator')
  @ApiOperation({ summary: 'Every change to a household, oldest first (its event stream)' })
  @ApiOkResponse({ type: [HouseholdHistoryEntry] })
  @ApiNotFoundResponse({ description: 'No such household, or one of another unit (an officer reads their own unit\'s; every read is audited)' })
  history(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<HouseholdHistoryEntry[]> {
    return this.registry.history(id, actor);
  }
}
