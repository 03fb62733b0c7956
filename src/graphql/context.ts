import type { ImportService } from '../modules/ingest/import.service';
import type { StatusService } from '../modules/status/status.service';

/** The services a request may use; built once in the composition root and handed to each request. */
export interface Services {
  imports: ImportService;
  status: StatusService;
}

export interface RequestContext {
  services: Services;
}
