/**
 * All SQL of 在线报装 / 燃气报装. Since migration 0012 an installation is a row of the engine's
 * `cases` (kind `installation`) with its timeline in `case_events`; this repository speaks the
 * installation's own shape (`InstallationRow`) so the service keeps its logic, and maps it onto
 * the case columns: form → data_enc, install_no → partner_ref, steps / lastError / attachments →
 * result (JSON), the company's status → the engine's (processing = accepted).
 */
import type { ApplicationStatus, AttachmentRef, InstallType } from '@dz/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { CasesTable, DB } from '../../db/schema.js';
import { INSTALLATION_KIND } from '../engine/cases/cases.repository.js';

/** The installation forms are defined in code (contracts), not by the form designer: version 0 at the city. */
const FORM_SITE = '511700';
const WORKFLOW = 'installation';

type CaseStatus = CasesTable['status'];
const TO_CASE: Record<ApplicationStatus, CaseStatus> = { draft: 'draft', submitted: 'submitted', processing: 'accepted', completed: 'completed', rejected: 'rejected' };
const TO_APPLICATION: Record<CaseStatus, ApplicationStatus> = { draft: 'draft', submitted: 'submitted', accepted: 'processing', supplement: 'processing', completed: 'completed', rejected: 'rejected', withdrawn: 'rejected' };

export const caseStatusOf = (s: ApplicationStatus): CaseStatus => TO_CASE[s];

/** An installation as the service sees it (JSON columns kept as text, as they were in `applications`). */
export interface InstallationRow {
  id: number;
  application_no: string;
  user_id: number;
  type: InstallType;
  title: string;
  status: ApplicationStatus;
  /** Engine status as stored (for the timeline). */
  case_status: CaseStatus;
  install_no: string | null;
  /** JSON ApplicationStep[] */
  steps: string;
  last_error: string | null;
  /** JSON AttachmentRef[] */
  attachments: string;
  site_code: string;
  created_at: string;
  submitted_at: string | null;
  updated_at: string;
}
export interface InstallationWithForm extends InstallationRow {
  form_enc: string;
}

/** What lists read: no encrypted data. */
const LIST_COLUMNS = ['id', 'case_no', 'user_id', 'form_code', 'title', 'status', 'partner_ref', 'result', 'site_code', 'created_at', 'submitted_at', 'updated_at'] as const;
type ListCase = Pick<Selectable<CasesTable>, (typeof LIST_COLUMNS)[number]>;

interface Result {
  steps: unknown[];
  lastError: string | null;
  attachments: AttachmentRef[];
}
const resultOf = (r: InstallationRow): string => JSON.stringify({ steps: JSON.parse(r.steps) as unknown[], lastError: r.last_error, attachments: JSON.parse(r.attachments) as AttachmentRef[] } satisfies Result);

function toRow(c: ListCase): InstallationRow {
  const res = (c.result ? JSON.parse(c.result) : {}) as Partial<Result>;
  return {
    id: Number(c.id),
    application_no: c.case_no,
    user_id: c.user_id,
    type: c.form_code.replace(/^install-/, '') as InstallType,
    title: c.title,
    status: TO_APPLICATION[c.status],
    case_status: c.status,
    install_no: c.partner_ref,
    steps: JSON.stringify(res.steps ?? []),
    last_error: res.lastError ?? null,
    attachments: JSON.stringify(res.attachments ?? []),
    site_code: c.site_code,
    created_at: c.created_at,
    submitted_at: c.submitted_at,
    updated_at: c.updated_at,
  };
}

export interface InstallationEvent {
  caseId: number;
  action: string;
  from: CaseStatus | null;
  to: CaseStatus | null;
  actor: { type: 'citizen' | 'partner' | 'system'; id: number | null; name: string | null };
  comment?: string | null;
  detail?: Record<string, unknown> | null;
  at: string;
}

