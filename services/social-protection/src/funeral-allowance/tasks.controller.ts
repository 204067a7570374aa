import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor, IfMatch, Roles, etag, ProblemDetailsDto, StaffApi } from '@lienthong/platform';
import { ClaimTaskDto, DecisionDto, TaskDto, TaskPageDto, TaskQueryDto } from './tasks.dto';
import { FuneralAllowanceTasks } from './tasks.service';

@StaffApi('tasks', 'Wrong role, or another unit\'s task (FORBIDDEN_ROLE, FORBIDDEN_UNIT, OFFICER_UNIT_MISSING)')
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: FuneralAllowanceTasks) {}

  @Get()
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'The funeral-allowance desk\'s tasks, soonest due first' })
  @ApiOkResponse({ type: TaskPageDto })
  list(@Query() q: TaskQueryDto, @CurrentActor() actor: Actor): Promise<TaskPageDto> {
    return this.tasks.list(q, actor);
  }

  @Get(':id')
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'One task; the ETag is its version, for If-Match on the decision' })
  @ApiOkResponse({ type: TaskDto, headers: { ETag: { description: 'The claim version', schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async get(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const task = await this.tasks.read(id, actor);
    res.setHeader('ETag', etag(task.version));
    return task;
  }

  @Post(':id/claim')
  @HttpCode(HttpStatus.OK)
  // Deciding a case is the desk officer's act: administrators see every unit's tasks but claim and decide none, as in civil-registry (ADR 0604).
  @Roles('social-protection-officer')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag read with the task (optional)' })
  @ApiOperation({ summary: 'Take the task; then only this officer decides it' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Decided already, or claimed by another officer' })
  @ApiPreconditionFailedResponse({ type: ProblemDetailsDto, description: 'The task changed since it was read' })
  async claim(
    @Param('id') id: string,
    @Body() _body: ClaimTaskDto,
    @IfMatch() ifMatch: number | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const task = await this.tasks.claim(id, actor, ifMatch);
    res.setHeader('ETag', etag(task.version));
    return task;
  }

  @Post(':id/decision')
  @HttpCode(HttpStatus.OK)
  @Roles('social-protection-officer')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag read with the task' })
  @ApiOperation({ summary: 'Approve, refuse (with reasons) or request a supplement; the result is published to routing' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already decided, supplement pending, or claimed by another officer' })
  @ApiPreconditionFailedResponse({ type: ProblemDetailsDto, description: 'The task changed since it was read' })
  async decide(
    @Param('id') id: string,
    @Body() body: DecisionDto,
    @IfMatch({ required: true }) ifMatch: number,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const task = await this.tasks.decide(id, body, actor, ifMatch);
    res.setHeader('ETag', etag(task.version));
    return task;
  }
}
