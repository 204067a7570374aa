import { Controller, Get, Header, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ProblemException, Roles } from '@lienthong/platform';
import { mask } from '../masking/masking';
import { toCsv } from '../shared/csv';
import { type ConsoleRequest, rolesOf } from '../shared/principal';
import { foldApplications, foldProcedures, isOverdue } from '../shared/procedures';
import { type EventFilter, type EventView, ReadModel, toEventView } from '../shared/read-model';
import { EventPage, EventSearchQuery, TimelineDto, TimelineQuery } from './search.dto';

export const EVENT_COLUMNS = [
  'occurredAt', 'topic', 'partition', 'offset', 'key', 'applicationId', 'dossierCode', 'type', 'source',
  'messageId', 'correlationId', 'causationId', 'traceId', 'headers', 'payload',
] as const;

interface CsvResponse {
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

const EXPORT_LIMIT = 10_000;

@ApiTags('search')
@Controller('api/v1')
export class SearchController {
  constructor(@Inject(ReadModel) private readonly model: ReadModel) {}

  @Get('timeline')
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: TimelineDto, description: 'The application the search box names: every event across every service, and each procedure with its due date' })
  @ApiNotFoundResponse({ description: 'Nothing matches' })
  async timeline(@Query() q: TimelineQuery, @Req() req: ConsoleRequest): Promise<TimelineDto> {
    const found = await this.model.resolve(q.q);
    if (found.length === 0) throw new ProblemException(404, 'NOTHING_FOUND', `no application matches ${q.q}`);
    const [applicationId, ...others] = found;
    const rows = await this.model.messagesOf([applicationId], { deadLetters: true });
    const events = rows.map(toEventView);
    const byMessageId = new Map(events.map((e) => [e.messageId, e.type]));
    const flow = events.filter((e) => !e.topic.endsWith('.dlq'));
    const app = foldApplications(flow).get(applicationId);
    const now = new Date();
    const procedures = foldProcedures(flow).map((p) => ({
      procedure: p.procedure,
      agency: p.agency,
      dispatchedAt: p.dispatchedAt,
      dueAt: p.dueAt,
      overdue: isOverdue(p, now),
      supplementPending: p.supplementPending,
      end: p.end,
      endedAt: p.endedAt,
    }));
    const dossierCode = app?.dossierCode ?? events.find((e) => e.dossierCode)?.dossierCode ?? null;
    const body: TimelineDto = {
      applicationId,
      dossierCode,
      dueAt: app?.dueAt ?? null,
      otherMatches: others,
      procedures,
      events: events.map((e) => ({
        ...e,
        causedByType: e.causationId && e.causationId !== e.messageId ? (byMessageId.get(e.causationId) ?? null) : null,
      })),
    };
    return mask(body, rolesOf(req));
  }

  @Get('events')
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: EventPage, description: 'Paged, newest first; `format=csv` gives the same page as CSV' })
  @ApiProduces('application/json', 'text/csv')
  async events(@Query() q: EventSearchQuery, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: CsvResponse): Promise<EventPage | string> {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const page = await this.model.events(this.filter(q, limit, offset));
    const items = mask(page.items, rolesOf(req));
    if (q.format === 'csv') return this.csv(res, items);
    return { items, total: page.total, limit, offset };
  }

  @Get('events/export')
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ description: `Every matching event (at most ${EXPORT_LIMIT}), as a JSON array (default) or CSV, as a download` })
  @ApiProduces('application/json', 'text/csv')
  @Header('cache-control', 'no-store')
  async export(@Query() q: EventSearchQuery, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: CsvResponse): Promise<EventView[] | string> {
    const page = await this.model.events(this.filter(q, EXPORT_LIMIT, 0));
    const items = mask(page.items, rolesOf(req));
    if (q.format === 'csv') {
      res.setHeader('content-disposition', 'attachment; filename="events.csv"');
      return this.csv(res, items);
    }
    res.setHeader('content-disposition', 'attachment; filename="events.json"');
    return items;
  }

  private csv(res: CsvResponse, items: EventView[]): string {
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    return toCsv(EVENT_COLUMNS, items as unknown as Record<string, unknown>[]);
  }

  private filter(q: EventSearchQuery, limit: number, offset: number): EventFilter {
    const eq = q.header?.indexOf('=') ?? -1;
    return {
      type: q.type,
      dossierCode: q.dossierCode,
      applicationId: q.applicationId,
      topic: q.topic,
      header: q.header && eq > 0 ? { name: q.header.slice(0, eq), value: q.header.slice(eq + 1) } : undefined,
      from: q.from,
      to: q.to,
      limit,
      offset,
    };
  }
}
