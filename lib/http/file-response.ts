import "server-only";

/** A PDF as a download. */
export function pdfResponse({ fileName, pdf }: { fileName: string; pdf: Buffer }) {
  return new Response(new Uint8Array(pdf), { headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"` } });
}
