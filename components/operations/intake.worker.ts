import type { IntakeReply, IntakeRequest } from "./intake-messages";
import { runIntake } from "./intake-run";

// The contacts intake, off the page's thread: a 100,000-row file takes seconds to check, and the page must stay live.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<IntakeRequest>) => void) | null;
  postMessage: (message: IntakeReply) => void;
};

scope.onmessage = (event) => {
  void runIntake(event.data, (rows) => scope.postMessage({ type: "progress", rows })).then((outcome) =>
    scope.postMessage({ type: "done", outcome }),
  );
};
