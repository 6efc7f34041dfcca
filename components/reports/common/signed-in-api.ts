/** Where a report's client parts fetch from, and what they may offer (report-api.tsx). */
export type ReportApi = { base: string; csv: boolean; people: boolean; timelines?: string };

/** What a signed-in viewer's report parts use; plain, so that server components may call it too. */
export function signedInApi(slug: string): ReportApi {
  return { base: `/api/v1/projects/${slug}/reports`, csv: true, people: true, timelines: `/p/${slug}/people` };
}
