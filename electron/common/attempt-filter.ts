/** What the admin screen asks of the attempt log, and what it gets back (rows as the log keeps them). */
export interface AttemptFilter {
  since?: string | undefined;
  until?: string | undefined;
  decision?: 'granted' | 'denied' | 'error' | undefined;
  code?: string | undefined;
  user?: string | undefined;
  limit: number;
  offset: number;
}

export interface AttemptListRow {
  id: number;
  createdAt: string;
  source: string;
  decision: string;
  code: string;
  userId?: string;
  userName?: string;
  confidence?: number;
  latencyMs: number;
  online: boolean;
  doorOpened: boolean;
  syncState: string;
  detail?: string;
}

export interface AttemptPage {
  rows: AttemptListRow[];
  /** Rows matching the filter, all pages together. */
  total: number;
}
