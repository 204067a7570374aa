import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor, IfMatch, Roles, etag, StaffApi } from '@lienthong/platform';
import { ClaimTaskRequest, ListTasksQuery, TaskDecisionRequest, TaskPage, TaskView } from './tasks.dto';
import { TasksService } from './tasks.service';

const IF_MATCH = { name: 'If-Match', description: 'The task version as its ETag, e.g. "3"' };

const FORBIDDEN = 'Wrong role, or another desk\'s or unit\'s task (FORBIDDEN_ROLE, FORBIDDEN_DESK, FORBIDDEN_UNIT, OFFICER_UNIT_MISSING; problem+json)';

/**
 * Officers' back office: the civil-status desk and the commune police residence desk. The
 * officer is the token's subject; each sees and decides only their desk's and unit's tasks
 * (task-access.ts, ADR 0651).
 */
@StaffApi('tasks', FORBIDDEN)
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Roles('civil-status-officer', 'residence-officer', 'administrator')
  @ApiOperation({ summary: 'Officer tasks of a desk, by due date (paged)' })
  @ApiOkResponse({ type: TaskPage })
  @ApiBadRequestResponse({ description: 'Invalid query (problem+json)' })
  list(@Query() query: ListTasksQuery, @CurrentActor() actor: Actor): Promise<TaskPage> {
    return this.tasks.list(query, actor);
  }

  @Get(':id')
  @Roles('civil-status-officer', 'residence-officer', 'administrator')
  @ApiOperation({ summary: 'One task; its ETag is its version' })
  @ApiOkResponse({ type: TaskView, headers: { ETag: { description: 'The task version' } } })
  @ApiNotFoundResponse({ description: 'No such officer task' })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskView> {
    return this.withEtag(res, await this.tasks.read(id, actor));
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Roles('civil-status-officer', 'residence-officer')
  @ApiOperation({ summary: 'Take a task (If-Match optional)' })
  @ApiHeader({ ...IF_MATCH, required: false })
  @ApiOkResponse({ type: TaskView })
  @ApiNotFoundResponse({ description: 'No such officer task' })
  @ApiConflictResponse({ description: 'The task is decided or waits for a supplement' })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match' })
  async claim(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() _body: ClaimTaskRequest,
    @IfMatch() ifMatch: number | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskView> {
    return this.withEtag(res, await this.tasks.claim(id, actor, ifMatch));
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('civil-status-officer', 'residence-officer')
  @ApiOperation({ summary: 'Approve, refuse with reasons, or request a supplement with what is missing' })
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOkResponse({ type: TaskView })
  @ApiNotFoundResponse({ description: 'No such officer task' })
  @ApiConflictResponse({ description: 'Already decided (nothing changes)' })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match (nothing changes)' })
  async decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TaskDecisionRequest,
    @IfMatch({ required: true }) ifMatch: number,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskView> {
    return this.withEtag(res, await this.tasks.decide(id, body, actor, ifMatch));
  }

  private withEtag(res: Response, task: TaskView): TaskView {
    res.setHeader('ETag', etag(task.version));
    return task;
  }
}