export class ApplicationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private installations() {
    return this.db.selectFrom('cases').where('kind', '=', INSTALLATION_KIND);
  }

  /**
   * The user's installation by id. An id from before migration 0012 that had to change (an engine
   * case held it) is followed through `applications_legacy.case_id`, so an old link still opens.
   */
  async findOwned(userId: number, id: number): Promise<InstallationWithForm | undefined> {
    const one = (caseId: number) => this.installations().select([...LIST_COLUMNS, 'data_enc']).where('id', '=', caseId).where('user_id', '=', userId).executeTakeFirst();
    let c = await one(id);
    if (!c) {
      const moved = await this.db.selectFrom('applications_legacy').select('case_id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      if (moved?.case_id != null && Number(moved.case_id) !== id) c = await one(Number(moved.case_id));
    }
    return c ? { ...toRow(c), form_enc: c.data_enc } : undefined;
  }

  async list(userId: number, limit: number, offset: number): Promise<{ rows: InstallationRow[]; total: number }> {
    // Served by ix_cases_user (user_id, updated_at); pages are numbered (the API's contract).
    const base = this.installations().where('user_id', '=', userId);
    const [rows, count] = await Promise.all([
      base.select(LIST_COLUMNS).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toRow), total: Number(count.n) };
  }

  async insert(r: { applicationNo: string; userId: number; type: InstallType; title: string; siteCode: string; formEnc: string; attachments: string; at: string }): Promise<number> {
    const res = await this.db
      .insertInto('cases')
      .values({
        case_no: r.applicationNo,
        user_id: r.userId,
        site_code: r.siteCode,
        kind: INSTALLATION_KIND,
        title: r.title,
        status: 'draft',
        form_code: `install-${r.type}`,
        form_site: FORM_SITE,
        form_version: 0,
        workflow_code: WORKFLOW,
        workflow_site: FORM_SITE,
        workflow_version: 0,
        data_enc: r.formEnc,
        result: JSON.stringify({ steps: [], lastError: null, attachments: JSON.parse(r.attachments) as AttachmentRef[] } satisfies Result),
        created_at: r.at,
        updated_at: r.at,
      })
      .executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  /** Writes the draft's form and images. */
  async saveDraft(row: InstallationRow, formEnc: string, attachments: string, at: string): Promise<void> {
    await this.db
      .updateTable('cases')
      .set({ data_enc: formEnc, result: resultOf({ ...row, attachments }), updated_at: at })
      .where('id', '=', row.id)
      .where('kind', '=', INSTALLATION_KIND)
      .execute();
  }

  /**
   * Stores the installation's new state (`next` is the whole row after the change); a status
   * change bumps the case's version and stamps accepted / completed like the engine does.
   */
  async update(prev: InstallationRow, next: InstallationRow): Promise<void> {
    const status = TO_CASE[next.status];
    const moved = status !== prev.case_status;
    await this.db
      .updateTable('cases')
      .set((eb) => ({
        status,
        partner_ref: next.install_no,
        handoff: next.install_no ? 'done' : 'none',
        result: resultOf(next),
        submitted_at: next.submitted_at,
        updated_at: next.updated_at,
        ...(moved && (status === 'accepted' || status === 'completed') && prev.case_status !== 'accepted' ? { accepted_at: next.updated_at } : {}),
        ...(moved && (status === 'completed' || status === 'rejected') ? { completed_at: next.updated_at } : {}),
        ...(moved ? { version: eb('version', '+', 1) } : {}),
      }))
      .where('id', '=', prev.id)
      .where('kind', '=', INSTALLATION_KIND)
      .execute();
  }

  async insertEvent(e: InstallationEvent): Promise<void> {
    await this.db
      .insertInto('case_events')
      .values({
        case_id: e.caseId,
        action: e.action,
        from_status: e.from,
        to_status: e.to,
        step_name: null,
        actor_type: e.actor.type,
        actor_id: e.actor.id,
        actor_name: e.actor.name,
        comment: e.comment ?? null,
        detail: e.detail ? JSON.stringify(e.detail) : null,
        created_at: e.at,
      })
      .execute();
  }

  /** Deletes a draft and its timeline (only while it is still a draft); true when deleted. */
  async deleteDraft(id: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('cases').where('id', '=', id).where('kind', '=', INSTALLATION_KIND).where('status', '=', 'draft').executeTakeFirst();
      if (Number(r.numDeletedRows) !== 1) return false;
      await trx.deleteFrom('case_events').where('case_id', '=', id).execute();
      return true;
    });
  }
}
