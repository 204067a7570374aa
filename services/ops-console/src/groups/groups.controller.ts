import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '@lienthong/platform';
import { type GroupSnapshot, GroupsService } from './groups.service';

export class TrendQuery {
  @ApiPropertyOptional({ default: 24, maximum: 744 })
  @IsOptional() @Transform(({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1) @Max(744)
  hours?: number;
}

export class GroupList {
  @ApiProperty({ description: 'Each group: state, members with their partitions, lag per topic and partition in messages and ms' })
  items!: GroupSnapshot[];
}

export class TrendPoint {
  @ApiProperty() at!: string;
  @ApiProperty() lag!: number;
  @ApiPropertyOptional({ nullable: true }) lagMs!: number | null;
}

export class Trend {
  @ApiProperty() groupId!: string;
  @ApiProperty({ type: [TrendPoint] }) points!: TrendPoint[];
}

@ApiTags('consumer-groups')
@Controller('api/v1/consumer-groups')
export class GroupsController {
  constructor(@Inject(GroupsService) private readonly groups: GroupsService) {}

  @Get()
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: GroupList })
  async list(): Promise<GroupList> {
    return { items: await this.groups.snapshot() };
  }

  @Get(':groupId/trend')
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: Trend, description: 'Total lag per sample (OPS_LAG_SAMPLE_MS), oldest first' })
  async trend(@Param('groupId') groupId: string, @Query() q: TrendQuery): Promise<Trend> {
    const rows = await this.groups.trend(groupId, q.hours ?? 24);
    return {
      groupId,
      points: rows.map((r) => ({ at: r.sampled_at.toISOString(), lag: Number(r.lag), lagMs: r.lag_ms === null ? null : Number(r.lag_ms) })),
    };
  }
}
