export interface RecordedRequest {
  method: string;
  path: string;
  rawUrl: string;
  query: Record<string, string | string[]>;
  headerNames: string[];
  workspaceId: string | null;
  // A label such as "account-0", never the key itself.
  keyLabel: string;
  batchId: string | null;
  at: number;
  status: number | null;
}

export interface RequestStats {
  requests: number;
  byBatch: Record<string, number>;
  byKey: Record<string, number>;
  byStatus: Record<string, number>;
}

export interface RequestLog {
  record(entry: RecordedRequest): void;
  // Called once the response status is known; hung or reset requests keep status null.
  settle(entry: RecordedRequest, status: number): void;
  last(limit: number): RecordedRequest[];
  stats(): RequestStats;
  reset(): void;
}

export const REQUEST_LOG_CAPACITY = 5000;

export function createRequestLog(capacity = REQUEST_LOG_CAPACITY): RequestLog {
  let ring: (RecordedRequest | undefined)[] = new Array<RecordedRequest | undefined>(capacity);
  let written = 0;
  let counters = emptyCounters();

  return {
    record(entry) {
      ring[written % capacity] = entry;
      written += 1;
      counters.requests += 1;
      increment(counters.byKey, entry.keyLabel);
      if (entry.batchId !== null) increment(counters.byBatch, entry.batchId);
    },
    settle(entry, status) {
      entry.status = status;
      increment(counters.byStatus, String(status));
    },
    last(limit) {
      const count = Math.min(limit, written, capacity);
      const entries: RecordedRequest[] = [];
      for (let offset = written - count; offset < written; offset += 1) {
        const entry = ring[offset % capacity];
        if (entry) entries.push(entry);
      }
      return entries;
    },
    stats: () => ({
      requests: counters.requests,
      byBatch: Object.fromEntries(counters.byBatch),
      byKey: Object.fromEntries(counters.byKey),
      byStatus: Object.fromEntries(counters.byStatus),
    }),
    reset() {
      ring = new Array<RecordedRequest | undefined>(capacity);
      written = 0;
      counters = emptyCounters();
    },
  };
}

// Maps, because batch ids come from URLs and "__proto__" must count like any other id.
function emptyCounters() {
  return {
    requests: 0,
    byBatch: new Map<string, number>(),
    byKey: new Map<string, number>(),
    byStatus: new Map<string, number>(),
  };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
