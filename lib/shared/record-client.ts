import type { CallDetail, OutcomeCounts } from "./call-detail";
import type { FailureReasonRows } from "./call-rows";
import { getChecked } from "./api-client";
import { isCallDetail, isFailureReasonRows, isOutcomeCounts } from "./record-checks";

// The browser side of the routes only the call dialog and the failure-reason and Outcomes panels
// read: apart from api-client.ts so that it loads with them, on first use, not with the page.

/** GET /api/.../calls/{jobId}. */
export const fetchCallDetail = (url: string): Promise<CallDetail> => getChecked(url, isCallDetail);

/** GET /api/.../outcomes. */
export const fetchOutcomes = (url: string): Promise<OutcomeCounts> => getChecked(url, isOutcomeCounts);

/** GET /api/.../failures. */
export const fetchFailureReasons = (url: string): Promise<FailureReasonRows> => getChecked(url, isFailureReasonRows);
