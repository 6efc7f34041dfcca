import { describe, expect, it } from "vitest";
import { previewUpload } from "@/lib/ingest/preview";

describe("upload preview", () => {
  it("offers a campaign file's variant and holdout columns for their fields", () => {
    const file = "campaign_id,ab_variant,is_holdout,user_id,sent_at\nspring,Subject A,no,u1,2026-03-03 08:00\nspring,,yes,u2,2026-03-03 08:00\n";
    const preview = previewUpload(Buffer.from(file), true, { kind: "campaign-sends" }, "UTC");
    expect(preview.mapping).toMatchObject({ campaign: "campaign_id", variant: "ab_variant", holdout: "is_holdout", person: "user_id", sent: "sent_at" });
    expect(preview.fields.filter((f) => ["variant", "holdout"].includes(f.field))).toEqual([
      { field: "variant", label: "variant", required: false, constantAllowed: true, help: "the A/B variant, for example a subject line" },
      {
        field: "holdout", label: "holdout flag", required: false, constantAllowed: false,
        help: "yes for a person of the audience deliberately not sent, to compare with; their sent time is when they would have been sent",
      },
    ]);
    expect(preview.problems).toEqual([]);
  });
});
