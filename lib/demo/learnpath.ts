import { learners } from "./learnpath-journeys";
import { demoProject, LEARNPATH_SLUG } from "./projects";
import type { DemoDataset, DemoDatasetOptions, EventRow, PersonRow } from "./types";

/**
 * LearnPath Academy: every journey page becomes an event named after the page, without a clock (occurred_at null),
 * numbered by `position` across the learner's sessions in order, exactly as the journey importer stores the same rows.
 */
export function learnpathDataset(options: DemoDatasetOptions): DemoDataset {
  return {
    ...demoProject(LEARNPATH_SLUG),
    files: [
      {
        kind: "demo:journeys",
        fileName: "demo generator: learnpath journeys",
        people: function* (): Generator<PersonRow> {
          for (const learner of learners(options)) {
            const signup = new Date(learner.signupAt);
            yield {
              personId: learner.personId,
              firstSeen: signup,
              signupAt: signup,
              plan: learner.plan,
              properties: { sessions: learner.sessions.length },
            };
          }
        },
        events: function* (): Generator<EventRow> {
          for (const learner of learners(options)) {
            let position = 0;
            for (const { sessionId, pages } of learner.sessions) {
              for (const page of pages) yield { personId: learner.personId, name: page, occurredAt: null, sessionId, position: ++position };
            }
          }
        },
      },
    ],
  };
}
