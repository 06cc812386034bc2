/**
 * What the case engine uses of the other engine cores: forms, file links, documents and bureau
 * connectors are registered before the cases plugin (its fastify-plugin dependencies say so) and
 * used as they are — no second copy of their rules here. Ratings are registered after cases (they
 * build on `app.cases`), so they are read at call time.
 */
import type { FastifyInstance } from 'fastify';
import type { RatingView } from '@dz/contracts';
import type { ResolvedForm } from '../forms/forms.service.js';

export type ResolvedFormLike = ResolvedForm;

export class EnginePorts {
  constructor(private readonly app: FastifyInstance) {}
  get forms() {
    return this.app.forms;
  }
  get fileLinks() {
    return this.app.fileLinks;
  }
  get documents() {
    return this.app.documents;
  }
  get bureaus() {
    return this.app.bureaus;
  }
  ratings(caseId: number): Promise<RatingView[]> {
    return this.app.ratings.forCase(caseId);
  }
}
