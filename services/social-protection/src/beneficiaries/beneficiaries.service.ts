import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { EventStore, EventStoreTransaction } from '@lienthong/event-store';
import { CommandPipeline } from '@lienthong/messaging';
import { type Actor, AuditTrail, EVENT_STORE, ProblemException } from '@lienthong/platform';
import { monthOf } from '../domain/errors';
import { type BeneficiaryCommand, type BeneficiaryData, beneficiaryDecider } from './domain/beneficiary.decider';
import { beneficiaryStream } from '../funeral-allowance/claims.service';

import type { BeneficiaryDto, BeneficiaryImportRowDto } from './beneficiaries.dto';

interface BeneficiaryRow {
  beneficiary_id: string;
  personal_id: string;
  full_name: string;
  category: string;
  monthly_allowance: string;
  start_date: string;
  commune_code: string | null;
  status: 'active' | 'stopped';
  stopped_from_month: string | null;
  stop_reason: { code: string; message: string } | null;
  version: number;
}

type Problem = { field: string; message: string };

@Injectable()
export class Beneficiaries {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly audit: AuditTrail,
    private readonly pipeline: CommandPipeline,
  ) {}

  /**
   * All or nothing: every row is checked first, then all are registered in one transaction,
   * with the audit record when an administrator imports over HTTP (the CLI passes no actor).
   */
  async import(rows: BeneficiaryImportRowDto[], actor?: Actor): Promise<{ personalId: string; beneficiaryId: string }[]> {
    return this.store.transaction(async (tx) => {
      const problems = await this.check(tx, rows);
      if (problems.length > 0) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'IMPORT_REJECTED', `${problems.length} problem(s); nothing was imported.`, problems);
      }
      const now = new Date().toISOString();
      const done: { personalId: string; beneficiaryId: string }[] = [];
      for (const row of rows) {
        const data: BeneficiaryData = {
          beneficiaryId: row.beneficiaryId ?? `BTXH-${randomUUID()}`,
          personalId: row.personalId,
          fullName: row.fullName,
          category: row.category,
          monthlyAllowance: { value: row.monthlyAllowance, currency: 'VND' },
          startDate: row.startDate,
          ...(row.communeCode === undefined ? {} : { communeCode: row.communeCode }),
          ...(row.scheme === undefined ? {} : { scheme: row.scheme }),
          ...(row.provinceCode === undefined ? {} : { provinceCode: row.provinceCode }),
        };
        await this.register(tx, data, now, actor?.principal.subject ?? 'import');
        if (row.stoppedFromMonth && row.stopReason) {
          const stop: BeneficiaryCommand = { type: 'StopMonthlyAllowance', data: { fromMonth: row.stoppedFromMonth, reason: { ...row.stopReason } } };
          await this.pipeline.runIn(tx, { streamId: beneficiaryStream(data.beneficiaryId), decider: beneficiaryDecider, command: stop, ctx: { now }, metadata: { actor: actor?.principal.subject ?? 'import' } });
        }
        done.push({ personalId: data.personalId, beneficiaryId: data.beneficiaryId });
      }
      if (actor) await this.audit.recordBy(actor, { action: 'beneficiaries.import', details: { beneficiaries: done.length } }, tx);
      return done;
    });
  }

  /** The dev seed: registers whoever is not registered yet (so a second start changes nothing). */
  async seed(list: BeneficiaryData[]): Promise<number> {
    return this.store.transaction(async (tx) => {
      const known = await tx.query<{ personal_id: string }>('SELECT personal_id FROM sp_beneficiaries WHERE personal_id = ANY($1)', [list.map((b) => b.personalId)]);
      const skip = new Set(known.map((k) => k.personal_id));
      const now = new Date().toISOString();
      const missing = list.filter((b) => !skip.has(b.personalId));
      for (const b of missing) await this.register(tx, b, now, 'dev-seed');
      return missing.length;
    });
  }

  async get(personalId: string): Promise<BeneficiaryDto | undefined> {
    const [r] = await this.store.transaction((tx) => tx.query<BeneficiaryRow>('SELECT * FROM sp_beneficiaries WHERE personal_id = $1', [personalId]));
    if (!r) return undefined;
    return {
      beneficiaryId: r.beneficiary_id,
      personalId: r.personal_id,
      fullName: r.full_name,
      category: r.category,
      monthlyAllowance: { value: Number(r.monthly_allowance), currency: 'VND' },
      startDate: r.start_date,
      ...(r.commune_code === null ? {} : { communeCode: r.commune_code }),
      status: r.status,
      ...(r.stopped_from_month ? { stoppedFromMonth: r.stopped_from_month } : {}),
      ...(r.stop_reason ? { stopReason: r.stop_reason } : {}),
      version: r.version,
    };
  }

  private async register(tx: EventStoreTransaction, data: BeneficiaryData, now: string, actor: string): Promise<void> {
    await this.pipeline.runIn(tx, { streamId: beneficiaryStream(data.beneficiaryId), decider: beneficiaryDecider, command: { type: 'RegisterBeneficiary', data }, ctx: { now }, metadata: { actor } });
  }

  private async check(tx: EventStoreTransaction, rows: BeneficiaryImportRowDto[]): Promise<Problem[]> {
    const problems: Problem[] = [];
    const at = (i: number, field: string, message: string) => problems.push({ field: `beneficiaries.${i}.${field}`, message });
    const firstRow = new Map<string, number>();
    const firstId = new Map<string, number>();
    rows.forEach((row, i) => {
      const dupe = firstRow.get(row.personalId);
      if (dupe !== undefined) at(i, 'personalId', `${row.personalId} is also in row ${dupe}`);
      else firstRow.set(row.personalId, i);
      if (row.beneficiaryId !== undefined) {
        const d = firstId.get(row.beneficiaryId);
        if (d !== undefined) at(i, 'beneficiaryId', `${row.beneficiaryId} is also in row ${d}`);
        else firstId.set(row.beneficiaryId, i);
      }
      if (row.stoppedFromMonth !== undefined && row.stoppedFromMonth < monthOf(row.startDate)) {
        at(i, 'stoppedFromMonth', `${row.stoppedFromMonth} is before the allowance started (${row.startDate})`);
      }
    });
    const known = await tx.query<{ personal_id: string; beneficiary_id: string }>(
      'SELECT personal_id, beneficiary_id FROM sp_beneficiaries WHERE personal_id = ANY($1) OR beneficiary_id = ANY($2)',
      [rows.map((r) => r.personalId), rows.flatMap((r) => (r.beneficiaryId ? [r.beneficiaryId] : []))],
    );
    rows.forEach((row, i) => {
      const byPerson = known.find((k) => k.personal_id === row.personalId);
      if (byPerson) at(i, 'personalId', `${row.personalId} is already a beneficiary (${byPerson.beneficiary_id})`);
      const byId = row.beneficiaryId !== undefined && known.find((k) => k.beneficiary_id === row.beneficiaryId && k.personal_id !== row.personalId);
      if (byId) at(i, 'beneficiaryId', `${row.beneficiaryId} is already used`);
    });
    return problems.sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
  }
}
